"""Writes for documents: request a PDF (the row is the outbox), render it in the worker, retry, recover.

The render itself is split into short transactions on purpose: the claim must be visible to other workers
at once, and WeasyPrint must not run while a transaction holds locks.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lgl_portal.audit.services import audit_record
from meetings.documents import registry, rendering, selectors
from meetings.documents.models import DocumentJob
from meetings.models import Meeting, ProtocolExtract

logger = logging.getLogger(__name__)

# Errors that a later attempt may not meet again: the database or the file storage was briefly away.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, OSError, TimeoutError)
# A pending row untouched this long was probably never enqueued (broker down): the beat task sends it again.
REQUEUE_PENDING_AFTER = dt.timedelta(minutes=1)
MAX_ERROR_LENGTH = 2000
# The Celery name of meetings.documents.tasks.render_document.
RENDER_TASK = "meetings.documents.tasks.render_document"


class TransientRenderError(Exception):
    """Raised to the task so Celery retries with backoff; the row is back in pending meanwhile."""


def _rendering_timeout() -> dt.timedelta:
    # A worker killed mid-render leaves the row in rendering; after the hard time limit nobody still owns it.
    return dt.timedelta(seconds=int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 600)) + 60)


def document_enqueue(*, job_id: int) -> bool:
    """Hand the job to the broker. Never raises: if Redis is down the row stays pending and the beat retries."""
    try:
        # By name, so these services need not import the task module that imports them.
        current_app.send_task(RENDER_TASK, args=(job_id,), retry=False)
    except Exception:
        logger.warning("Dokumentjobb %s kunde inte köas nu; det ligger kvar som väntande.", job_id, exc_info=True)
        return False
    return True


def _validate_target(
    *, kind: str, meeting: Meeting | None, extract: ProtocolExtract | None, params: dict[str, Any]
) -> Meeting | None:
    document_kind = registry.get(kind)
    if document_kind is None:
        raise ValidationError({"kind": _("Okänd dokumenttyp.")})
    if not document_kind.meeting_bound:
        if document_kind.validate_params is not None:
            document_kind.validate_params(params)
        # Optional: a report ordered for a meeting is listed in that meeting's panel.
        return meeting
    if kind == DocumentJob.Kind.EXTRACT:
        if extract is None:
            raise ValidationError({"extract": _("Välj vilket protokollsutdrag som ska skapas.")})
        if meeting is not None and extract.meeting_id != meeting.pk:
            raise ValidationError({"extract": _("Utdraget hör till ett annat sammanträde.")})
        return extract.meeting
    if meeting is None:
        raise ValidationError({"meeting": _("Välj ett sammanträde.")})
    if kind == DocumentJob.Kind.PUBLIC_PROTOCOL and not meeting.is_locked:
        raise ValidationError({"kind": _("Den offentliga versionen kan skapas först när protokollet är justerat.")})
    return meeting


@transaction.atomic
def document_request(
    *,
    acting_user: Any,
    kind: str,
    meeting: Meeting | None = None,
    extract: ProtocolExtract | None = None,
    params: dict[str, Any] | None = None,
) -> DocumentJob:
    """Record a request for a document and enqueue its render after commit.

    Returns an existing job instead when one is pending or rendering for the same target, or done with the
    same content hash (unchanged content is never rendered twice and keeps its file).
    """
    params = dict(params or {})
    meeting = _validate_target(kind=kind, meeting=meeting, extract=extract, params=params)
    if meeting is not None:
        # Serialises concurrent requests for one meeting so two clicks make one row.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    same_target = DocumentJob.objects.filter(kind=kind, meeting=meeting, extract=extract, params=params)

    try:
        content_hash = rendering.build_input(
            kind=kind,
            meeting_id=meeting.pk if meeting else None,
            extract_id=extract.pk if extract else None,
            params=params,
        ).content_hash
    except Exception:
        logger.warning("Kunde inte beräkna innehållshash för %s", kind, exc_info=True)
        content_hash = ""

    existing = same_target.filter(status__in=[DocumentJob.Status.PENDING, DocumentJob.Status.RENDERING]).first()
    if existing is None and content_hash:
        existing = same_target.filter(status=DocumentJob.Status.DONE, content_hash=content_hash).first()
    if existing is not None:
        if meeting is not None and existing.is_active and existing.protocol_version != meeting.protocol_version:
            # A correction arrived while the job waited: it will render the new text, so say so on the row.
            DocumentJob.objects.filter(pk=existing.pk).update(protocol_version=meeting.protocol_version)
            existing.protocol_version = meeting.protocol_version
        return existing

    job = DocumentJob.objects.create(
        kind=kind,
        meeting=meeting,
        extract=extract,
        params=params,
        protocol_version=meeting.protocol_version if meeting else 1,
        requested_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(acting_user=acting_user, action="document.request", target=job, changes={"kind": kind})
    transaction.on_commit(lambda: document_enqueue(job_id=job.pk))
    return job


@transaction.atomic
def document_retry(*, acting_user: Any, job: DocumentJob) -> DocumentJob:
    """Send a failed job back to the queue (the secretary's "Försök igen")."""
    updated = DocumentJob.objects.filter(pk=job.pk, status=DocumentJob.Status.FAILED).update(
        status=DocumentJob.Status.PENDING, error="", updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError({"job": _("Bara ett misslyckat dokument kan försökas igen.")})
    job.refresh_from_db()
    audit_record(acting_user=acting_user, action="document.retry", target=job)
    transaction.on_commit(lambda: document_enqueue(job_id=job.pk))
    return job


@transaction.atomic
def _claim(*, job_id: int, task_id: str = "") -> DocumentJob | None:
    """Take the job with one conditional UPDATE: zero rows means another worker owns it, or it is finished.

    A row in rendering may be taken over only by the same task message, redelivered because its worker died
    (acks_late + reject_on_worker_lost): a second message for the job carries another id and backs off.
    """
    now = timezone.now()
    claimable = Q(status=DocumentJob.Status.PENDING)
    if task_id:
        claimable |= Q(status=DocumentJob.Status.RENDERING, task_id=task_id)
    if not DocumentJob.objects.filter(claimable, pk=job_id).update(
        status=DocumentJob.Status.RENDERING,
        task_id=task_id,
        started_at=now,
        updated_at=now,
        attempts=F("attempts") + 1,
    ):
        return None
    return selectors.job_get(job_id=job_id)


@transaction.atomic
def _finish(
    *, job: DocumentJob, file_name: str, content_hash: str, title: str, pages: int | None, reused: bool
) -> bool:
    now = timezone.now()
    # Only the worker that claimed this attempt may finish it; a late duplicate changes nothing.
    updated = DocumentJob.objects.filter(pk=job.pk, status=DocumentJob.Status.RENDERING, attempts=job.attempts).update(
        status=DocumentJob.Status.DONE,
        file=file_name,
        content_hash=content_hash,
        title=title[:300],
        page_count=pages,
        error="",
        finished_at=now,
        updated_at=now,
    )
    if updated:
        audit_record(
            acting_user=None,
            action="document.done",
            target=job,
            changes={"content_hash": content_hash, "reused": reused, "pages": pages},
        )
    return bool(updated)


@transaction.atomic
def _set_status(*, job: DocumentJob, status: str, error: str) -> None:
    now = timezone.now()
    updated = DocumentJob.objects.filter(pk=job.pk, status=DocumentJob.Status.RENDERING, attempts=job.attempts).update(
        status=status,
        error=error[:MAX_ERROR_LENGTH],
        updated_at=now,
        finished_at=now if status == DocumentJob.Status.FAILED else None,
    )
    if updated and status == DocumentJob.Status.FAILED:
        audit_record(acting_user=None, action="document.failed", target=job, changes={"error": error[:500]})


def document_render(*, job_id: int, final_attempt: bool = True, task_id: str = "") -> DocumentJob | None:
    """Render one job in the worker. Returns None when another worker has it or it is already finished.

    Transient errors put the row back in pending and raise TransientRenderError so the task retries with
    backoff; on the final attempt, and for any other error, the job ends failed with a message.
    """
    job = _claim(job_id=job_id, task_id=task_id)
    if job is None:
        return None
    try:
        doc = rendering.build_input(
            kind=job.kind, meeting_id=job.meeting_id, extract_id=job.extract_id, params=job.params
        )
        twin = (
            DocumentJob.objects.filter(kind=job.kind, content_hash=doc.content_hash, status=DocumentJob.Status.DONE)
            .exclude(pk=job.pk)
            .exclude(file="")
            .order_by("finished_at", "id")
            .first()
        )
        if twin is not None and default_storage.exists(twin.file.name):
            # Same content, same file: a locked protocol keeps the bytes that were archived.
            name, pages, reused = twin.file.name, twin.page_count, True
        else:
            pdf, pages = rendering.html_to_pdf(doc.html)
            path = f"dokument/{timezone.now():%Y}/{job.kind}-{uuid.uuid4().hex}.pdf"
            name, reused = default_storage.save(path, ContentFile(pdf)), False
        _finish(job=job, file_name=name, content_hash=doc.content_hash, title=doc.title, pages=pages, reused=reused)
    except TRANSIENT_ERRORS as exc:
        message = _("Tillfälligt fel: %(error)s") % {"error": exc}
        if final_attempt:
            _set_status(job=job, status=DocumentJob.Status.FAILED, error=message)
            return job
        _set_status(job=job, status=DocumentJob.Status.PENDING, error=message)
        raise TransientRenderError(message) from exc
    except rendering.DocumentInputError as exc:
        _set_status(job=job, status=DocumentJob.Status.FAILED, error=str(exc))
    except Exception as exc:
        logger.exception("Dokumentjobb %s misslyckades", job_id)
        _set_status(
            job=job,
            status=DocumentJob.Status.FAILED,
            error=_("Dokumentet kunde inte skapas: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"},
        )
    job.refresh_from_db()
    return job


@transaction.atomic
def document_requeue_stale(*, now: dt.datetime | None = None) -> list[int]:
    """The beat task: send pending rows older than a minute again, and free rows whose worker died."""
    now = now or timezone.now()
    stale = list(
        selectors.stale_jobs(
            pending_before=now - REQUEUE_PENDING_AFTER, rendering_before=now - _rendering_timeout()
        ).select_for_update(skip_locked=True)
    )
    ids: list[int] = []
    for job in stale:
        if job.status == DocumentJob.Status.RENDERING:
            audit_record(acting_user=None, action="document.recovered", target=job, changes={"attempts": job.attempts})
        # Touching updated_at spaces the re-sends a minute apart while the broker stays down.
        DocumentJob.objects.filter(pk=job.pk).update(status=DocumentJob.Status.PENDING, updated_at=now)
        ids.append(job.pk)
    for job_id in ids:
        transaction.on_commit(lambda job_id=job_id: document_enqueue(job_id=job_id))
    return ids
