"""The mail task: delivers a composed mail (lgl_portal/core/mail.py), retrying transient failures with backoff."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

# Never longer than an hour between attempts, so a mail server back after a night is used the same morning.
MAX_BACKOFF_SECONDS = 3600


def is_transient(exc: BaseException) -> bool:
    """Worth trying again later: a 4xx SMTP answer, a dropped connection, a refused or timed-out socket.

    A 5xx answer (unknown recipient, message refused) will not change by waiting, so it fails at once.
    """
    if isinstance(exc, smtplib.SMTPResponseException):  # also SMTPConnectError (greeting), SMTPDataError …
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, OSError)  # connection refused, reset, timed out, name not resolved


def backoff_seconds(retries: int) -> float:
    return min(MAX_BACKOFF_SECONDS, settings.LGL_MAIL_RETRY_BASE_SECONDS * 2**retries)


@shared_task(bind=True, name="lgl_portal.core.tasks.mail_deliver", acks_late=True, ignore_result=True)
def mail_deliver(
    self: Any, *, subject: str, body: str, to: list[str], from_email: str, reply_to: list[str] | None = None
) -> None:
    message = EmailMessage(subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or None)
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        if not is_transient(exc) or self.request.retries >= settings.LGL_MAIL_MAX_RETRIES:
            logger.error("Mail %r to %s could not be delivered: %s", subject, to, exc)
            raise
        countdown = backoff_seconds(self.request.retries)
        logger.warning("Mail %r to %s: %s; next attempt in %.0f s", subject, to, exc, countdown)
        raise self.retry(exc=exc, countdown=countdown, max_retries=settings.LGL_MAIL_MAX_RETRIES) from exc
