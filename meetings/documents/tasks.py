"""Thin Celery adapters: they take ids and call the services. The row in the database is the source of truth."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from meetings.documents import services


@shared_task(
    name=services.RENDER_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # A database restart while claiming or recording is retried too: the row keeps its lease meanwhile.
    autoretry_for=(services.TransientRenderError, *services.DATABASE_ERRORS),
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=4,
)
def render_document(self: Any, job_id: int) -> str:  # self: the bound Celery Task (Celery ships no types)
    job = services.document_render(
        job_id=job_id, final_attempt=self.request.retries >= self.max_retries, task_id=self.request.id or ""
    )
    return job.status if job else "skipped"


@shared_task
def requeue_pending_documents() -> int:
    return len(services.document_requeue_stale())


@shared_task
def cleanup_document_files() -> int:
    return len(services.document_files_cleanup())
