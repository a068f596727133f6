"""Reads for meeting pages, the calendar, the anslagstavla and the justering page, with their joins done once."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from groups.models import Organ, Person
from lgl_portal.core.richtext import html_to_text
from meetings import rules
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    ItemRevision,
    JusteringSignature,
    Meeting,
    ParagraphComment,
    Presenter,
    Recusal,
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


def meeting_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda with presenters, handlingar and jäv, in a fixed number of queries however long it is."""
    return list(
        meeting.items.select_related("organ")
        .prefetch_related(
            Prefetch("presenters", queryset=Presenter.objects.select_related("person__organisation")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
            Prefetch("recusals", queryset=Recusal.objects.select_related("person")),
        )
        .order_by("position", "id")
    )


def meeting_attendance(*, meeting: Meeting) -> dict[str, list[Attendance]]:
    rows = list(
        meeting.attendances.select_related(
            "person__organisation", "organisation", "replaces", "from_item__organ", "until_item__organ"
        ).order_by("role", "person__name", "name")
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
    rows = list(meeting.signatures.select_related("person__user", "decided_by").order_by("-round", "id"))
    if not rows:
        return []
    latest = rows[0].round
    # The chair signs first in a protocol, then the justerare.
    return sorted((r for r in rows if r.round == latest), key=lambda r: (r.role != r.Role.ORDFORANDE, r.pk))


def signatures_all(*, meeting: Meeting) -> list[JusteringSignature]:
    rows = meeting.signatures.select_related("person", "decided_by").order_by("round", "id")
    return sorted(rows, key=lambda r: (r.round, r.role != r.Role.ORDFORANDE, r.pk))


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
        .prefetch_related("adjusters")
        .order_by("-posted_on", "organ__name")
    )
    return [anslag_facts(meeting=m) for m in meetings]


def anslag_archive(*, today: dt.date | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Notices already taken down, newest first: where the justerade protocols of the past are found."""
    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.ANSLAGET, organ__is_public=True, remove_on__lt=today)
        .select_related("organ")
        .order_by("-posted_on", "organ__name")[:limit]
    )
    return [anslag_facts(meeting=m) for m in meetings]


def anslag_facts(*, meeting: Meeting) -> dict[str, Any]:
    """What the bevis om anslag shows, computed once for the page and the meeting view."""
    justerat_on = timezone.localtime(meeting.justerat_at).date() if meeting.justerat_at else None
    facts: dict[str, Any] = {
        "meeting": meeting,
        "justerat_on": justerat_on,
        "posted_on": meeting.posted_on,
        "remove_on": meeting.remove_on,
        "storage_place": meeting.storage_place or meeting.organ.protocol_storage_place,
        "appeal_last_day": None,
        "posted_late": rules.posted_late(meeting),
    }
    if meeting.organ.kommunallagen_rules and meeting.posted_on:
        facts["appeal_last_day"] = rules.appeal_last_day(meeting.posted_on)
    return facts


def justering_overdue(*, meeting: Meeting, today: dt.date | None = None) -> bool:
    from django.conf import settings

    today = today or timezone.localdate()
    return (
        meeting.status
        in (
            Meeting.Status.KALLAT,
            Meeting.Status.GENOMFORT,
            Meeting.Status.UNDER_JUSTERING,
        )
        and meeting.date + dt.timedelta(days=settings.LGL_JUSTERING_WARNING_DAYS) < today
    )


# --- History and diffs ------------------------------------------------------------------------------------


@dataclass
class RevisionDiff:
    revision: ItemRevision
    changes: list[tuple[str, list[str]]]


def item_history(*, item: AgendaItem) -> list[RevisionDiff]:
    """Each saved version with a line diff against the one before, per text field, newest first."""
    revisions = list(item.revisions.select_related("created_by").order_by("version"))
    labels = {name: AgendaItem._meta.get_field(name).verbose_name for name in AgendaItem.TEXT_FIELDS}
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
