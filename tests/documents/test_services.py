from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from lgl_portal.audit.models import AuditEntry
from meetings.documents import services
from meetings.documents.models import DocumentJob
from meetings.documents.tasks import requeue_pending_documents
from tests.documents.pdfcheck import broker_at, pdf_text
from tests.factories.documents import DocDocumentJobFactory, protocol_meeting
from tests.factories.groups import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def request(meeting: Any, kind: str = DocumentJob.Kind.PROTOCOL, **kwargs: Any) -> DocumentJob:
    return services.document_request(acting_user=UserFactory(), kind=kind, meeting=meeting, **kwargs)


def _enqueues(callbacks: list) -> list:
    """The on-commit callbacks that enqueue a render; the public page cache adds its own, which are not counted."""
    return [c for c in callbacks if c.__module__ != "lgl_portal.core.cache"]


def test_a_request_records_a_pending_row_and_enqueues_after_commit(django_capture_on_commit_callbacks) -> None:
    meeting = protocol_meeting(paragraphs=2)
    with django_capture_on_commit_callbacks() as callbacks:
        job = request(meeting)
    assert job.status == DocumentJob.Status.PENDING
    assert job.protocol_version == meeting.protocol_version
    assert len(_enqueues(callbacks)) == 1
    assert AuditEntry.objects.filter(action="document.request", target_id=str(job.pk)).exists()


def test_asking_twice_while_pending_returns_the_same_row(django_capture_on_commit_callbacks) -> None:
    meeting = protocol_meeting(paragraphs=2)
    with django_capture_on_commit_callbacks():
        first = request(meeting)
        second = request(meeting)
    assert first.pk == second.pk
    assert DocumentJob.objects.count() == 1


def test_a_public_version_of_an_unjusterat_protocol_is_refused_in_swedish() -> None:
    meeting = protocol_meeting(paragraphs=1, locked=False)
    with pytest.raises(ValidationError) as exc:
        request(meeting, DocumentJob.Kind.PUBLIC_PROTOCOL)
    assert "justerat" in exc.value.message_dict["kind"][0]


def test_rendering_claims_the_row_and_stores_a_pdf() -> None:
    meeting = protocol_meeting(paragraphs=3)
    job = DocDocumentJobFactory(meeting=meeting)
    done = services.document_render(job_id=job.pk)
    assert done.status == DocumentJob.Status.DONE
    assert done.attempts == 1 and done.page_count and done.content_hash
    text = pdf_text(done.file.read())
    assert "§ 26" in text and "Anna Hasselbom Trofast" in text


def test_a_second_render_of_a_finished_job_does_nothing() -> None:
    meeting = protocol_meeting(paragraphs=1)
    job = DocDocumentJobFactory(meeting=meeting)
    services.document_render(job_id=job.pk)
    assert services.document_render(job_id=job.pk) is None
    assert DocumentJob.objects.get(pk=job.pk).attempts == 1
    assert AuditEntry.objects.filter(action="document.done", target_id=str(job.pk)).count() == 1


def test_a_locked_protocols_pdf_is_the_archived_file_and_is_not_rendered_again() -> None:
    meeting = protocol_meeting(paragraphs=2)
    archived = DocDocumentJobFactory(meeting=meeting)
    services.document_render(job_id=archived.pk)
    archived.refresh_from_db()
    archived_bytes = archived.file.read()

    # Asking again returns the archived job: same content hash.
    assert request(meeting).pk == archived.pk
    # A second row for the same content (from another flow) reuses the file instead of rendering.
    again = DocDocumentJobFactory(meeting=meeting)
    services.document_render(job_id=again.pk)
    again.refresh_from_db()
    assert again.file.name == archived.file.name
    assert again.file.read() == archived_bytes
    assert AuditEntry.objects.get(action="document.done", target_id=str(again.pk)).changes["reused"] is True


def test_changed_content_gets_a_new_job_and_a_new_file(django_capture_on_commit_callbacks) -> None:
    meeting = protocol_meeting(paragraphs=2, locked=False)
    first = DocDocumentJobFactory(meeting=meeting)
    services.document_render(job_id=first.pk)
    item = meeting.items.first()
    item.decision_text = "<p>Nytt beslut efter återremiss.</p>"
    item.save()
    with django_capture_on_commit_callbacks():
        second = request(meeting)
    assert second.pk != first.pk
    services.document_render(job_id=second.pk)
    second.refresh_from_db()
    assert second.file.name != DocumentJob.objects.get(pk=first.pk).file.name
    assert "Nytt beslut efter återremiss." in pdf_text(second.file.read())


def test_a_job_that_cannot_be_rendered_ends_failed_with_a_message() -> None:
    job = DocDocumentJobFactory(kind=DocumentJob.Kind.EXTRACT, meeting=protocol_meeting(paragraphs=1), extract=None)
    services.document_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.FAILED
    assert job.error == "Protokollsutdraget saknas."
    assert job.finished_at is not None


