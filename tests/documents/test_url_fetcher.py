"""Issue 15: WeasyPrint fetched any URL or file a rendered document named. Now only the project's static files
(and the document's own files) load: a stored image pointing at a local server or /etc/passwd is not fetched."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from meetings.documents.rendering import fetch_allowed, html_to_pdf


class _Counting(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Counting.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def server() -> tuple[str, list[str]]:
    _Counting.hits = []
    httpd = HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", _Counting.hits
    httpd.shutdown()


def _hostile(base: str) -> str:
    return (
        "<html lang='sv'><head><title>T</title>"
        f"<link rel='stylesheet' href='{base}/stil.css'></head><body><h1>Protokoll</h1>"
        f"<img src='{base}/bild.png' alt='x'><img src='file:///etc/passwd' alt='y'>"
        f"<p style=\"background: url('{base}/bakgrund.png')\">Text</p></body></html>"
    )


def test_a_stored_image_on_a_local_server_or_a_system_file_is_not_fetched(server: tuple[str, list[str]]) -> None:
    base, hits = server
    pdf, pages = html_to_pdf(_hostile(base))
    assert pages == 1 and pdf.startswith(b"%PDF")
    assert hits == []
    assert b"root:" not in pdf


def test_the_check_fails_without_the_fetcher_so_it_can_fail(server: tuple[str, list[str]]) -> None:
    """Control: WeasyPrint's own fetcher does reach the server with the same HTML."""
    import weasyprint

    base, hits = server
    weasyprint.HTML(string=_hostile(base)).write_pdf()
    assert hits  # the default fetcher went out to the network


def test_project_static_files_and_the_documents_own_files_are_allowed(tmp_path: Path) -> None:
    font = Path(settings.STATICFILES_DIRS[0]) / "fonts"
    some_font = next(font.glob("*.ttf"))
    assert fetch_allowed(some_font.as_uri())
    assert not fetch_allowed("file:///etc/passwd")
    assert not fetch_allowed((Path(settings.STATICFILES_DIRS[0]) / ".." / ".env").resolve().as_uri())
    assert not fetch_allowed("http://127.0.0.1:8000/static/print.css")
    own = tmp_path / "bilaga.png"
    own.write_bytes(b"x")
    assert not fetch_allowed(own.as_uri())
    assert fetch_allowed(own.as_uri(), own_files=[own])


def test_the_fonts_still_load_from_static(tmp_path: Path) -> None:
    pdf, _pages = html_to_pdf("<html lang='sv'><head><title>T</title></head><body><p>Åäö</p></body></html>")
    out = tmp_path / "a.pdf"
    out.write_bytes(pdf)
    fonts = set()
    for page in PdfReader(out).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVu" in f for f in fonts), fonts
