"""A mail server that refuses one domain: Django's in-memory outbox for everyone else.

The refusal is what smtplib raises when a server rejects every recipient, so the code under test meets the
same exception it would meet in production.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.locmem import EmailBackend

REFUSED_DOMAIN = "@stangd.example"
attempts_refused: list[str] = []


class RefusingEmailBackend(EmailBackend):
    def send_messages(self, messages: Sequence[Any]) -> int:
        for message in messages:
            refused = [a for a in message.recipients() if a.endswith(REFUSED_DOMAIN)]
            if refused:
                attempts_refused.extend(refused)
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"5.1.1 Mailbox unavailable")))
        return super().send_messages(messages)
