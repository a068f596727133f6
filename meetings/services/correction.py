"""Rättelse after justering as a justered act (JO 3339-2013: wording, never the decision).

The secretary proposes a correction with a reason; the same chair and justerare who justerade the protocol see
the difference on the justering page and approve it (or send it back with a comment); the corrected text is
checked for personnummer like the justering was; only when all have approved does it become the new protocol
version, and the public and archival PDFs are made again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Person
from lgl_portal.core.publication import gate_check
from meetings.models import (
    AgendaItem,
    CorrectionApproval,
    ItemRevision,
    JusteringSignature,
    Meeting,
    ProtocolCorrection,
)
from meetings.services._shared import (
    _lock_meeting,
    _mail,
    _person_email,
    _record,
    _signer_decide,
)
from meetings.services.justering import _request_protocol_documents
from meetings.services.protocol import _text_snapshot, rich_text


def _protocol_snapshot(meeting: Meeting) -> dict[str, Any]:
    """The whole protocol's text as it stood before the rättelse, kept with it."""
    return {
        "protocol_version": meeting.protocol_version,
        "items": [
            {"id": it.pk, "paragraph": it.paragraph_label, "title": it.title, **_text_snapshot(it)}
            for it in meeting.items.select_related("organ").order_by("position")
        ],
    }


def _justering_signers(meeting: Meeting) -> list[tuple[Person, str]]:
    """Who justerade the protocol: the signers of the last round that was approved."""
    round_no = meeting.signatures.filter(status=JusteringSignature.Status.APPROVED).aggregate(m=Max("round"))["m"]
    signatures = meeting.signatures.filter(round=round_no).select_related("person__user").order_by("role", "id")
    return [(s.person, s.role) for s in signatures]


def _justering_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:justering", args=[meeting.pk])


def _correction_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:protocol_correction", args=[meeting.pk])


@transaction.atomic
def protocol_correction_propose(
    *, acting_user: Any, meeting: Meeting, item: AgendaItem, reason: str, texts: dict[str, str]
) -> ProtocolCorrection:
    """Propose a rättelse of one paragraph; nothing in the protocol changes until the signers have approved it."""
    meeting = _lock_meeting(meeting)
    if not meeting.is_locked:
        raise ValidationError(_("Rättelser görs bara i justerade protokoll; ändra texten direkt i utkastet."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ange skälet till rättelsen.")})
    if item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Ärendet hör inte till det här mötet.")})
    unknown = set(texts) - set(AgendaItem.TEXT_FIELDS)
    if unknown:
        raise ValidationError(_("Okänt textfält: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if meeting.corrections.filter(status=ProtocolCorrection.Status.PROPOSED).exists():
        raise ValidationError(_("En rättelse väntar redan på godkännande. Vänta på besked innan du föreslår nästa."))
    current = AgendaItem.objects.get(pk=item.pk)
    before = _text_snapshot(current)
    after = {name: rich_text(value) for name, value in texts.items()}
    if all(before[name] == value for name, value in after.items()):
        raise ValidationError(_("Rättelsen ändrar ingenting i texten."))
    # The corrected text and its reason will be public like the justerat protocol: the same gate as justering.
    gate_check(current, values=after, only=after)
    gate_check(ProtocolCorrection(meeting=meeting, reason=reason.strip()))
    signers = _justering_signers(meeting)
    if not signers:
        raise ValidationError(_("Protokollet har ingen justering att utgå från."))
    correction = ProtocolCorrection.objects.create(
        meeting=meeting,
        version=meeting.protocol_version + 1,
        status=ProtocolCorrection.Status.PROPOSED,
        item=current,
        reason=reason.strip(),
        texts_before={name: before[name] for name in after},
        texts_after=after,
        created_by=acting_user,
    )
    for person, role in signers:
        CorrectionApproval.objects.create(correction=correction, person=person, role=role)
    proposer = getattr(getattr(acting_user, "person", None), "name", "") or ""
    _mail(
        to=[_person_email(p) for p, _role in signers],
        template="correction_proposed",
        context={
            "organ": meeting.organ.name,
            "date": meeting.date.isoformat(),
            "who": proposer or _("Sekreteraren"),
            "paragraph": current.paragraph_label or current.title,
            "reason": correction.reason,
            "url": _justering_url(meeting),
        },
    )
    _record(
        acting_user=acting_user,
        action="protocol_correction_propose",
        target=meeting,
        changes={"version": correction.version, "reason": correction.reason, "item": current.pk},
    )
    return correction


def _apply(*, acting_user: Any, meeting: Meeting, correction: ProtocolCorrection) -> None:
    correction.snapshot = _protocol_snapshot(meeting)
    item = correction.item
    if item is None:
        raise ValidationError(_("Ärendet som rättelsen gäller finns inte längre."))
    AgendaItem.objects.filter(pk=item.pk).update(
        **correction.texts_after, version=F("version") + 1, updated_by=correction.created_by, updated_at=timezone.now()
    )
    saved = AgendaItem.objects.get(pk=item.pk)
    ItemRevision.objects.create(
        item=saved, version=saved.version, data=_text_snapshot(saved), created_by=correction.created_by
    )
    correction.status = ProtocolCorrection.Status.APPROVED
    correction.decided_at = timezone.now()
    correction.save(update_fields=["snapshot", "status", "decided_at"])
    meeting.protocol_version = correction.version
    meeting.save(update_fields=["protocol_version", "updated_at"])
    _record(
        acting_user=acting_user,
        action="protocol_correction_approved",
        target=meeting,
        changes={"version": correction.version, "reason": correction.reason, "item": item.pk},
    )
    _request_protocol_documents(acting_user=acting_user, meeting=meeting)


@transaction.atomic
def protocol_correction_decide(
    *, acting_user: Any, correction: ProtocolCorrection, approve: bool, comment: str = ""
) -> ProtocolCorrection:
    """A signer approves or returns a proposed rättelse; the last approval makes it the new version."""
    meeting = _lock_meeting(correction.meeting)
    correction = ProtocolCorrection.objects.select_for_update(of=("self",)).select_related("item").get(pk=correction.pk)
    if correction.status != ProtocolCorrection.Status.PROPOSED:
        raise ValidationError(_("Rättelsen väntar inte på besked."))
    approval = (
        correction.approvals.select_for_update().filter(person__user=acting_user).first()
        if getattr(acting_user, "is_authenticated", False)
        else None
    )
    if approval is None:
        raise ValidationError(_("Du är inte ordförande eller justerare för det här protokollet."))
    _signer_decide(
        approval,
        acting_user=acting_user,
        approve=approve,
        comment=comment,
        already_decided=_("Du har redan lämnat ditt besked om rättelsen."),
        comment_needed=_("Skriv varför du återsänder rättelsen."),
    )
    _record(
        acting_user=acting_user,
        action="protocol_correction_approve" if approve else "protocol_correction_return",
        target=meeting,
        changes={"version": correction.version, "comment": comment.strip()},
    )
    if not approve:
        correction.status = ProtocolCorrection.Status.RETURNED
        correction.decided_at = timezone.now()
        correction.save(update_fields=["status", "decided_at"])
        _mail(
            to=[_person_email(meeting.secretary)],
            template="correction_returned",
            context={
                "who": approval.person.name,
                "meeting": f"{meeting.organ.name} {meeting.date.isoformat()}",
                "comment": approval.comment,
                "url": _correction_url(meeting),
            },
        )
        return correction
    if not correction.approvals.exclude(status=JusteringSignature.Status.APPROVED).exists():
        _apply(acting_user=acting_user, meeting=meeting, correction=correction)
    return correction
