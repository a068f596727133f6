"""Writes for documents: request a PDF (the row is the outbox), render it in the worker, retry, recover.

The render itself is split into short transactions on purpose: the claim must be visible to other workers
at once, and WeasyPrint must not run while a transaction holds locks.

Nothing is lost when a part fails (issue 18):
- The row is the outbox: it commits whatever the broker does; the beat's sweep, and the web process on a
  document request if the beat is down too (rate-limited), send rows that waited too long again.
- A claimed row carries a lease (`claimed_until`), renewed by a heartbeat thread while the worker renders, so a
  job whose worker died is free again within LGL_DOCUMENT_LEASE_SECONDS and is picked up by the next sweep.
  A job stuck past its lease can also be sent again by the secretary ("Försök igen").
- A database error while claiming or recording is raised to the task, which retries with backoff; the row
  keeps its lease meanwhile (the retry has the same task id and may take its own row over).
- The PDF is written under a temporary name and renamed to its final name inside the transaction that records
  it (in a bucket: a server-side copy and a delete, S3 has no rename; no row points at the final key before the
  commit, so nobody can fetch it earlier); if that transaction fails the file is removed, and
  `document_files_cleanup` (beat) removes leftovers of a worker that died in between, in the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
import uuid
from functools import partial
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lgl_portal.audit.services import audit_record
from lgl_portal.core import storage
from meetings.documents import registry, rendering, sealing, selectors
from meetings.documents.models import DocumentJob, SealedFile
from meetings.models import Meeting, ProtocolExtract

logger = logging.getLogger(__name__)

# Errors that a later attempt may not meet again: the database or the file storage was briefly away.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, OSError, TimeoutError)
# Errors of the database itself (restart, lost connection): the task retries, the row keeps its lease.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
# Where a PDF is written before the transaction that records it commits.
STAGING_DIR = "dokument/.staging"
# Files younger than this are never removed by the cleanup (a render may be about to record them).
ORPHAN_GRACE = dt.timedelta(hours=1)
MAX_ERROR_LENGTH = 2000
# The Celery name of meetings.documents.tasks.render_document.
RENDER_TASK = "meetings.documents.tasks.render_document"


class TransientRenderError(Exception):
    """Raised to the task so Celery retries with backoff; the row is back in pending meanwhile."""


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LGL_DOCUMENT_LEASE_SECONDS)


class _Heartbeat:
    """Renews the lease of a claimed row every third of the lease while the render runs (its own thread and
    database connection). If the process dies, the renewals stop and the lease runs out."""

    def __init__(self, job: DocumentJob) -> None:
        self.job = job
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"lease-{job.pk}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)

    def _run(self) -> None:
        every = max(settings.LGL_DOCUMENT_LEASE_SECONDS / 3, 0.5)
        try:
            while not self.stop.wait(every):
                try:
                    DocumentJob.objects.filter(
                        pk=self.job.pk, status=DocumentJob.Status.RENDERING, attempts=self.job.attempts
                    ).update(claimed_until=timezone.now() + _lease())
                except DATABASE_ERRORS:
                    # The database is away: try again next beat; if it stays away the lease simply runs out.
                    logger.warning("Kunde inte förnya lånet på dokumentjobb %s", self.job.pk, exc_info=True)
                    connection.close()
        finally:
            connection.close()


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
        if existing.is_stuck:
            # Ordering again is the natural click when nothing happens: send the stuck job again, not a new one.
            now = timezone.now()
            if DocumentJob.objects.filter(DocumentJob.stuck_q(now), pk=existing.pk).update(
                status=DocumentJob.Status.PENDING, claimed_until=None, updated_at=now
            ):
                existing.refresh_from_db()
                transaction.on_commit(lambda: document_enqueue(job_id=existing.pk))
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
    """Send a failed job, or one stuck past its lease, back to the queue (the secretary's "Försök igen")."""
    now = timezone.now()
    retryable = Q(status=DocumentJob.Status.FAILED) | DocumentJob.stuck_q(now)
    updated = DocumentJob.objects.filter(retryable, pk=job.pk).update(
        status=DocumentJob.Status.PENDING, error="", claimed_until=None, updated_at=now
    )
    if not updated:
        raise ValidationError({"job": _("Bara ett misslyckat dokument, eller ett som fastnat, kan försökas igen.")})
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
    # A row whose lease ran out belongs to nobody: its worker died or lost the database for too long.
    claimable = Q(status=DocumentJob.Status.PENDING) | Q(status=DocumentJob.Status.RENDERING, claimed_until__lt=now)
    if task_id:
        claimable |= Q(status=DocumentJob.Status.RENDERING, task_id=task_id)
    if not DocumentJob.objects.filter(claimable, pk=job_id).update(
        status=DocumentJob.Status.RENDERING,
        task_id=task_id,
        started_at=now,
        claimed_until=now + _lease(),
        updated_at=now,
        attempts=F("attempts") + 1,
    ):
        return None
    return selectors.job_get(job_id=job_id)


def _stage(pdf: bytes, *, kind: str) -> tuple[str, str]:
    """Write the PDF under a temporary name; returns (staged name, final name)."""
    token = uuid.uuid4().hex
    staged = default_storage.save(f"{STAGING_DIR}/{kind}-{token}.pdf", ContentFile(pdf))
    return staged, f"dokument/{timezone.now():%Y}/{kind}-{token}.pdf"


def _discard(*names: str) -> None:
    for name in names:
        if name:
            with contextlib.suppress(OSError):
                default_storage.delete(name)


@transaction.atomic
def _finish(
    *,
    job: DocumentJob,
    file_name: str,
    content_hash: str,
    title: str,
    pages: int | None,
    reused: bool,
    staged: str = "",
    sealed: sealing.SealedPdf | None = None,
) -> bool:
    """Record the finished job. A staged file is renamed to `file_name` inside this transaction, so that a
    failed commit can remove it (the caller does) and a committed row always points at a file."""
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
        claimed_until=None,
        updated_at=now,
    )
    if updated and staged:
        file_name = storage.promote(staged, file_name)
        if file_name != job.file.name:
            DocumentJob.objects.filter(pk=job.pk).update(file=file_name)
    if updated:
        if sealed is not None:
            # The register /verifiera/ reads: this file's checksum names this job (meeting, kind, version).
            SealedFile.objects.get_or_create(
                sha256=sealed.sha256,
                defaults={
                    "job": job,
                    "signature_sha256": sealed.signature_sha256,
                    "sealed_at": sealed.signed_at,
                    "reason": sealed.reason,
                },
            )
        audit_record(
            acting_user=None,
            action="document.done",
            target=job,
            changes={"content_hash": content_hash, "reused": reused, "pages": pages, "sealed": bool(sealed)},
        )
    return bool(updated)


