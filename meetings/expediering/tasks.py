"""Thin Celery adapter: delivery of one dispatch, retried while its PDF is made or the mail server is away."""

from __future__ import annotations

from celery import shared_task

from meetings.expediering import services
from meetings.expediering.models import Dispatch


# Retries are counted by the service (attempts on the row), not by Celery; the cap only stops a runaway loop.
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=1000)
def deliver_dispatch(self, dispatch_id: int) -> str:  # type: ignore[no-untyped-def]
    try:
        dispatch = services.dispatch_deliver(dispatch_id=dispatch_id)
    except services.DispatchNotReady as exc:
        raise self.retry(exc=exc, countdown=2) from exc
    except services.TransientDispatchError as exc:
        attempts = Dispatch.objects.filter(pk=dispatch_id).values_list("attempts", flat=True).first() or 1
        raise self.retry(exc=exc, countdown=services.retry_delay(attempts=attempts)) from exc
    return dispatch.status if dispatch else "gone"


@shared_task
def requeue_pending_dispatches() -> int:
    return len(services.dispatch_requeue_stale())
