"""A real Celery worker (solo pool, in a thread) against the real Redis renders real PDFs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from lgl_portal.audit.models import AuditEntry
from lgl_portal.celery import app as celery_app
from meetings.documents import services
from meetings.documents.models import DocumentJob
from meetings.documents.tasks import render_document, requeue_pending_documents
from tests.documents.pdfcheck import CLOSED_PORT_BROKER, archival_facts, broker_at, pdf_text
from tests.factories.documents import CONFIDENTIAL_TEXT, protocol_meeting
from tests.factories.groups import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }


@pytest.fixture
def worker(media: None) -> Iterator[Any]:
    with celery_app.connection_for_write() as conn:
        # Leftovers from earlier runs would only be skipped, but they slow the first test down.
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
