"""A real Celery worker (solo pool, in a thread) against the real Redis renders real PDFs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from lgl_portal.audit.models import AuditEntry
from lgl_portal.celery import app as celery_app
from meetings.documents import services
from meetings.documents.models import DocumentJob
from meetings.documents.tasks import render_document, requeue_pending_documents
from tests.documents.pdfcheck import CLOSED_PORT_BROKER, archival_facts, broker_at, pdf_text
from tests.factories.documents import CONFIDENTIAL_TEXT, protocol_meeting
from tests.factories.groups import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_until_finished(job_id: int, *, seconds: float = 60) -> DocumentJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = DocumentJob.objects.get(pk=job_id)
        if job.status in (DocumentJob.Status.DONE, DocumentJob.Status.FAILED):
            return job
        time.sleep(0.1)
    pytest.fail(f"Jobb {job_id} blev aldrig klart: {DocumentJob.objects.get(pk=job_id).status}")


def request_protocol(meeting: Any, kind: str = DocumentJob.Kind.PROTOCOL) -> DocumentJob:
    with transaction.atomic():
        return services.document_request(acting_user=UserFactory(), kind=kind, meeting=meeting)


def test_the_worker_renders_an_archival_tagged_swedish_protocol(worker: Any) -> None:
    meeting = protocol_meeting(paragraphs=5)
    job = wait_until_finished(request_protocol(meeting).pk)
    assert job.status == DocumentJob.Status.DONE, job.error
    data = job.file.read()

    text = " ".join(pdf_text(data).split())
    for expected in (
        "Anna Hasselbom Trofast",
        "Johanna Fors",
        "Helene Wendell",
        "Åsa Öberg",
        "§ 26",
        "§ 30",
        "Beslut 26: uppdragsbeskrivningen godkänns.",
        "Beslut 30: uppdragsbeskrivningen godkänns.",
        "Justeringens plats och tid",
        "Anslag/bevis",
        "Sida 1 av",
        "Förstärkt gemensam systemledning ska ge närmre samverkan",
    ):
        assert expected in text, expected
    assert all(ch in text for ch in "åäöÅÖ")

    facts = archival_facts(data)
    assert 'pdfaid:part="2"' in facts["xmp"] and 'pdfaid:conformance="A"' in facts["xmp"]
    assert facts["marked"] and facts["struct_tree"] and facts["output_intent"]
    # Screen readers get headings, tables with header cells and lists, not just marked text.
    assert {"/Document", "/H1", "/H2", "/H3", "/Table", "/TH", "/L", "/LI"} <= facts["struct_types"]
    assert facts["lang"] == "sv"
    assert facts["title"] == "Protokoll – Länsgemensam ledning i samverkan 2023-09-29"
    assert facts["fonts"] and all(f["embedded"] for f in facts["fonts"])
    # The shipped DejaVu files under the family name of the print CSS, subset and embedded.
    assert "LGL-Doc" in " ".join(f["name"] for f in facts["fonts"])
    assert facts["pages"] == job.page_count


def test_the_public_version_has_no_trace_of_a_confidential_paragraph(worker: Any) -> None:
    meeting = protocol_meeting(paragraphs=4)
    job = wait_until_finished(request_protocol(meeting, DocumentJob.Kind.PUBLIC_PROTOCOL).pk)
    assert job.status == DocumentJob.Status.DONE, job.error
    text = " ".join(pdf_text(job.file.read()).split())
    assert "§ 28 Nära vård – gemensam plan för primärvården, del 3" in text
    assert "26 kap. 1 § offentlighets- och sekretesslagen" in text
    for secret in (CONFIDENTIAL_TEXT, "Hemligt beslut", "2023/999", "Högsby"):
        assert secret not in text


def test_a_job_enqueued_twice_is_rendered_once(worker: Any) -> None:
    meeting = protocol_meeting(paragraphs=2)
    job = request_protocol(meeting)
    render_document.delay(job.pk)
    render_document.delay(job.pk)
    job = wait_until_finished(job.pk)
    # Let the duplicate messages reach the worker too: they must find the row claimed or finished.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with celery_app.connection_for_write() as conn:
            if conn.default_channel.client.llen("celery") == 0:
                break
        time.sleep(0.1)
    time.sleep(1)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.DONE
    assert job.attempts == 1
    assert AuditEntry.objects.filter(action="document.done", target_id=str(job.pk)).count() == 1


def test_a_failing_job_ends_failed_with_its_message_in_the_worker(worker: Any) -> None:
    meeting = protocol_meeting(paragraphs=1)
    with transaction.atomic():
        job = DocumentJob.objects.create(kind=DocumentJob.Kind.EXTRACT, meeting=meeting)
        transaction.on_commit(lambda: services.document_enqueue(job_id=job.pk))
    job = wait_until_finished(job.pk)
    assert job.status == DocumentJob.Status.FAILED
    assert job.error == "Protokollsutdraget saknas."


def test_with_the_broker_down_the_request_stays_queued_and_the_beat_sends_it_later(worker: Any) -> None:
    meeting = protocol_meeting(paragraphs=2)
    with broker_at(CLOSED_PORT_BROKER):
        job = request_protocol(meeting)  # the on_commit enqueue fails inside and is swallowed
        assert services.document_enqueue(job_id=job.pk) is False
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.PENDING

    # A minute later the beat task finds the row and the worker renders it.
    DocumentJob.objects.filter(pk=job.pk).update(updated_at=job.created_at.replace(year=2000))
    assert requeue_pending_documents() == 1
    job = wait_until_finished(job.pk)
    assert job.status == DocumentJob.Status.DONE, job.error


@pytest.fixture
def prefork_worker(media: None, settings: Any, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A separate `celery worker` process with a prefork child, on the test database and the test Redis."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "LGL_MEDIA_ROOT": settings.MEDIA_ROOT,
        "LGL_VAR_DIR": str(tmp_path / "var"),
    }
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    command = [sys.executable, "-m", "celery", "-A", "lgl_portal", "worker", "--pool=prefork", "--concurrency=1"]
    command += ["--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"]
    process = subprocess.Popen(
        command,
        env=env,
        cwd=str(Path(__file__).resolve().parents[2]),
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(x) for x in text]
    return found


def test_a_worker_killed_mid_render_loses_nothing_the_job_still_ends_done(prefork_worker: subprocess.Popen) -> None:
    # Long enough that the render is surely still running when the child is killed.
    meeting = protocol_meeting(paragraphs=120)
    job = request_protocol(meeting)
    deadline = time.monotonic() + 60
    while DocumentJob.objects.get(pk=job.pk).status != DocumentJob.Status.RENDERING:
        assert time.monotonic() < deadline, "the worker never started the job"
        time.sleep(0.05)
    children = _children(prefork_worker.pid)
    assert children, "the prefork worker has no child process"
    for child in children:
        os.kill(child, signal.SIGKILL)

    job = wait_until_finished(job.pk, seconds=180)
    assert job.status == DocumentJob.Status.DONE, job.error
    # The first attempt died with its child; the redelivered message (same task id) took the row over.
    assert job.attempts == 2
    assert "§ 145" in pdf_text(job.file.read())
