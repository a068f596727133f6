"""The legal dates of an anslag (Kommunallagen), in the one place the meetings app computes them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import Meeting

APPEAL_PERIOD = dt.timedelta(weeks=3)
# Kommunallagen 8 kap. 12 §: the anslag goes up no later than the second day after justering.
POSTING_GRACE_DAYS = 2


def appeal_last_day(posted_on: dt.date) -> dt.date:
    return posted_on + APPEAL_PERIOD


def earliest_removal(posted_on: dt.date) -> dt.date:
    """The notice may come down the day after the last day for laglighetsprövning."""
    return appeal_last_day(posted_on) + dt.timedelta(days=1)


def posted_late(meeting: Meeting) -> bool:
    """Posted later than the second day after justering (Kommunallagen 8 kap. 12 §)."""
    if not (meeting.posted_on and meeting.justerat_at):
        return False
    return meeting.posted_on > timezone.localtime(meeting.justerat_at).date() + dt.timedelta(days=POSTING_GRACE_DAYS)
