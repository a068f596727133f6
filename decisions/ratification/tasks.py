"""Celery adapters: thin, they call the service."""

from __future__ import annotations

from celery import shared_task

from decisions.ratification import services


@shared_task(name="decisions.ratification.tasks.remind_pending_assemblies")
def remind_pending_assemblies() -> int:
    return services.reminders_send()
