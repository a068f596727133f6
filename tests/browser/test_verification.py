"""/verifiera/ in Chromium as an anonymous visitor: verdicts for a sealed, a modified and an unrelated PDF."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest

from meetings.documents import services
from meetings.documents.models import DocumentJob
from tests.browser_support import axe_violations
from tests.documents.conftest import media, worker  # noqa: F401 - fixtures
from tests.documents.seal_support import dev_seal, dev_seal_dir  # noqa: F401 - fixtures
from tests.factories.documents import protocol_meeting
from tests.factories.groups import UserFactory
from tests.verification.support import sealed_public_protocol, unsealed_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_no_axe_violations(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def public_pdf_from_the_worker() -> bytes:
    """The public version of a justerat protocol, rendered and sealed by the real worker."""
    meeting = protocol_meeting(paragraphs=3)
    job = services.document_request(acting_user=UserFactory(), kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting=meeting)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == DocumentJob.Status.DONE:
            return job.file.read()
        assert job.status != DocumentJob.Status.FAILED, job.error
        time.sleep(0.1)
    pytest.fail("Den offentliga versionen blev aldrig klar")


def check_file(page: Any, live_server: Any, path: Path) -> str:
    page.goto(f"{live_server.url}/verifiera/")
    page.get_by_label("PDF-fil").set_input_files(str(path))
    page.get_by_role("button", name="Kontrollera filen").click()
    page.wait_for_load_state()
    return " ".join(page.locator("main").inner_text().split())


def test_an_anonymous_visitor_checks_a_sealed_a_modified_and_an_unrelated_pdf(
    dev_seal: Path,  # noqa: F811
    worker: Any,  # noqa: F811
    live_server: Any,
    page: Any,
    tmp_path: Path,
) -> None:
    sealed = public_pdf_from_the_worker()
    original = tmp_path / "protokoll.pdf"
    original.write_bytes(sealed)
    text = check_file(page, live_server, original)
    assert "Resultat: Äkta och oförändrad" in text
    assert "Det här är den offentliga versionen av det justerade protokollet från sammanträdet med" in text
    assert "den 29 september 2023, version 1" in text
    assert_no_axe_violations(page)

    changed = bytearray(sealed)
    changed[len(sealed) // 3] ^= 0x01
    modified = tmp_path / "protokoll-andrat.pdf"
    modified.write_bytes(bytes(changed))
    text = check_file(page, live_server, modified)
    assert "Resultat: Ändrad efter förseglingen" in text
    assert "Lita inte på den här kopian" in text

    unrelated = tmp_path / "annat.pdf"
    unrelated.write_bytes(unsealed_pdf())
    text = check_file(page, live_server, unrelated)
    assert "Resultat: Okänd för portalen" in text
    assert_no_axe_violations(page)


def test_a_large_file_and_a_non_pdf_are_refused_in_swedish(live_server: Any, page: Any, tmp_path: Path) -> None:
    big = tmp_path / "stor.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * (25 * 1024 * 1024))
    text = check_file(page, live_server, big)
    assert "Filen är för stor (25.0 MB). Största tillåtna storlek är 20 MB." in text
    assert_no_axe_violations(page)

    notes = tmp_path / "anteckningar.txt"
    notes.write_text("Inget protokoll", encoding="utf-8")
    text = check_file(page, live_server, notes)
    assert "Filtypen .txt är inte tillåten. Tillåtna typer: .pdf." in text


def test_the_page_fits_320_pixels_with_a_verdict_and_works_without_javascript(
    dev_seal: Path,  # noqa: F811
    live_server: Any,
    browser: Any,
) -> None:
    _meeting, sealed = sealed_public_protocol()
    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 800}, java_script_enabled=False)
    narrow = context.new_page()
    narrow.goto(f"{live_server.url}/verifiera/")
    narrow.get_by_label("Kontrollsumma (sha256)").fill(hashlib.sha256(sealed).hexdigest())
    narrow.get_by_role("button", name="Kontrollera summan").click()
    narrow.wait_for_load_state()
    assert "Resultat: Äkta och oförändrad" in narrow.locator("main").inner_text()
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
