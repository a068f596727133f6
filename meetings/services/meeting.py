"""Writes to the meeting itself: create, edit, the year's plan, kallelse, held, and the late-justering reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Membership, Organ, Person
from lgl_portal.audit.services import model_changes
from lgl_portal.core.model_update import UNSET, Unset, given, model_update
from lgl_portal.core.publication import gate_check
from meetings import rules
from meetings.models import AgendaApproval, AgendaItem, Meeting
from meetings.services._shared import (
    _ensure_editable,
    _lock_meeting,
    _mail,
    _meeting_url,
    _person_email,
    _record,
)
from meetings.services.changes import CALENDAR_FIELDS


def _validate_times(start_time: dt.time | None, end_time: dt.time | None) -> None:
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("Sluttiden måste vara efter starttiden.")})


MEETING_FIELDS = ("title", "date", "start_time", "end_time", "location", "video_link", "secretary", "chair")
MEETING_UPDATE_FIELDS = (*MEETING_FIELDS, "justering_place", "justering_date", "agenda_approval")


def _validate_frame(meeting: Meeting | None, date: dt.date, justering_date: dt.date | None, approval: str) -> None:
    """The planned justering and the approval of the föredragningslista (issue 13)."""
    if justering_date and justering_date < date:
        raise ValidationError({"justering_date": _("Justeringen kan inte ske före sammanträdet.")})
    if approval and approval not in AgendaApproval.values:
        raise ValidationError({"agenda_approval": _("Välj hur föredragningslistan godkändes.")})
    if approval == AgendaApproval.MED_TILLAGG and (
        meeting is None or not meeting.items.filter(kind=AgendaItem.Kind.TILLAGG).exists()
    ):
        raise ValidationError({"agenda_approval": _("Det finns inget ärende av typen Tillägg på föredragningslistan.")})


@transaction.atomic
def meeting_create(
    *,
    acting_user: Any,
    organ: Organ,
    date: dt.date,
    title: str = "",
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
    video_link: str = "",
    secretary: Person | None = None,
    chair: Person | None = None,
    adjusters: Iterable[Person] = (),
    justering_place: str = "",
    justering_date: dt.date | None = None,
) -> Meeting:
    _validate_times(start_time, end_time)
    _validate_frame(None, date, justering_date, "")
    meeting = Meeting.objects.create(
        organ=organ,
        date=date,
        title=title,
        start_time=start_time,
        end_time=end_time,
        location=location,
        video_link=video_link,
        secretary=secretary,
        chair=chair,
        justering_place=justering_place,
        justering_date=justering_date,
        storage_place=organ.protocol_storage_place,
    )
    gate_check(meeting)
    meeting.adjusters.set(list(adjusters))
    _record(acting_user=acting_user, action="meeting_create", target=meeting, changes={"date": date})
    return meeting


@transaction.atomic
def meeting_update(
    *,
    acting_user: Any,
    meeting: Meeting,
    title: str | Unset = UNSET,
    date: dt.date | Unset = UNSET,
    start_time: dt.time | Unset | None = UNSET,
    end_time: dt.time | Unset | None = UNSET,
    location: str | Unset = UNSET,
    video_link: str | Unset = UNSET,
    secretary: Person | Unset | None = UNSET,
    chair: Person | Unset | None = UNSET,
    justering_place: str | Unset = UNSET,
    justering_date: dt.date | Unset | None = UNSET,
    agenda_approval: str | Unset = UNSET,
    adjusters: Iterable[Person] | None = None,
) -> Meeting:
    """Change the fields named (the others stay); `adjusters`, when given, replaces the justerare."""
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    data = given(
        title=title,
        date=date,
        start_time=start_time,
        end_time=end_time,
        location=location,
        video_link=video_link,
        secretary=secretary,
        chair=chair,
        justering_place=justering_place,
        justering_date=justering_date,
        agenda_approval=agenda_approval,
    )
    _validate_times(data.get("start_time", meeting.start_time), data.get("end_time", meeting.end_time))
    _validate_frame(
        meeting,
        data.get("date", meeting.date),
        data.get("justering_date", meeting.justering_date),
        data.get("agenda_approval", meeting.agenda_approval),
    )
    changes = model_changes(meeting, data)
    gate_check(meeting, values=data)
    model_update(instance=meeting, fields=MEETING_UPDATE_FIELDS, data=data)
    if set(changes) & set(CALENDAR_FIELDS):
        # Calendars that hold the meeting must replace it (iCal SEQUENCE).
        meeting.sequence += 1
        meeting.save(update_fields=["sequence"])
    if adjusters is not None:
        meeting.adjusters.set(list(adjusters))
        changes["adjusters"] = [p.pk for p in meeting.adjusters.all()]
    _record(acting_user=acting_user, action="meeting_update", target=meeting, changes=changes)
    return meeting


@transaction.atomic
def meeting_plan_create(
    *,
    acting_user: Any,
    organ: Organ,
    dates: list[dt.date],
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
) -> list[Meeting]:
    """A year's sammanträdesplan in one go; a date that already has a meeting of the organ is skipped."""
    if not dates:
        raise ValidationError({"dates": _("Ange minst ett datum.")})
    _validate_times(start_time, end_time)
    existing = set(Meeting.objects.filter(organ=organ, date__in=dates).values_list("date", flat=True))
    created = []
    for day in sorted(set(dates) - existing):
        created.append(
            meeting_create(
                acting_user=acting_user,
                organ=organ,
                date=day,
                start_time=start_time,
                end_time=end_time,
                location=location,
            )
        )
    return created


