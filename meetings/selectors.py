"""Reads for meeting pages, the calendar, the anslagstavla and the justering page, with their joins done once."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone

from groups.models import Organ, Person
from lgl_portal.core.richtext import html_to_text
from meetings import deciding, presentation, rules
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceRange,
    Ballot,
    CorrectionApproval,
    ItemRevision,
    JusteringSignature,
    Meeting,
    MemberStatement,
    Motion,
    ParagraphComment,
    Presenter,
    ProtocolCorrection,
    Recusal,
    Vote,
)


def meeting_get(*, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("organ__county", "secretary", "chair"),
        pk=pk,
    )


def meeting_list_public(*, organ: Organ | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(organ__is_public=True).select_related("organ")
    if organ is not None:
        qs = qs.filter(organ=organ)
    return qs


def meetings_upcoming_and_past(*, organ: Organ | None = None, today: dt.date | None = None) -> tuple[list, list]:
    today = today or timezone.localdate()
    qs = meeting_list_public(organ=organ)
    upcoming = list(qs.filter(date__gte=today).order_by("date", "start_time")[:100])
    past = list(qs.filter(date__lt=today).order_by("-date", "-start_time")[:100])
    return upcoming, past


def meetings_for_calendar(*, organ: Organ | None = None) -> QuerySet[Meeting]:
    since = timezone.localdate() - dt.timedelta(days=400)
    return meeting_list_public(organ=organ).filter(date__gte=since).order_by("date")


def public_organs() -> QuerySet[Organ]:
    return Organ.objects.filter(is_public=True, meetings__isnull=False).distinct().order_by("name")


def proceedings_prefetches() -> list[Any]:
    """What `presentation.paragraph_sections` reads, prefetched: a constant number of queries per protocol."""
    return [
        "decision_points",
        Prefetch("motion_entries", queryset=Motion.objects.select_related("mover").prefetch_related("supporters")),
        "proposition_order",
        Prefetch(
            "roll_call",
            queryset=Vote.objects.prefetch_related(
                Prefetch("ballots", queryset=Ballot.objects.select_related("person").order_by("id"))
            ),
        ),
        Prefetch("statements", queryset=MemberStatement.objects.select_related("person")),
    ]


def meeting_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda with presenters, handlingar and jäv, in a fixed number of queries however long it is."""
    return list(
        meeting.items.select_related("organ")
        .prefetch_related(
            Prefetch("presenters", queryset=Presenter.objects.select_related("person__organisation")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
            Prefetch("recusals", queryset=Recusal.objects.select_related("person")),
            *proceedings_prefetches(),
        )
        .order_by("position", "id")
    )


def item_deciding_ids(*, item: AgendaItem) -> frozenset[int]:
    """The people deciding in one paragraph (meetings.deciding over the whole meeting, so ranges resolve)."""
    return deciding.deciding_by_item(meeting=item.meeting)[item.pk].person_ids


def meeting_attendance(*, meeting: Meeting) -> dict[str, list[Attendance]]:
    rows = list(
        meeting.attendances.select_related("person__organisation", "organisation", "replaces")
        .prefetch_related(
            Prefetch("ranges", queryset=AttendanceRange.objects.select_related("from_item", "until_item"))
        )
        .order_by("role", "person__name", "name")
    )
    grouped: dict[str, list[Attendance]] = {"beslutande": [], "franvarande": [], "ovriga": []}
    for row in rows:
        if row.role == Attendance.Role.OVRIG:
            grouped["ovriga"].append(row)
        elif row.presence == Attendance.Presence.FRANVARANDE:
            grouped["franvarande"].append(row)
        else:
            grouped["beslutande"].append(row)
    return grouped


def people_choices() -> QuerySet[Person]:
    """People to choose from on a meeting's forms (föredragare, närvaro, justerare)."""
    return Person.objects.select_related("organisation").filter(anonymised_at__isnull=True).order_by("name")


def signatures_current(*, meeting: Meeting) -> list[JusteringSignature]:
    rows = _related(meeting, "signatures", lambda qs: qs.select_related("person__user", "decided_by"))
    if not rows:
        return []
    latest = max(r.round for r in rows)
    # The chair signs first in a protocol, then the justerare.
    return sorted((r for r in rows if r.round == latest), key=lambda r: (r.role != r.Role.ORDFORANDE, r.pk))


def comments_by_item(*, meeting: Meeting) -> dict[int, list[ParagraphComment]]:
    out: dict[int, list[ParagraphComment]] = {}
    for comment in ParagraphComment.objects.filter(item__meeting=meeting).select_related("author"):
        out.setdefault(comment.item_id, []).append(comment)
    return out


def item_get(*, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("meeting__organ", "organ"), pk=pk)


def attachment_get(*, pk: int) -> Attachment:
    return get_object_or_404(Attachment.objects.select_related("item__meeting__organ"), pk=pk)


def anslag_list(*, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The notices on the anslagstavla now: posted, not yet taken down, of public organs."""
    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.ANSLAGET, organ__is_public=True, posted_on__lte=today)
        .filter(Q(remove_on__isnull=True) | Q(remove_on__gte=today))
        .select_related("organ", "chair", "secretary")
        .prefetch_related("adjusters", "organ__notice_boards", "notice_postings__organisation")
        .order_by("-posted_on", "organ__name")
    )
    return [anslag_facts(meeting=m) for m in meetings]


def anslag_archive(*, today: dt.date | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Notices already taken down, newest first: where the justerade protocols of the past are found."""
    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.ANSLAGET, organ__is_public=True, remove_on__lt=today)
        .select_related("organ")
        .prefetch_related("organ__notice_boards", "notice_postings__organisation")
        .order_by("-posted_on", "organ__name")[:limit]
    )
    return [anslag_facts(meeting=m) for m in meetings]


