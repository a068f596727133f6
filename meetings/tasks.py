"""Thin Celery adapters: the work is in services."""

from __future__ import annotations

from celery import shared_task

from meetings import services


@shared_task(name="meetings.tasks.warn_late_justering")
def warn_late_justering() -> int:
    """Daily: tell the secretary about protocols not justerat within LGL_JUSTERING_WARNING_DAYS of the meeting."""
    return services.late_justering_warn()


@shared_task(name="meetings.tasks.remind_justering_deadlines")
def remind_justering_deadlines(today: str | None = None) -> int:
    """Daily: remind the secretary and the signers before and on the justering deadline. `today` (ISO) for tests."""
    import datetime as dt

    from django.utils import timezone

    from meetings.reminders_pending import justering_reminders_send

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return justering_reminders_send(today=day)