@transaction.atomic
def _set_status(*, job: DocumentJob, status: str, error: str) -> None:
    now = timezone.now()
    updated = DocumentJob.objects.filter(pk=job.pk, status=DocumentJob.Status.RENDERING, attempts=job.attempts).update(
        status=status,
        error=error[:MAX_ERROR_LENGTH],
        claimed_until=None,
        updated_at=now,
        finished_at=now if status == DocumentJob.Status.FAILED else None,
    )
    if updated and status == DocumentJob.Status.FAILED:
        audit_record(acting_user=None, action="document.failed", target=job, changes={"error": error[:500]})


def document_render(*, job_id: int, final_attempt: bool = True, task_id: str = "") -> DocumentJob | None:
    """Render one job in the worker. Returns None when another worker has it or it is already finished.

    Transient errors put the row back in pending and raise TransientRenderError so the task retries with
    backoff; on the final attempt, and for any other error, the job ends failed with a message. A database
    error while claiming or recording propagates (the task retries it); the row then keeps its lease until
    the retry, with the same task id, takes it over, or the lease runs out and the sweep sends it again.
    """
    job = _claim(job_id=job_id, task_id=task_id)
    if job is None:
        return None
    with _Heartbeat(job):
        return _render_claimed(job, final_attempt=final_attempt)


