"""A due date as a badge: "Försenad" once past, "I dag" on the day, "Snart" within the reminder window.

The states come from lgl_portal.law.deadlines, the same module the reminder e-mails use, so a list never says
"försenad" on a day the reminder said there was time.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone

from lgl_portal.law.deadlines import deadline_state

register = template.Library()


@register.simple_tag
def due_state(due: dt.date | None, done: bool = False, warn_days: int | None = None) -> str:
    """ "open", "soon", "today", "late" or "done" for `due` today (warn_days: the uppdrag reminder window)."""
    days = settings.LGL_ASSIGNMENT_REMINDER_DAYS if warn_days is None else warn_days
    return str(deadline_state(due=due, today=timezone.localdate(), warn_days=days, done=done))
