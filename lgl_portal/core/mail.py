"""The portal's one way to send e-mail: compose from templates now, deliver from the Celery worker after commit.

Every sender (reminders, reports, password reset) calls `mail_send`. The subject and text body are rendered
here, in the caller's language and transaction, so the task only carries strings (JSON) and never reads the
database. The task is enqueued with `delay_on_commit`: a mail about a change that is rolled back is never sent,
and a slow or broken mail server never turns a saved change into an error page; the worker retries transient
SMTP failures with backoff (lgl_portal/core/tasks.py). Sender and recipients come from settings, which come from
the environment (DJANGO_DEFAULT_FROM_EMAIL, DJANGO_MANAGERS, LGL_ACCESSIBILITY_CONTACT).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from lgl_portal.core.tasks import mail_deliver


def mail_send(
    *,
    to: Iterable[str],
    subject_template: str,
    body_template: str,
    context: Mapping[str, Any],
    reply_to: Iterable[str] = (),
) -> bool:
    """Compose a mail from its two templates and send it to `to` once the current transaction commits.

    Empty and repeated addresses are dropped; with no address left nothing is sent. Returns whether a mail
    was enqueued.
    """
    recipients = list(dict.fromkeys(address.strip() for address in to if address and address.strip()))
    if not recipients:
        return False
    # A header must be one line, whatever the template's line breaks (as Django's password reset does).
    subject = "".join(render_to_string(subject_template, dict(context)).splitlines()).strip()
    body = render_to_string(body_template, dict(context))
    mail_deliver.delay_on_commit(
        subject=subject,
        body=body,
        to=recipients,
        from_email=settings.DEFAULT_FROM_EMAIL,
        reply_to=[address for address in reply_to if address],
    )
    return True


def site_report_recipients() -> list[str]:
    """Who receives reports sent from the public site: the MANAGERS, or the accessibility contact if none."""
    return [address for _name, address in settings.MANAGERS] or [settings.LGL_ACCESSIBILITY_CONTACT]
