"""Thin Celery adapters: the work is in services."""

from __future__ import annotations

from celery import shared_task

from meetings.services import meeting as meeting_services


@shared_task(name="meetings.tasks.warn_late_justering")
def warn_late_justering() -> int:
    """Daily: tell the secretary about protocols not justerat within LGL_JUSTERING_WARNING_DAYS of the meeting."""
    return meeting_services.late_justering_warn()
