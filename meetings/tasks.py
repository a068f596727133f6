"""Thin Celery adapters: the work is in services."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from meetings.services import after_justering as after_justering_services
from meetings.services import meeting as meeting_services
from meetings.services import reminders as reminder_services


@shared_task(name="meetings.tasks.warn_late_justering")
def warn_late_justering() -> int:
    """Daily: tell the secretary about protocols past their justering deadline (meetings.rules)."""
    return meeting_services.late_justering_warn()


@shared_task(name="meetings.tasks.remind_justering_deadlines")
def remind_justering_deadlines(today: str | None = None) -> int:
    """Daily: remind the secretary and the signers before and on the justering deadline. `today` (ISO) for tests."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return reminder_services.justering_reminders_send(today=day)


@shared_task(name="meetings.tasks.refresh_anslag_documents")
def refresh_anslag_documents(today: str | None = None) -> int:
    """Daily, just after midnight: remake the PDFs of protocols whose anslag takes effect today."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return after_justering_services.anslag_documents_refresh(today=day)
