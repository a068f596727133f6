"""Requests for rendered documents. The row is the outbox: it exists before any broker is asked."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, ProtocolExtract


class DocumentJob(models.Model):
    class Kind(models.TextChoices):
        PROTOCOL = "protocol", _("Protokoll")
        PUBLIC_PROTOCOL = "public_protocol", _("Protokoll, offentlig version")
        KALLELSE = "kallelse", _("Kallelse med föredragningslista")
        EXTRACT = "extract", _("Protokollsutdrag")
        STATUS_REPORT = "status_report", _("Statusrapport")

    class Status(models.TextChoices):
        PENDING = "pending", _("I kö")
        RENDERING = "rendering", _("Skapas")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    # Statuses in which a job still answers a request: asking again returns it instead of a new row.
    LIVE_STATUSES = (Status.PENDING, Status.RENDERING, Status.DONE)

    kind = models.CharField(_("dokumenttyp"), max_length=30, choices=Kind.choices)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="document_jobs")
    extract = models.ForeignKey(
        ProtocolExtract, null=True, blank=True, on_delete=models.CASCADE, related_name="document_jobs"
    )
    # Extra inputs for kinds that need them (a plan id for a status report, say).
    params = models.JSONField(default=dict, blank=True)
    protocol_version = models.PositiveIntegerField(_("protokollversion"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    error = models.TextField(_("fel"), blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # The Celery task id of the attempt that holds the row. A message redelivered after its worker died keeps
    # its id, so it may take the row over; a second message for the same job (another id) may not.
    task_id = models.CharField(max_length=255, blank=True)
    file = models.FileField(upload_to="dokument/%Y/", blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    title = models.CharField(_("titel"), max_length=300, blank=True)
    page_count = models.PositiveIntegerField(_("antal sidor"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The lease of the attempt that renders the row, renewed while it runs; once past, the row is free again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dokumentbeställning")
        verbose_name_plural = _("dokumentbeställningar")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meeting or ''} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RENDERING)

    @property
    def is_finished(self) -> bool:
        """Finished rendering (is_done also asks that the file is there)."""
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @staticmethod
    def stuck_q(now: dt.datetime) -> Q:
        """Rows nobody is working on although they are not finished: a pending row that waited longer than
        LGL_DOCUMENT_REQUEUE_SECONDS (never reached a worker), a rendering row whose lease ran out (its worker
        died), or, for rows claimed before leases existed, one rendering longer than the task time limit.
        The same rule in Python is `is_stuck` just below."""
        pending_before = now - dt.timedelta(seconds=settings.LGL_DOCUMENT_REQUEUE_SECONDS)
        legacy_before = now - dt.timedelta(seconds=int(settings.CELERY_TASK_TIME_LIMIT) + 60)
        return (
            Q(status=DocumentJob.Status.PENDING, updated_at__lt=pending_before)
            | Q(status=DocumentJob.Status.RENDERING, claimed_until__lt=now)
            | Q(status=DocumentJob.Status.RENDERING, claimed_until__isnull=True, started_at__lt=legacy_before)
        )

    @property
    def is_stuck(self) -> bool:
        now = timezone.now()
        if self.status == self.Status.PENDING:
            return self.updated_at is not None and self.updated_at < now - dt.timedelta(
                seconds=settings.LGL_DOCUMENT_REQUEUE_SECONDS
            )
        if self.status == self.Status.RENDERING:
            if self.claimed_until is not None:
                return self.claimed_until < now
            legacy_before = now - dt.timedelta(seconds=int(settings.CELERY_TASK_TIME_LIMIT) + 60)
            return self.started_at is not None and self.started_at < legacy_before
        return False

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)


class SealedFile(models.Model):
    """A file the worker sealed. Its sha256 lets anyone check a copy at /verifiera/ and learn what it is."""

    job = models.ForeignKey(DocumentJob, on_delete=models.CASCADE, related_name="sealed_files")
    sha256 = models.CharField(_("kontrollsumma (sha256)"), max_length=64, unique=True)
    # sha256 of the signature (CMS) bytes: a copy changed after sealing still carries it, which names the
    # original even though the file's own checksum is new.
    signature_sha256 = models.CharField(max_length=64, db_index=True)
    sealed_at = models.DateTimeField(_("förseglad"))
    reason = models.TextField(_("sigillets skäl"), blank=True)

    class Meta:
        verbose_name = _("förseglad fil")
        verbose_name_plural = _("förseglade filer")
        ordering = ["-sealed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.job})"
