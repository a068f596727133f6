"""What every meetings service shares: the row lock and editability guards, the audit call, after-commit mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from groups.models import Person
from lgl_portal.audit.services import audit_record
from meetings.models import Meeting


def _record(*, acting_user: Any, action: str, target: Any, changes: dict[str, Any] | None = None) -> None:
    """Audit the write; audit_record also lets the anonymous page cache go stale, since meeting pages are public."""
    audit_record(acting_user=acting_user, action=action, target=target, changes=changes)


def _locked_error() -> ValidationError:
    return ValidationError(_("Protokollet är justerat och låst."))


def _ensure_unlocked(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise _locked_error()


def _ensure_editable(meeting: Meeting) -> None:
    """The signers read one version: while it is under justering nobody changes it under their eyes."""
    _ensure_unlocked(meeting)
    if meeting.status == Meeting.Status.UNDER_JUSTERING:
        raise ValidationError(
            _("Protokollet är under justering. Ändringar kan göras när det har återsänts till sekreteraren.")
        )


def _lock_meeting(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock so two requests cannot both pass a status check."""
    return Meeting.objects.select_for_update().select_related("organ").get(pk=meeting.pk)


def _meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk])


def _send_after_commit(messages: list[tuple[str, str, str, list[str]]]) -> None:
    if messages:
        # robust: a mail server that is down is logged; it must not turn a saved change into an error page.
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False), robust=True)


def _person_email(person: Person) -> str:
    return person.email or (person.user.email if person.user_id else "")
