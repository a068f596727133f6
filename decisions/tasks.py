from typing import Any

from celery import shared_task

from decisions import search_index, services


@shared_task
def remind_assignments_due() -> int:
    """Beat, daily: e-mail a reminder for each open uppdrag due within LGL_ASSIGNMENT_REMINDER_DAYS."""
    return services.assignment_reminders_send()


@shared_task(
    name=search_index.EXTRACT_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(search_index.TransientExtractError,),
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=4,
)
def extract_handling_text(self: Any, attachment_id: int) -> str:
    row = search_index.handling_text_extract(
        attachment_id=attachment_id, final_attempt=self.request.retries >= self.max_retries
    )
    return row.status if row else "skipped"


@shared_task
def queue_handling_texts() -> int:
    """Beat, every minute: a row for each new upload, and a task for each waiting row (uploads live in
    meetings, below us, so the upload service cannot call us; this sweep is the outbox's relay)."""
    search_index.handling_texts_queue()
    pending = search_index.pending_handling_texts()
    for attachment_id in pending:
        extract_handling_text.delay(attachment_id)
    return len(pending)


@shared_task
def refresh_search_vocabulary() -> int:
    """Beat, hourly: the words of "Menade du …?" from what is public now."""
    return search_index.search_vocabulary_refresh()
