"""A web page on another origin reads the open API with fetch(): OParl's CORS rule, in a real browser."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Annan webbplats</title>
<script src="/app.js"></script></head><body><h1>Klient på en annan origin</h1><output id="out"></output></body></html>
"""
SCRIPT = """
async function walk() {
  const system = await (await fetch(API + "/api/")).json();
  const bodies = await (await fetch(system.body)).json();
  const lgl = bodies.data.find((b) => b.shortName === "LGL");
  const meetings = await (await fetch(lgl.meeting, {headers: {"If-None-Match": "x"}})).json();
  document.getElementById("out").textContent = JSON.stringify({
    system: system.type, bodies: bodies.data.length, meetings: meetings.data.length,
  });
}
walk().catch((e) => { document.getElementById("out").textContent = "FEL: " + e; });
"""


@pytest.fixture
def other_origin(live_demo: Any) -> Iterator[str]:
    """A tiny server on another loopback port that serves only the client page and its script."""
    script = f"const API = {live_demo.url!r};\n" + SCRIPT

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = (script, "text/javascript") if self.path == "/app.js" else (PAGE, "text/html")
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_page_on_another_origin_reads_the_api_with_fetch(live_demo: Any, other_origin: str, page: Any) -> None:
    assert other_origin.rsplit(":", 1)[1] != live_demo.url.rsplit(":", 1)[1]
    page.goto(other_origin + "/")
    page.wait_for_function("document.getElementById('out').textContent.length > 0")
    text = page.locator("#out").text_content()
    assert not text.startswith("FEL"), text
    import json

    result = json.loads(text)
    assert result["system"] == "https://schema.oparl.org/1.1/System"
    assert result["bodies"] > 1 and result["meetings"] >= 1
