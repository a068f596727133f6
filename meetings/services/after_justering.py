"""After justering: the anslag, corrections as new numbered versions, and protocol extracts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Organisation
from lgl_portal.audit.services import model_changes
from lgl_portal.core.publication import gate_check
from meetings.models import (
    AgendaItem,
    ItemRevision,
    Meeting,
    ProtocolCorrection,
    ProtocolExtract,
)
from meetings.rules import appeal_last_day, earliest_removal
from meetings.services._shared import _lock_meeting, _record
from meetings.services.justering import _request_protocol_documents
from meetings.services.protocol import _text_snapshot, rich_text


@transaction.atomic
def meeting_post(
    *,
    acting_user: Any,
    meeting: Meeting,
    posted_on: dt.date,
    remove_on: dt.date | None = None,
    storage_place: str = "",
) -> Meeting:
    """Put the justerat protocol on the anslagstavla. Not a change to the protocol, so allowed when locked."""
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.JUSTERAT, Meeting.Status.ANSLAGET):
        raise ValidationError(_("Bara ett justerat protokoll kan anslås."))
    justerat_on = timezone.localtime(meeting.justerat_at).date()
    if posted_on < justerat_on:
        raise ValidationError({"posted_on": _("Anslaget kan inte sättas upp före justeringen.")})
    if meeting.organ.kommunallagen_rules:
        remove_on = remove_on or earliest_removal(posted_on)
        if remove_on < earliest_removal(posted_on):
            raise ValidationError(
                {
                    "remove_on": _(
                        "Anslaget får inte tas ned före utgången av tiden för laglighetsprövning (%(date)s)."
                    )
                    % {"date": appeal_last_day(posted_on).isoformat()}
                }
            )
    else:
        remove_on = remove_on or earliest_removal(posted_on)
    if remove_on <= posted_on:
        raise ValidationError({"remove_on": _("Nedtagningsdagen måste vara efter anslagsdagen.")})
    changes = model_changes(meeting, {"posted_on": posted_on, "remove_on": remove_on})
    meeting.posted_on = posted_on
    meeting.remove_on = remove_on
    meeting.storage_place = storage_place or meeting.storage_place or meeting.organ.protocol_storage_place
    meeting.status = Meeting.Status.ANSLAGET
    meeting.save(update_fields=["posted_on", "remove_on", "storage_place", "status", "updated_at"])
    _record(acting_user=acting_user, action="meeting_post", target=meeting, changes=changes)
    return meeting


def _protocol_snapshot(meeting: Meeting) -> dict[str, Any]:
    return {
        "protocol_version": meeting.protocol_version,
        "items": [
            {"id": it.pk, "paragraph": it.paragraph_label, "title": it.title, **_text_snapshot(it)}
            for it in meeting.items.select_related("organ").order_by("position")
        ],
    }


@transaction.atomic
def protocol_correction_create(
    *, acting_user: Any, meeting: Meeting, item: AgendaItem, reason: str, texts: dict[str, str]
) -> ProtocolCorrection:
    """A correction after justering: the old protocol kept as a snapshot, a new numbered version with a reason."""
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
    new_version = meeting.protocol_version + 1
    correction = ProtocolCorrection.objects.create(
        meeting=meeting,
        version=new_version,
        reason=reason.strip(),
        snapshot=_protocol_snapshot(meeting),
        created_by=acting_user,
    )
    clean = {name: rich_text(value) for name, value in texts.items()}
    AgendaItem.objects.filter(pk=item.pk).update(
        **clean, version=F("version") + 1, updated_by=acting_user, updated_at=timezone.now()
    )
    saved = AgendaItem.objects.get(pk=item.pk)
    # A rättelse publishes at once: the corrected paragraph and the reason pass the same gate as justering.
    gate_check(saved, values=clean, only=clean)
    gate_check(correction)
    ItemRevision.objects.create(item=saved, version=saved.version, data=_text_snapshot(saved), created_by=acting_user)
    meeting.protocol_version = new_version
    meeting.save(update_fields=["protocol_version", "updated_at"])
    _record(
        acting_user=acting_user,
        action="protocol_correction_create",
        target=meeting,
        changes={"version": new_version, "reason": reason, "item": item.pk},
    )
    _request_protocol_documents(acting_user=acting_user, meeting=meeting)
    return correction


@transaction.atomic
def protocol_extract_create(
    *, acting_user: Any, meeting: Meeting, items: Iterable[AgendaItem], recipient: Organisation
) -> ProtocolExtract:
    meeting = _lock_meeting(meeting)
    if not meeting.is_locked:
        raise ValidationError(_("Protokollsutdrag kan göras först när protokollet är justerat."))
    chosen = list(items)
    if not chosen:
        raise ValidationError({"items": _("Välj minst en paragraf.")})
    if any(it.meeting_id != meeting.pk for it in chosen):
        raise ValidationError({"items": _("Paragrafen hör inte till det här mötet.")})
    extract = ProtocolExtract.objects.create(meeting=meeting, recipient=recipient, created_by=acting_user)
    extract.items.set(chosen)
    _record(
        acting_user=acting_user,
        action="protocol_extract_create",
        target=extract,
        changes={"items": [it.pk for it in chosen], "recipient": recipient},
    )
    from meetings.documents.models import DocumentJob
    from meetings.documents.services import document_request

    document_request(acting_user=acting_user, kind=DocumentJob.Kind.EXTRACT, extract=extract)
    return extract
