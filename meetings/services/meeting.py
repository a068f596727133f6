"""Writes to the meeting itself: create, edit, the year's plan, kallelse, held, and the late-justering reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Membership, Organ, Person
from lgl_portal.audit.services import model_changes
from lgl_portal.core.publication import gate_check
from meetings.models import Meeting
from meetings.services._shared import (
    _ensure_editable,
    _lock_meeting,
    _meeting_url,
    _person_email,
    _record,
    _send_after_commit,
)


def _validate_times(start_time: dt.time | None, end_time: dt.time | None) -> None:
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("Sluttiden måste vara efter starttiden.")})


MEETING_FIELDS = ("title", "date", "start_time", "end_time", "location", "video_link", "secretary", "chair")


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
) -> Meeting:
    _validate_times(start_time, end_time)
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
        storage_place=organ.protocol_storage_place,
    )
    gate_check(meeting)
    meeting.adjusters.set(list(adjusters))
    _record(acting_user=acting_user, action="meeting_create", target=meeting, changes={"date": date})
    return meeting


@transaction.atomic
def meeting_update(
    *, acting_user: Any, meeting: Meeting, adjusters: Iterable[Person] | None = None, **fields: Any
) -> Meeting:
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    unknown = set(fields) - set(MEETING_FIELDS) - {"justering_place"}
    if unknown:
        raise ValueError(f"Okända fält: {sorted(unknown)}")
    _validate_times(fields.get("start_time", meeting.start_time), fields.get("end_time", meeting.end_time))
    changes = model_changes(meeting, fields)
    for name, value in fields.items():
        setattr(meeting, name, value)
    gate_check(meeting)
    meeting.save()
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
    subject = _("Kallelse: %(organ)s %(date)s") % {"organ": meeting.organ.name, "date": meeting.date.isoformat()}
    when = meeting.date.isoformat()
    if meeting.start_time:
        when += f" {meeting.start_time:%H:%M}" + (f"–{meeting.end_time:%H:%M}" if meeting.end_time else "")
    agenda = "\n".join(f"{it.position}. {it.title}" for it in meeting.items.order_by("position", "id"))
    body = _(
        "Välkommen till sammanträde med %(organ)s %(when)s%(place)s.\n\n%(message)s\n\n"
        "Föredragningslista:\n%(agenda)s\n\nHandlingar: %(url)s\n"
    ) % {
        "organ": meeting.organ.name,
        "when": when,
        "place": f", {meeting.location}" if meeting.location else "",
        "message": message,
        "agenda": agenda,
        "url": _meeting_url(meeting),
    }
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
    meeting.status = Meeting.Status.KALLAT
    meeting.kallelse_sent_at = timezone.now()
    meeting.kallelse_message = message
    meeting.save(update_fields=["status", "kallelse_sent_at", "kallelse_message", "updated_at"])
    _record(acting_user=acting_user, action="kallelse_send", target=meeting, changes={"recipients": len(recipients)})
    _send_after_commit(messages)
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
    """E-mail the secretary once for each meeting not justerat within the warning period. Returns the count."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.LGL_JUSTERING_WARNING_DAYS)
    late = (
        Meeting.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            date__lt=cutoff,
            justering_warned_at__isnull=True,
            status__in=[Meeting.Status.GENOMFORT, Meeting.Status.UNDER_JUSTERING, Meeting.Status.KALLAT],
        )
        .select_related("organ", "secretary__user")
    )
    messages = []
    count = 0
    for meeting in late:
        recipient = _person_email(meeting.secretary) if meeting.secretary_id else ""
        if recipient:
            messages.append(
                (
                    _("Protokollet är inte justerat: %(meeting)s") % {"meeting": meeting},
                    _("Protokollet från %(date)s har inte justerats inom %(days)s dagar: %(url)s\n")
                    % {
                        "date": meeting.date.isoformat(),
                        "days": settings.LGL_JUSTERING_WARNING_DAYS,
                        "url": _meeting_url(meeting),
                    },
                    settings.DEFAULT_FROM_EMAIL,
                    [recipient],
                )
            )
        meeting.justering_warned_at = timezone.now()
        meeting.save(update_fields=["justering_warned_at"])
        _record(acting_user=None, action="late_justering_warn", target=meeting)
        count += 1
    _send_after_commit(messages)
    return count