def anslag_facts(*, meeting: Meeting, today: dt.date | None = None) -> dict[str, Any]:
    """What the bevis om anslag shows, from meetings.rules: the page, the PDF and the API all print these.

    `posted` is whether the notice is up already: a posting recorded for a later day is announced as coming, never
    as done (a daily task makes the PDFs again on the posting day).
    """
    dates = rules.anslag_dates(meeting)
    today = today or timezone.localdate()
    return {
        "meeting": meeting,
        "posted": bool(meeting.posted_on and meeting.posted_on <= today),
        "justerat_on": rules.justerat_on(meeting),
        "posted_on": meeting.posted_on,
        # For an organ shared by several principals: when the notice was up on the last of their anslagstavlor.
        "appeal_starts_on": dates.posted_on if dates else None,
        "remove_on": meeting.remove_on,
        "storage_place": meeting.storage_place or meeting.organ.protocol_storage_place,
        "appeal_last_day": dates.last_appeal_day if (dates and meeting.organ.kommunallagen_rules) else None,
        "earliest_take_down": dates.earliest_take_down if dates else None,
        "posting_deadline": rules.posting_deadline(meeting),
        "posted_late": rules.posted_late(meeting),
        "board_postings": [(p.organisation, p.posted_on) for p in meeting.notice_postings.all()],
    }


def anslag_open_data(*, meeting: Meeting) -> dict[str, str | None] | None:
    """The bevis om anslag for the open-data API ("lgl:anslag"), the same facts as the page and the PDF;
    None before the protocol has been posted."""
    facts = anslag_facts(meeting=meeting)
    if not (meeting.is_locked and facts["posted"]):
        return None

    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "postedOn": iso(facts["posted_on"]),
        "appealStartsOn": iso(facts["appeal_starts_on"]),
        "lastAppealDay": iso(facts["appeal_last_day"]),
        "takeDownOn": iso(facts["remove_on"]),
        "earliestTakeDown": iso(facts["earliest_take_down"]),
    }


def justering_overdue(*, meeting: Meeting, today: dt.date | None = None) -> bool:
    return rules.justering_overdue(meeting, today=today)


# --- History and diffs ------------------------------------------------------------------------------------


@dataclass
class RevisionDiff:
    revision: ItemRevision
    changes: list[tuple[str, list[str]]]


