"""After justering: the anslag and protocol extracts (rättelser are in meetings.services.correction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from groups.models import Organisation
from lgl_portal.audit.services import model_changes
from meetings import rules
from meetings.models import AgendaItem, Meeting, NoticePosting, ProtocolExtract
from meetings.services._shared import _lock_meeting, _record
from meetings.services.justering import _request_protocol_documents


@transaction.atomic
def meeting_post(
    *,
    acting_user: Any,
    meeting: Meeting,
    posted_on: dt.date,
    remove_on: dt.date | None = None,
    storage_place: str = "",
    board_postings: Mapping[Organisation, dt.date | None] | None = None,
) -> Meeting:
    """Put the justerat protocol on the anslagstavla. Not a change to the protocol, so allowed when locked.

    For an organ shared by several principals, `board_postings` gives the day the notice went up on each
    partner's anslagstavla (None: not yet); the time for överklagande starts on the last of them.
    """
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.JUSTERAT, Meeting.Status.ANSLAGET):
        raise ValidationError(_("Bara ett justerat protokoll kan anslås."))
    justerat_on = rules.justerat_on(meeting)
    if justerat_on is None or posted_on < justerat_on:
        raise ValidationError({"posted_on": _("Anslaget kan inte sättas upp före justeringen.")})
    boards = {b.pk: b for b in meeting.organ.notice_boards.all()}
    postings = {org.pk: day for org, day in (board_postings or {}).items()}
    errors: dict[str, list[str]] = {}
    for org_pk, day in postings.items():
        if org_pk not in boards:
            errors.setdefault("posted_on", []).append(_("Anslagstavlan hör inte till organet."))
        elif day is not None and day < justerat_on:
            errors[f"board_{org_pk}"] = [_("Anslaget kan inte sättas upp före justeringen.")]
    if errors:
        raise ValidationError(errors)
    # The notice stays up until the time for laglighetsprövning has run out (8 kap. 12 §), counted from the last
    # posting when several anslagstavlor share it; the dates are the law module's, under Lag (1930:173).
    known = [posted_on, *(postings.get(pk, _current_board_posting(meeting, pk)) for pk in boards)]
    last_posted = max(d for d in known if d is not None)
    earliest = rules.earliest_removal(last_posted)
    remove_on = remove_on or earliest
    if meeting.organ.kommunallagen_rules and remove_on < earliest:
        raise ValidationError(
            {
                "remove_on": _("Anslaget får inte tas ned före utgången av tiden för laglighetsprövning (%(date)s).")
                % {"date": rules.appeal_last_day(last_posted).isoformat()}
            }
        )
    if remove_on <= posted_on:
        raise ValidationError({"remove_on": _("Nedtagningsdagen måste vara efter anslagsdagen.")})
    storage_place = storage_place or meeting.storage_place or meeting.organ.protocol_storage_place
    changes = model_changes(meeting, {"posted_on": posted_on, "remove_on": remove_on, "storage_place": storage_place})
    for org_pk, day in postings.items():
        before = _current_board_posting(meeting, org_pk)
        if day == before:
            continue
        changes[f"anslag {boards[org_pk].name}"] = [
            before.isoformat() if before else None,
            day.isoformat() if day else None,
        ]
        if day is None:
            NoticePosting.objects.filter(meeting=meeting, organisation_id=org_pk).delete()
        else:
            NoticePosting.objects.update_or_create(meeting=meeting, organisation_id=org_pk, defaults={"posted_on": day})
    meeting.posted_on = posted_on
    meeting.remove_on = remove_on
    meeting.storage_place = storage_place
    meeting.status = Meeting.Status.ANSLAGET
    meeting.save(update_fields=["posted_on", "remove_on", "storage_place", "status", "updated_at"])
    _record(acting_user=acting_user, action="meeting_post", target=meeting, changes=changes)
    if changes:
        # The PDFs print the anslag: the public and archival versions are made again through the outbox.
        _request_protocol_documents(acting_user=acting_user, meeting=meeting)
    return meeting


def _current_board_posting(meeting: Meeting, organisation_id: int) -> dt.date | None:
    posting = NoticePosting.objects.filter(meeting=meeting, organisation_id=organisation_id).first()
    return posting.posted_on if posting else None


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


@transaction.atomic
def anslag_documents_refresh(*, today: dt.date, acting_user: Any = None) -> int:
    """On the day a recorded posting takes effect, make the protocol PDFs again: until then they announced the
    anslag as coming, from today they state it and its dates. Returns how many meetings were refreshed."""
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.ANSLAGET)
        .filter(Q(posted_on=today) | Q(notice_postings__posted_on=today))
        .distinct()
        .order_by("pk")
    )
    count = 0
    for meeting in meetings:
        _request_protocol_documents(acting_user=acting_user, meeting=meeting)
        count += 1
    return count
