from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command

from groups.demo import DEMO_USERS
from lgl_portal.celery import app as celery_app
from meetings.documents.models import DocumentJob
from plans.models import Workstream
from tests.browser_support import axe_violations, login_in_browser
from tests.documents.pdfcheck import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "/planer/omstallning-nara-vard/"


@pytest.fixture
def demo(transactional_db: None, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def worker(demo: None) -> Iterator[Any]:
    """A real Celery worker (solo pool, in a thread) against Redis, as the documents tests start it."""
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30) as w:
        yield w


def wait_until_finished(job_id: int, *, seconds: float = 60) -> DocumentJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = DocumentJob.objects.get(pk=job_id)
        if job.status in (DocumentJob.Status.DONE, DocumentJob.Status.FAILED):
            return job
        time.sleep(0.1)
    pytest.fail(f"Statusrapporten (jobb {job_id}) blev aldrig klar")


def test_a_status_update_shows_on_the_timeline_and_in_the_status_report_pdf(
    worker: Any, live_server: Any, page: Any
) -> None:
    login_in_browser(page, live_server, "sekreterare", DEMO_USERS["sekreterare"][0])
    page.goto(f"{live_server.url}{PLAN}")
    page.get_by_role("link", name="Uppföljning & konsekvensanalyser").first.click()
    page.get_by_role("link", name="Uppdatera status").click()
    page.get_by_label("Ny status").select_option(label="Försenad")
    page.get_by_label("Framdrift (procent)").fill("15")
    page.get_by_label("Kommentar").fill("Underlaget från kommunerna dröjer till februari.")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Statusen har uppdaterats.").is_visible()
    assert page.get_by_text("Underlaget från kommunerna dröjer till februari.").is_visible()

    page.goto(f"{live_server.url}{PLAN}tidslinje/")
    assert page.locator("svg text", has_text="Uppföljning & konsekvensanalyser – Försenad, 15 %").count() == 1
    row = page.get_by_role("row", name=re.compile("Uppföljning & konsekvensanalyser"))
    assert "Försenad" in row.inner_text() and "15 %" in row.inner_text()

    page.goto(f"{live_server.url}{PLAN}")
    page.get_by_role("button", name="Skapa statusrapport (PDF)").click()
    page.wait_for_url(re.compile(r"/dokument/\d+/$"))
    job_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    # The worker renders the job the button enqueued; the job page then offers the file.
    done = wait_until_finished(job_id)
    assert done.status == DocumentJob.Status.DONE, done.error
    response = page.request.get(f"{live_server.url}/dokument/{job_id}/fil/")
    assert response.status == 200
    # Table cells wrap: compare with the line breaks folded into spaces.
    text = " ".join(pdf_text(response.body()).split())
    assert "Statusrapport" in text
    assert "Uppföljning & konsekvensanalyser" in text and "Försenad" in text and "15 %" in text
    assert "Underlaget från kommunerna dröjer till februari." in text


def test_the_indicator_page_changes_period_without_javascript(demo: None, live_server: Any, browser: Any) -> None:
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/nyckeltal/andel-fast-lakarkontakt/")
    page.get_by_label("Period för jämförelsen mellan organisationer").select_option("2021")
    page.get_by_label("Jämför över tid med").select_option(label="Kalmar kommun")
    page.get_by_role("button", name="Visa").click()
    assert page.get_by_role("heading", name="Organisationerna sida vid sida, 2021").is_visible()
    assert page.get_by_role("columnheader", name="Kalmar kommun (%)").is_visible()
    assert page.locator("svg[role=img]").count() == 2
    context.close()


PUBLIC_PATHS = [
    "/grupper/",
    "/grupper/aldre/",
    "/planer/",
    PLAN,
    f"{PLAN}tidslinje/",
    "/nyckeltal/",
    "/nyckeltal/andel-fast-lakarkontakt/",
]


def test_the_public_plan_pages_have_no_axe_violations(demo: None, live_server: Any, page: Any) -> None:
    # One demo load for all pages: loading it per page would cost a minute of CI for nothing.
    ws = Workstream.objects.get(name="Länsgemensam kompetensförsörjningsplan Nära vård")
    found = {}
    for path in [*PUBLIC_PATHS, f"/planer/arbete/{ws.pk}/"]:
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_role("heading", level=1).count() == 1, path
        violations = axe_violations(page)
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert found == {}