def item_history(*, item: AgendaItem) -> list[RevisionDiff]:
    """Each saved version with a line diff against the one before, per text field, newest first."""
    revisions = list(item.revisions.select_related("created_by").order_by("version"))
    labels = {name: presentation.text_field_name(AgendaItem, name) for name in AgendaItem.TEXT_FIELDS}
    out: list[RevisionDiff] = []
    previous: dict[str, str] = {}
    for revision in revisions:
        changes = []
        for name in AgendaItem.TEXT_FIELDS:
            old = html_to_text(previous.get(name, "")).splitlines()
            new = html_to_text(revision.data.get(name, "")).splitlines()
            if old != new:
                diff = [
                    line
                    for line in list(difflib.unified_diff(old, new, lineterm="", n=1))[2:]
                    if not line.startswith("@@")
                ]
                changes.append((str(labels[name]), diff))
        out.append(RevisionDiff(revision=revision, changes=changes))
        previous = revision.data
    out.reverse()
    return out


# --- Rättelser ---------------------------------------------------------------------------------------------


def _approved_corrections() -> QuerySet[ProtocolCorrection]:
    return (
        ProtocolCorrection.objects.filter(status=ProtocolCorrection.Status.APPROVED)
        .select_related("item__organ")
        .prefetch_related(Prefetch("approvals", queryset=CorrectionApproval.objects.select_related("person")))
        .order_by("version")
    )


def approved_corrections_prefetch() -> Prefetch:
    """The approved rättelser, oldest first, with who approved them, as `meeting.approved_corrections`."""
    return Prefetch("corrections", queryset=_approved_corrections(), to_attr="approved_corrections")


def approved_corrections(*, meeting: Meeting) -> list[ProtocolCorrection]:
    """The approved rättelser, oldest first: the prefetched ones (`approved_corrections_prefetch`), else read."""
    prefetched = getattr(meeting, "approved_corrections", None)
    if prefetched is not None:
        return list(prefetched)
    return list(_approved_corrections().filter(meeting=meeting))


def meeting_protocol_rows(*, meeting: Meeting) -> Meeting:
    """The meeting with the rows a protocol page shows in more than one place read once: its signatures (the
    frame's signature block and the justering) and its approved rättelser (the frame and the rättelse notes)."""
    prefetch_related_objects(
        [meeting],
        Prefetch("signatures", queryset=JusteringSignature.objects.select_related("person__user", "decided_by")),
        approved_corrections_prefetch(),
    )
    return meeting


def correction_notes(*, meeting: Meeting, public: bool) -> list[dict[str, Any]]:
    """The rättelse notes the web protocol and the PDF print: version, date, paragraph, reason, who approved.

    In the public version a rättelse of a confidential paragraph names the paragraph but not the reason.
    """
    notes = []
    for c in approved_corrections(meeting=meeting):
        item = c.item
        hidden = public and item is not None and item.is_confidential
        notes.append(
            {
                "version": c.version,
                "at": c.decided_at,
                # A point's label ends with its own full stop ("7."); the note adds one after it.
                "paragraph": (item.paragraph_label or item.title).removesuffix(".") if item else "",
                "reason": "" if hidden else c.reason,
                "approved_by": [
                    {
                        "person_id": a.person_id,
                        "name": a.person.public_name if public else a.person.name,
                        "role": a.get_role_display(),
                        "at": a.decided_at,
                    }
                    for a in sorted(c.approvals.all(), key=lambda a: (a.role != "ordforande", a.pk))
                ],
            }
        )
    return notes


@dataclass
class FieldDiff:
    label: str
    # (kind, text) with kind "same", "del" or "ins", in reading order: what the signers compare.
    segments: list[tuple[str, str]]


