"""Expediering: who each paragraph's decision is sent to, and what was sent to whom, when, and how it went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groups.models import Organisation, Person
from meetings.documents.models import DocumentJob
from meetings.models import AgendaItem, Meeting, ProtocolExtract


class Recipient(models.Model):
    """ "Beslutet skickas till": one recipient of a paragraph's decision (an organisation, a person or an address)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="dispatch_recipients")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-postadress"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mottagare av beslut")
        verbose_name_plural = _("mottagare av beslut")
        ordering = ["item", "id"]
        constraints = [
            # Exactly one of organisation, person and address names the recipient.
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, person__isnull=True, email="")
                    | Q(organisation__isnull=True, person__isnull=False, email="")
                    | (Q(organisation__isnull=True, person__isnull=True) & ~Q(email=""))
                ),
                name="recipient_exactly_one_kind",
            ),
            models.UniqueConstraint(
                fields=["item", "organisation"], condition=Q(organisation__isnull=False), name="recipient_org_once"
            ),
            models.UniqueConstraint(
                fields=["item", "person"], condition=Q(person__isnull=False), name="recipient_person_once"
            ),
            models.UniqueConstraint(fields=["item", "email"], condition=~Q(email=""), name="recipient_email_once"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        """Identity across paragraphs: one recipient named in several paragraphs gets one extract with them all."""
        if self.organisation_id:
            return f"organisation:{self.organisation_id}"
        if self.person_id:
            return f"person:{self.person_id}"
        return f"email:{self.email.lower()}"

    @property
    def label(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        if self.person is not None:
            return str(self.person)
        return self.email

    @property
    def address(self) -> str:
        if self.organisation is not None:
            return self.organisation.registry_address
        if self.person is not None:
            user = self.person.user
            return self.person.email or (user.email if user is not None else "")
        return self.email


class Dispatch(models.Model):
    """One recipient's protokollsutdrag in an expediering: the paragraphs (via the extract), the address used,
    the sealed file, and how sending went. The row is the outbox: it exists before the worker is asked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENDING = "sending", _("Skickas")
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Misslyckades")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="dispatches")
    recipient_key = models.CharField(max_length=320)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("mottagare"), max_length=300)
    address = models.EmailField(_("e-postadress"), blank=True)
    extract = models.ForeignKey(ProtocolExtract, on_delete=models.PROTECT, related_name="dispatches")
    job = models.ForeignKey(DocumentJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    protocol_version = models.PositiveIntegerField(_("protokollversion"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    error = models.TextField(_("fel"), blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("expediering")
        verbose_name_plural = _("expedieringar")
        ordering = ["meeting", "name", "id"]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.name} ({self.get_status_display()})"
