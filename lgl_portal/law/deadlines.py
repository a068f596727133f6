"""Due dates as people see them: still open, due soon (time to remind), due today, or late ("försenad").

Shared by the justering deadline and uppdrag (assignments) so that the lists, the badges and the reminder
e-mails agree on the same day. `today` is always passed in, so tasks and tests run against a fixed clock.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

__all__ = ["DeadlineState", "deadline_state", "is_reminder_day"]


class DeadlineState(StrEnum):
    OPEN = "open"
    SOON = "soon"
    TODAY = "today"
    LATE = "late"
    DONE = "done"


def deadline_state(*, due: dt.date | None, today: dt.date, warn_days: int, done: bool = False) -> DeadlineState:
    if done:
        return DeadlineState.DONE
    if due is None:
        return DeadlineState.OPEN
    if today > due:
        return DeadlineState.LATE
    if today == due:
        return DeadlineState.TODAY
    if today >= due - dt.timedelta(days=warn_days):
        return DeadlineState.SOON
    return DeadlineState.OPEN


def is_reminder_day(*, due: dt.date, today: dt.date, warn_days: int) -> bool:
    """Reminders go out `warn_days` before the due date and on the date itself."""
    return today in (due - dt.timedelta(days=warn_days), due)