def correction_diff(*, correction: ProtocolCorrection) -> list[FieldDiff]:
    """Word by word, what the proposed rättelse changes in each text field of the paragraph."""
    out = []
    for name, after in correction.texts_after.items():
        old = html_to_text(correction.texts_before.get(name, "")).split()
        new = html_to_text(after).split()
        segments: list[tuple[str, str]] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if op == "equal":
                segments.append(("same", " ".join(old[i1:i2])))
                continue
            if i2 > i1:
                segments.append(("del", " ".join(old[i1:i2])))
            if j2 > j1:
                segments.append(("ins", " ".join(new[j1:j2])))
        label = str(getattr(AgendaItem._meta.get_field(name), "verbose_name", name)).capitalize()
        out.append(FieldDiff(label=label, segments=segments))
    return out


def correction_pending(*, meeting: Meeting) -> ProtocolCorrection | None:
    """The rättelse waiting for the signers, with its approvals and who proposed it."""
    return (
        meeting.corrections.filter(status=ProtocolCorrection.Status.PROPOSED)
        .select_related("item__organ", "created_by__person")
        .prefetch_related("approvals__person")
        .first()
    )


# --- Waiting for the signers --------------------------------------------------------------------------------


@dataclass
class WaitingForSigner:
    meeting: Meeting
    # "justering" while the protocol waits for the signer's approval, "rattelse" for a proposed rättelse.
    kind: str
    deadline: dt.date | None
    state: str


def waiting_for_signer(*, user: Any, today: dt.date | None = None) -> list[WaitingForSigner]:
    """Protocols and rättelser waiting for this chair's or justerare's besked, soonest deadline first.

    The justering deadline comes from meetings.rules (the organ's days, Lag 1930:173); a rättelse has none.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    signatures = (
        JusteringSignature.objects.filter(
            person__user=user,
            status=JusteringSignature.Status.PENDING,
            meeting__status=Meeting.Status.UNDER_JUSTERING,
        )
        .select_related("meeting__organ")
        .order_by("meeting__date", "meeting_id")
    )
    out = []
    seen: set[int] = set()
    for s in signatures:
        if s.meeting_id in seen:
            continue
        seen.add(s.meeting_id)
        out.append(
            WaitingForSigner(
                meeting=s.meeting,
                kind="justering",
                deadline=rules.justering_deadline(s.meeting),
                state=str(rules.justering_state(s.meeting, today=today)),
            )
        )
    approvals = (
        CorrectionApproval.objects.filter(
            person__user=user,
            status=JusteringSignature.Status.PENDING,
            correction__status=ProtocolCorrection.Status.PROPOSED,
        )
        .select_related("correction__meeting__organ")
        .order_by("correction__created_at")
    )
    out += [
        WaitingForSigner(meeting=a.correction.meeting, kind="rattelse", deadline=None, state="open") for a in approvals
    ]
    return sorted(out, key=lambda w: (w.deadline or dt.date.max, w.meeting.date))


def corrections_all(*, meeting: Meeting) -> list[ProtocolCorrection]:
    """Every rättelse of the meeting, proposed, approved or returned, newest first, for the secretary's page."""
    return list(
        meeting.corrections.select_related("item__organ", "created_by__person")
        .prefetch_related("approvals__person")
        .order_by("-created_at", "-id")
    )


# --- Issue 13, the protocol's frame -------------------------------------------------------------------------------


def _related(meeting: Meeting, name: str, shape: Any) -> list[Any]:
    """A relation's rows: the prefetched ones (the document selector) or one shaped query (the web pages)."""
    cache = getattr(meeting, "_prefetched_objects_cache", {})
    manager = getattr(meeting, name)
    return list(manager.all()) if name in cache else list(shape(manager.all()))


def protocol_frame(*, meeting: Meeting, items: list[AgendaItem], public: bool) -> presentation.ProtocolFrame:
    """The protocol's header and signature block (meetings.presentation), for the web protocol and the PDF."""
    return presentation.protocol_frame(
        meeting=meeting,
        items=items,
        adjournments=_related(meeting, "adjournments", lambda qs: qs),
        adjusters=_related(meeting, "adjusters", lambda qs: qs),
        signatures=_related(meeting, "signatures", lambda qs: qs.select_related("person")),
        corrections=approved_corrections(meeting=meeting),
        public=public,
    )
