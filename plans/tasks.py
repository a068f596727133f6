"""Thin Celery adapters for plans. The status report PDF goes through meetings.documents' worker."""

from __future__ import annotations

from celery import shared_task

from plans import services


@shared_task(acks_late=True)
def milestones_mark_overdue() -> int:
    """Nightly: milestones past their date and not done become försenade (a beat schedule may call it)."""
    return services.milestones_mark_overdue(acting_user=None)
