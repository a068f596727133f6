"""Justering: paragraph numbers, sending to the signers, their comments and decisions, the PDFs ordered at the end."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Organ
from lgl_portal.core.publication import gate_check_all
from meetings.models import (
    AgendaItem,
    JusteringSignature,
    Meeting,
    ParagraphComment,
    PropositionOrder,
    Vote,
)
from meetings.services._shared import (
    _ensure_editable,
    _lock_meeting,
    _mail,
    _person_email,
    _record,
    _signer_decide,
)


def _assign_paragraph_numbers(meeting: Meeting) -> None:
    """Give unnumbered items their number in the organ's format: the next § of the organ and year (serialised on
    the organ row), or, for an organ that numbers per meeting, the next number of this meeting from 1."""
    organ = Organ.objects.select_for_update().get(pk=meeting.organ_id)
    if organ.numbers_per_meeting:
        year = None
        numbered = meeting.items.filter(paragraph_number__isnull=False)
    else:
        year = meeting.date.year
        numbered = AgendaItem.objects.filter(organ_id=meeting.organ_id, paragraph_year=year)
    last = numbered.aggregate(m=Max("paragraph_number"))["m"] or 0
    for item in meeting.items.filter(paragraph_number__isnull=True).order_by("position", "id"):
        last += 1
        AgendaItem.objects.filter(pk=item.pk).update(paragraph_number=last, paragraph_year=year)


def _public_protocol_parts(meeting: Meeting, items: list[AgendaItem]) -> list[tuple[Any, str]]:
    """Everything of the protocol the public will read, each with where the secretary finds it."""
    parts: list[tuple[Any, str]] = [(meeting, _("Sammanträdet"))]
    for item in items:
        where = _("Ärende %(pos)s %(title)s") % {"pos": item.position, "title": item.public_heading}
        parts.append((item, where))
        if item.is_confidential:
            # Only the public heading and the legal ground are published for a confidential paragraph.
            continue
        parts += [(p, f"{where}, {_('föredragare')}") for p in item.presenters.all()]
        parts += [(a, f"{where}, {_('handling')}") for a in item.attachments.all() if a.is_public]
        parts += [(r, f"{where}, {_('jäv')}") for r in item.recusals.all()]
        parts += [(d, f"{where}, {_('beslutspunkt')}") for d in item.decision_points.all()]
        parts += [(m, f"{where}, {_('yrkande')}") for m in item.motion_entries.all()]
        parts += [(p, f"{where}, {_('propositionsordning')}") for p in PropositionOrder.objects.filter(item=item)]
        parts += [(v, f"{where}, {_('omröstning')}") for v in Vote.objects.filter(item=item)]
        parts += [(s, f"{where}, {s.get_kind_display().lower()}") for s in item.statements.all()]
    parts += [(a, _("Närvaro %(name)s") % {"name": a}) for a in meeting.attendances.select_related("person")]
    parts += [(a, _("Ajournering %(time)s") % {"time": a}) for a in meeting.adjournments.all()]
    # The decisions recorded under the meeting become public with the justerat protocol.
    parts += [(d, _("Beslut %(title)s") % {"title": d.title}) for d in meeting.decisions.all()]
    return parts


def protocol_gate_check(*, meeting: Meeting) -> None:
    """Justering (and a rättelse) makes the protocol public: the one publication gate over all of it."""
    items = list(meeting.items.order_by("position", "id").prefetch_related("presenters", "attachments", "recusals"))
    gate_check_all(_public_protocol_parts(meeting, items))


@transaction.atomic
def justering_send(*, acting_user: Any, meeting: Meeting) -> Meeting:
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    if not meeting.is_ready_for_justering:
        raise ValidationError(_("Protokollet kan skickas för justering först när mötet är kallat eller genomfört."))
    chair = meeting.chair
    if chair is None:
        raise ValidationError({"chair": _("Ange mötets ordförande innan protokollet skickas för justering.")})
    adjusters = list(meeting.adjusters.select_related("user"))
    if not adjusters:
        raise ValidationError({"adjusters": _("Utse minst en justerare innan protokollet skickas för justering.")})
    items = list(meeting.items.order_by("position", "id"))
    if not items:
        raise ValidationError(_("Protokollet har inga ärenden."))
    protocol_gate_check(meeting=meeting)
    _assign_paragraph_numbers(meeting)
    round_no = (meeting.signatures.aggregate(m=Max("round"))["m"] or 0) + 1
    signers = [(chair, JusteringSignature.Role.ORDFORANDE)] + [
        (p, JusteringSignature.Role.JUSTERARE) for p in adjusters if p.pk != meeting.chair_id
    ]
    for person, role in signers:
        JusteringSignature.objects.create(
            meeting=meeting, person=person, role=role, round=round_no, protocol_version=meeting.protocol_version
        )
    meeting.status = Meeting.Status.UNDER_JUSTERING
    meeting.sent_for_justering_at = timezone.now()
    meeting.save(update_fields=["status", "sent_for_justering_at", "updated_at"])
    _mail(
        to=[_person_email(p) for p, _role in signers],
        template="justering",
        context={
            "organ": meeting.organ.name,
            "date": meeting.date.isoformat(),
            "url": settings.SITE_URL + reverse("meetings:justering", args=[meeting.pk]),
        },
    )
    _record(acting_user=acting_user, action="justering_send", target=meeting, changes={"round": round_no})
    return meeting


def _current_signature(meeting: Meeting, acting_user: Any) -> JusteringSignature:
    round_no = meeting.signatures.aggregate(m=Max("round"))["m"]
    signature = (
        meeting.signatures.select_for_update().filter(round=round_no, person__user=acting_user).first()
        if getattr(acting_user, "is_authenticated", False)
        else None
    )
    if signature is None:
        raise ValidationError(_("Du är inte ordförande eller justerare för det här protokollet."))
    return signature


@transaction.atomic
def justering_comment_add(*, acting_user: Any, item: AgendaItem, text: str) -> ParagraphComment:
    meeting = _lock_meeting(item.meeting)
    if meeting.status != Meeting.Status.UNDER_JUSTERING:
        raise ValidationError(_("Protokollet är inte under justering."))
    _current_signature(meeting, acting_user)
    if not text.strip():
        raise ValidationError({"text": _("Skriv en kommentar.")})
    comment = ParagraphComment.objects.create(item=item, author=acting_user, text=text.strip())
    _record(acting_user=acting_user, action="justering_comment_add", target=comment)
    return comment


@transaction.atomic
def justering_decide(*, acting_user: Any, meeting: Meeting, approve: bool, comment: str = "") -> Meeting:
    """Approve or return the protocol. The last approval makes it justerat, locks it and orders the PDFs."""
    meeting = _lock_meeting(meeting)
    if meeting.status != Meeting.Status.UNDER_JUSTERING:
        raise ValidationError(_("Protokollet är inte under justering."))
    signature = _current_signature(meeting, acting_user)
    _signer_decide(
        signature,
        acting_user=acting_user,
        approve=approve,
        comment=comment,
        already_decided=_("Du har redan lämnat ditt besked för den här versionen."),
        comment_needed=_("Skriv vad som behöver ändras när du återsänder protokollet."),
    )
    _record(
        acting_user=acting_user,
        action="justering_approve" if approve else "justering_return",
        target=meeting,
        changes={"comment": comment},
    )
    if not approve:
        meeting.status = Meeting.Status.GENOMFORT
        meeting.save(update_fields=["status", "updated_at"])
        # The secretary needs who sent it back (by name), what to change, and where to do it.
        _mail(
            to=[_person_email(meeting.secretary)],
            template="justering_returned",
            context={
                "who": signature.person.name,
                "role": signature.get_role_display().lower(),
                "organ": meeting.organ.name,
                "date": meeting.date.isoformat(),
                "comment": signature.comment,
                "url": settings.SITE_URL + reverse("meetings:protocol", args=[meeting.pk]),
            },
        )
        return meeting
    pending = meeting.signatures.filter(round=signature.round).exclude(status=JusteringSignature.Status.APPROVED)
    if not pending.exists():
        meeting.status = Meeting.Status.JUSTERAT
        meeting.justerat_at = timezone.now()
        meeting.save(update_fields=["status", "justerat_at", "updated_at"])
        _record(acting_user=acting_user, action="meeting_justerat", target=meeting)
        _request_protocol_documents(acting_user=acting_user, meeting=meeting)
    return meeting


def _request_protocol_documents(*, acting_user: Any, meeting: Meeting) -> None:
    from meetings.documents.models import DocumentJob
    from meetings.documents.services import document_request

    document_request(acting_user=acting_user, kind=DocumentJob.Kind.PROTOCOL, meeting=meeting)
    document_request(acting_user=acting_user, kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting=meeting)
