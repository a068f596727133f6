"""What every meetings service shares: the row lock and editability guards, the audit call, the mail to people."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Person
from lgl_portal.audit.services import audit_record
from lgl_portal.core.mail import mail_send
from meetings.models import CorrectionApproval, JusteringSignature, Meeting


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


def _mail(*, to: Iterable[str], template: str, context: Mapping[str, Any]) -> int:
    """Send templates/meetings/mail/<template>_{subject,body}.txt through the portal's one mail path (after commit,
    from the worker), one mail per address so that members never see each other's addresses. Returns the count."""
    return sum(
        mail_send(
            to=[address],
            subject_template=f"meetings/mail/{template}_subject.txt",
            body_template=f"meetings/mail/{template}_body.txt",
            context=context,
        )
        for address in to
    )


def _person_email(person: Person | None) -> str:
    """The person's own address, else their account's, else "" (also for no person at all)."""
    if person is None:
        return ""
    return person.email or (person.user.email if person.user is not None else "")


def _signer_decide(
    row: JusteringSignature | CorrectionApproval,
    *,
    acting_user: Any,
    approve: bool,
    comment: str,
    already_decided: str,
    comment_needed: str,
) -> None:
    """Record one signer's besked on a protocol version or on a rättelse: the same rules for both (a pending
    besked only, a return always says why), so justering and rättelse cannot drift apart."""
    if row.status != JusteringSignature.Status.PENDING:
        raise ValidationError(already_decided)
    if not approve and not comment.strip():
        raise ValidationError({"comment": comment_needed})
    row.status = JusteringSignature.Status.APPROVED if approve else JusteringSignature.Status.RETURNED
    row.comment = comment.strip()
    row.decided_at = timezone.now()
    row.decided_by = acting_user
    row.save(update_fields=["status", "comment", "decided_at", "decided_by"])