def test_a_storage_failure_is_retried_then_ends_failed_never_stuck(settings: Any) -> None:
    meeting = protocol_meeting(paragraphs=1)
    # /proc refuses new files even for root: a real OSError from the real storage backend.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/proc/lgl"}},
    }
    job = DocDocumentJobFactory(meeting=meeting)
    with pytest.raises(services.TransientRenderError):
        services.document_render(job_id=job.pk, final_attempt=False)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.PENDING
    assert job.error.startswith("Tillfälligt fel")

    services.document_render(job_id=job.pk, final_attempt=True)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.FAILED
    assert job.attempts == 2
    assert job.error.startswith("Tillfälligt fel")


def test_a_failed_job_can_be_retried_and_only_a_failed_one(django_capture_on_commit_callbacks) -> None:
    job = DocDocumentJobFactory(status=DocumentJob.Status.FAILED, error="Något gick fel")
    with django_capture_on_commit_callbacks() as callbacks:
        services.document_retry(acting_user=UserFactory(), job=job)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.PENDING and job.error == ""
    assert len(_enqueues(callbacks)) == 1
    with pytest.raises(ValidationError):
        services.document_retry(acting_user=UserFactory(), job=job)


def test_the_beat_task_requeues_old_pending_rows_and_frees_rows_of_a_killed_worker(
    django_capture_on_commit_callbacks,
) -> None:
    meeting = protocol_meeting(paragraphs=1)
    long_ago = timezone.now() - dt.timedelta(hours=2)
    old_pending = DocDocumentJobFactory(meeting=meeting)
    fresh_pending = DocDocumentJobFactory(meeting=meeting, kind=DocumentJob.Kind.KALLELSE)
    killed = DocDocumentJobFactory(
        meeting=meeting, kind=DocumentJob.Kind.PUBLIC_PROTOCOL, status=DocumentJob.Status.RENDERING, attempts=1
    )
    busy = DocDocumentJobFactory(
        meeting=protocol_meeting(paragraphs=1), status=DocumentJob.Status.RENDERING, attempts=1
    )
    DocumentJob.objects.filter(pk=old_pending.pk).update(updated_at=long_ago)
    DocumentJob.objects.filter(pk=killed.pk).update(started_at=long_ago)
    DocumentJob.objects.filter(pk=busy.pk).update(started_at=timezone.now())

    with django_capture_on_commit_callbacks() as callbacks:
        assert requeue_pending_documents() == 2
    assert len(_enqueues(callbacks)) == 2
    killed.refresh_from_db()
    assert killed.status == DocumentJob.Status.PENDING
    assert DocumentJob.objects.get(pk=busy.pk).status == DocumentJob.Status.RENDERING
    assert DocumentJob.objects.get(pk=fresh_pending.pk).status == DocumentJob.Status.PENDING

    # The freed job now renders to the end.
    assert services.document_render(job_id=killed.pk).status == DocumentJob.Status.DONE
    assert default_storage.exists(DocumentJob.objects.get(pk=killed.pk).file.name)


def test_a_broker_that_accepts_but_never_answers_makes_enqueue_give_up_not_hang() -> None:
    job = DocDocumentJobFactory()
    # A socket that completes the TCP handshake and then stays silent, like a paused Redis.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        with broker_at(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"):
            assert services.document_enqueue(job_id=job.pk) is False
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.PENDING


def test_a_redelivered_message_takes_over_its_own_row_but_a_second_message_does_not() -> None:
    meeting = protocol_meeting(paragraphs=1)
    job = DocDocumentJobFactory(meeting=meeting, status=DocumentJob.Status.RENDERING, task_id="uppdrag-1", attempts=1)
    assert services.document_render(job_id=job.pk, task_id="uppdrag-2") is None
    done = services.document_render(job_id=job.pk, task_id="uppdrag-1")
    assert done.status == DocumentJob.Status.DONE
    assert done.attempts == 2


def test_a_status_report_wraps_the_plans_body_in_the_pdf_layout(django_capture_on_commit_callbacks) -> None:
    from tests.factories.plans import PlanFactory, WorkstreamFactory

    plan = PlanFactory(name="Gemensam plan för primärvården i länet")
    WorkstreamFactory(plan=plan, name="Kartläggning & analys av nuläge")
    params = {"plan_id": plan.pk, "organ_id": plan.owner_organ_id, "organ_name": plan.owner_organ.name}
    with django_capture_on_commit_callbacks():
        job = services.document_request(acting_user=UserFactory(), kind=DocumentJob.Kind.STATUS_REPORT, params=params)
    done = services.document_render(job_id=job.pk)
    assert done.status == DocumentJob.Status.DONE, done.error
    text = " ".join(pdf_text(done.file.read()).split())
    assert "Statusrapport: Gemensam plan för primärvården i länet" in text
    assert "Kartläggning & analys av nuläge" in text
    assert "Sida 1 av" in text


def test_a_status_report_for_a_missing_plan_fails_with_a_message() -> None:
    job = DocDocumentJobFactory(kind=DocumentJob.Kind.STATUS_REPORT, meeting=None, params={"plan_id": 987654})
    done = services.document_render(job_id=job.pk)
    assert done.status == DocumentJob.Status.FAILED
    assert "987654" in done.error
