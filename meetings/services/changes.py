"""Cancelling or moving a meeting after it was planned: with a reason, a public record and notice to the members.

Both raise the meeting's iCalendar `sequence` (so calendars replace their copy), keep a MeetingChange row that
the public page shows, and e-mail every member of the organ on the meeting day through the one mail path
(lgl_portal.core.mail), after commit. Only a meeting not yet held can be cancelled or moved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Membership
from lgl_portal.core.mail import mail_send
from meetings.models import Meeting, MeetingChange
from meetings.services._shared import _lock_meeting, _meeting_url, _person_email, _record

# The fields a calendar shows: a change to any of them raises the meeting's iCalendar SEQUENCE.
CALENDAR_FIELDS = ("date", "start_time", "end_time", "location", "video_link")


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _ensure_changeable(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("Sammanträdet är redan inställt."))
    if not meeting.is_upcoming:
        raise ValidationError(_("Ett sammanträde som redan har hållits kan inte ställas in eller flyttas."))


def _change(meeting: Meeting, *, kind: str, reason: str, acting_user: Any) -> MeetingChange:
    return MeetingChange.objects.create(
        meeting=meeting,
        kind=kind,
        reason=reason,
        previous_date=meeting.date,
        previous_start_time=meeting.start_time,
        previous_end_time=meeting.end_time,
        previous_location=meeting.location,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )


def _notify_members(meeting: Meeting, change: MeetingChange) -> int:
    """E-mail every member of the organ on the (new) meeting day; the count of addresses."""
    members = Membership.objects.active_on(meeting.date).filter(organ=meeting.organ).select_related("person__user")
    recipients = sorted({e for e in (_person_email(m.person) for m in members) if e})
    # One mail per member, as the kallelse: no member sees the others' addresses.
    for address in recipients:
        mail_send(
            to=[address],
            subject_template="meetings/mail/meeting_changed_subject.txt",
            body_template="meetings/mail/meeting_changed_body.txt",
            context={"meeting": meeting, "change": change, "url": _meeting_url(meeting)},
        )
    return len(recipients)


@transaction.atomic
def meeting_cancel(*, acting_user: Any, meeting: Meeting, reason: str) -> Meeting:
    meeting = _lock_meeting(meeting)
    reason = _reason(reason, _("Ange varför sammanträdet ställs in."))
    _ensure_changeable(meeting)
    change = _change(meeting, kind=MeetingChange.Kind.CANCELLED, reason=reason, acting_user=acting_user)
    meeting.cancelled_at = timezone.now()
    meeting.cancellation_reason = reason
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "cancellation_reason", "sequence", "updated_at"])
    notified = _notify_members(meeting, change)
    _record(
        acting_user=acting_user,
        action="meeting_cancel",
        target=meeting,
        changes={"reason": reason, "notified": notified},
    )
    return meeting


@transaction.atomic
def meeting_move(
    *,
    acting_user: Any,
    meeting: Meeting,
    date: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
    location: str,
    reason: str,
) -> Meeting:
    meeting = _lock_meeting(meeting)
    reason = _reason(reason, _("Ange varför sammanträdet flyttas."))
    _ensure_changeable(meeting)
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("Sluttiden måste vara efter starttiden.")})
    new = {"date": date, "start_time": start_time, "end_time": end_time, "location": (location or "").strip()}
    if all(getattr(meeting, name) == value for name, value in new.items()):
        raise ValidationError({"date": _("Ange en ny dag, tid eller plats; det här är sammanträdets nuvarande.")})
    change = _change(meeting, kind=MeetingChange.Kind.MOVED, reason=reason, acting_user=acting_user)
    for name, value in new.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    meeting.save(update_fields=[*new, "sequence", "updated_at"])
    notified = _notify_members(meeting, change)
    _record(
        acting_user=acting_user,
        action="meeting_move",
        target=meeting,
        changes={"from": str(change.previous_date), "to": str(date), "reason": reason, "notified": notified},
    )
    return meeting