def _render_claimed(job: DocumentJob, *, final_attempt: bool) -> DocumentJob:
    job_id = job.pk
    staged = final = ""
    try:
        doc = rendering.build_input(
            kind=job.kind, meeting_id=job.meeting_id, extract_id=job.extract_id, params=job.params
        )
        seal_reason = sealing.reason_for_job(job)
        twin = (
            DocumentJob.objects.filter(kind=job.kind, content_hash=doc.content_hash, status=DocumentJob.Status.DONE)
            .exclude(pk=job.pk)
            .exclude(file="")
            .order_by("finished_at", "id")
            .first()
        )
        if twin is not None and seal_reason is not None and not twin.sealed_files.exists():
            twin = None  # rendered before the seal was configured: this one is sealed
        sealed = None
        if twin is not None and default_storage.exists(twin.file.name):
            # Same content, same file: a locked protocol keeps the bytes that were archived (and sealed).
            name, pages, reused = twin.file.name, twin.page_count, True
        else:
            pdf, pages = rendering.html_to_pdf(doc.html)
            if seal_reason is not None:
                # The organisation seal as an incremental update: the rendered PDF/A bytes stay as they are.
                sealed = sealing.seal_document(pdf, reason=seal_reason)
                pdf = sealed.data
            (staged, final), reused = _stage(pdf, kind=job.kind), False
            name = final
        try:
            recorded = _finish(
                job=job,
                file_name=name,
                content_hash=doc.content_hash,
                title=doc.title,
                pages=pages,
                reused=reused,
                staged=staged,
                sealed=sealed,
            )
        except BaseException:
            # Not recorded (the commit failed, or the rename did): no file may stay behind without a row.
            _discard(staged, final)
            raise
        if not recorded:
            _discard(staged)  # another attempt owns the row now
    except DATABASE_ERRORS:
        # The database is away: recording the failure would fail as well. The task retries with backoff.
        raise
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
    """The beat task: send pending rows that waited too long again, and free rows whose lease ran out."""
    now = now or timezone.now()
    stale = list(selectors.stale_jobs(now=now).select_for_update(skip_locked=True))
    ids: list[int] = []
    for job in stale:
        if job.status == DocumentJob.Status.RENDERING:
            audit_record(acting_user=None, action="document.recovered", target=job, changes={"attempts": job.attempts})
        # Touching updated_at spaces the re-sends a minute apart while the broker stays down.
        DocumentJob.objects.filter(pk=job.pk).update(
            status=DocumentJob.Status.PENDING, claimed_until=None, updated_at=now
        )
        ids.append(job.pk)
    for job_id in ids:
        transaction.on_commit(partial(document_enqueue, job_id=job_id))
    return ids


class _WebSweep:
    """The web process's fallback for a beat that is down: at most one sweep per interval per process, run in
    a background thread so the request that triggers it never waits on the database or the broker."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.next_at = 0.0

    def maybe_run(self) -> bool:
        now = time.monotonic()
        with self.lock:
            if now < self.next_at:
                return False
            self.next_at = now + max(settings.LGL_DOCUMENT_REQUEUE_SECONDS, 1)
        threading.Thread(target=self._run, name="document-sweep", daemon=True).start()
        return True

    @staticmethod
    def _run() -> None:
        try:
            document_requeue_stale()
        except Exception:
            logger.warning("Dokumentjobb kunde inte köas om från webbprocessen", exc_info=True)
        finally:
            connection.close()


_web_sweep = _WebSweep()


def document_requeue_stale_soon() -> bool:
    """Called on document requests in the web process: re-send stale rows if the beat has not (rate-limited)."""
    return _web_sweep.maybe_run()


def document_files_cleanup(*, now: dt.datetime | None = None) -> list[str]:
    """The beat task: remove staged files and PDFs no job points to, once older than ORPHAN_GRACE.

    They are what a worker leaves when it dies between writing a file and recording it.
    """
    now = now or timezone.now()
    referenced = set(DocumentJob.objects.exclude(file="").values_list("file", flat=True))
    removed: list[str] = []
    cutoff = now - ORPHAN_GRACE
    # The same walk on a local disk and in a bucket: on several nodes the leftovers are in the shared store.
    for name, modified in list(storage.walk("dokument")):
        if name in referenced or not storage.older_than(modified, cutoff=cutoff):
            continue
        with contextlib.suppress(OSError):
            default_storage.delete(name)
            removed.append(name)
    if removed:
        logger.warning("Tog bort %d föräldralösa dokumentfiler: %s", len(removed), ", ".join(removed[:10]))
    return removed