@transaction.atomic
def kallelse_send(*, acting_user: Any, meeting: Meeting, message: str = "") -> int:
    """Mark the meeting kallat and e-mail every active member a link to the meeting page. Returns the count."""
    meeting = _lock_meeting(meeting)
    if not meeting.is_upcoming:
        raise ValidationError(_("Kallelse kan bara skickas innan mötet har genomförts."))
    if not meeting.items.exists():
        raise ValidationError(_("Lägg till minst ett ärende på föredragningslistan innan kallelsen skickas."))
    members = Membership.objects.active_on(meeting.date).filter(organ=meeting.organ).select_related("person__user")
    recipients = sorted({e for e in (_person_email(m.person) for m in members) if e})
    when = meeting.date.isoformat()
    if meeting.start_time:
        when += f" {meeting.start_time:%H:%M}" + (f"–{meeting.end_time:%H:%M}" if meeting.end_time else "")
    agenda = "\n".join(f"{it.position}. {it.title}" for it in meeting.items.order_by("position", "id"))
    context = {
        "organ": meeting.organ.name,
        "date": meeting.date.isoformat(),
        "when": when,
        "place": f", {meeting.location}" if meeting.location else "",
        "message": message,
        "agenda": agenda,
        "url": _meeting_url(meeting),
    }
    meeting.status = Meeting.Status.KALLAT
    meeting.kallelse_sent_at = timezone.now()
    meeting.kallelse_message = message
    meeting.sequence += 1  # TENTATIVE becomes CONFIRMED in the calendars
    meeting.save(update_fields=["status", "kallelse_sent_at", "kallelse_message", "sequence", "updated_at"])
    _record(acting_user=acting_user, action="kallelse_send", target=meeting, changes={"recipients": len(recipients)})
    _mail(to=recipients, template="kallelse", context=context)
    return len(recipients)


@transaction.atomic
def meeting_mark_held(*, acting_user: Any, meeting: Meeting) -> Meeting:
    meeting = _lock_meeting(meeting)
    if not meeting.is_upcoming:
        raise ValidationError(_("Mötet kan inte markeras som genomfört i sin nuvarande status."))
    meeting.status = Meeting.Status.GENOMFORT
    meeting.save(update_fields=["status", "updated_at"])
    _record(acting_user=acting_user, action="meeting_mark_held", target=meeting)
    return meeting


@transaction.atomic
def late_justering_warn(*, today: dt.date | None = None) -> int:
    """E-mail the secretary once for each held meeting past its justering deadline (meetings.rules: the organ's
    days, Lag 1930:173), whatever status it was left in. Returns the count."""
    today = today or timezone.localdate()
    candidates = (
        Meeting.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(date__lt=today, justering_warned_at__isnull=True, status__in=rules.NOT_JUSTERAT)
        .select_related("organ", "secretary__user")
    )
    count = 0
    for meeting in candidates:
        if not rules.justering_overdue(meeting, today=today):
            continue
        deadline = rules.justering_deadline(meeting)
        _mail(
            to=[_person_email(meeting.secretary)],
            template="late_justering",
            context={
                "meeting": str(meeting),
                "date": meeting.date.isoformat(),
                "deadline": deadline.isoformat(),
                "url": _meeting_url(meeting),
            },
        )
        meeting.justering_warned_at = timezone.now()
        meeting.save(update_fields=["justering_warned_at"])
        _record(acting_user=None, action="late_justering_warn", target=meeting, changes={"deadline": deadline})
        count += 1
    return count
