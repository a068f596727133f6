"""Reminders before the justering deadline (Kommunallagen 5 kap. 69 §, or the organ's own rule).

The secretary, the chair and the justerare hear of it `LGL_JUSTERING_REMIND_DAYS_AHEAD` days before the deadline
and on the day itself, for every held meeting without a justering, whatever its status says (a meeting left as
"planerat" after its date is as late as one marked "genomfört"). The deadline comes from lgl_portal.law.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction

from lgl_portal.law.deadlines import is_reminder_day
from lgl_portal.law.kommunallagen import justering_deadline
from meetings.models import Meeting
from meetings.services._shared import _mail, _person_email, _record

NOT_JUSTERAT = (
    Meeting.Status.PLANERAT,
    Meeting.Status.KALLAT,
    Meeting.Status.GENOMFORT,
    Meeting.Status.UNDER_JUSTERING,
)
# Widest window worth reading: the organ's rule is at most 60 days and 1930:173 adds at most a few.
_LOOKBACK = dt.timedelta(days=70)


def _recipients(meeting: Meeting) -> list[str]:
    people = [meeting.secretary, meeting.chair, *meeting.adjusters.all()]
    seen: list[str] = []
    for person in people:
        email = _person_email(person) if person else ""
        if email and email not in seen:
            seen.append(email)
    return seen


def _remind(meeting: Meeting, deadline: dt.date, today: dt.date) -> None:
    from django.urls import reverse

    names = ", ".join(p.name for p in [meeting.chair, *meeting.adjusters.all()] if p)
    _mail(
        to=_recipients(meeting),
        template="justering_reminder",
        context={
            "deadline_is_today": deadline == today,
            "organ": meeting.organ.name,
            "date": meeting.date.isoformat(),
            "deadline": deadline.isoformat(),
            "names": names or "–",
            "url": settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk]),
        },
    )


@transaction.atomic
def justering_reminders_send(*, today: dt.date, acting_user: Any = None) -> int:
    """Remind before and on the justering deadline; returns how many meetings were reminded. Runs once a day."""
    meetings = (
        Meeting.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(date__lt=today, date__gte=today - _LOOKBACK, status__in=NOT_JUSTERAT)
        .exclude(justering_reminded_on=today)
        .select_related("organ", "secretary__user", "chair__user")
        .prefetch_related("adjusters__user")
    )
    warn_days = settings.LGL_JUSTERING_REMIND_DAYS_AHEAD
    count = 0
    for meeting in meetings:
        deadline = justering_deadline(meeting.date, days=meeting.organ.justering_days)
        if not is_reminder_day(due=deadline, today=today, warn_days=warn_days):
            continue
        _remind(meeting, deadline, today)
        meeting.justering_reminded_on = today
        meeting.save(update_fields=["justering_reminded_on"])
        _record(acting_user=acting_user, action="justering_remind", target=meeting, changes={"deadline": deadline})
        count += 1
    return count
