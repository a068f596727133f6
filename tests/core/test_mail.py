"""The one e-mail path, with a real Celery worker (solo pool, in a thread) against the real Redis.

Delivery goes to Django's locmem backend (mail.outbox, shared with the worker thread) or, for the retry test, to
a small SMTP server in this process that answers the first connection with a 421 like a busy mail server.
"""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction
from django.test import Client

from lgl_portal.celery import app as celery_app
from lgl_portal.core.mail import mail_send
from lgl_portal.core.tasks import is_transient
from tests.security.test_settings import _manage

SUBJECT = "pages/mail/accessibility_report_subject.txt"
BODY = "pages/mail/accessibility_report_body.txt"


@pytest.fixture
def worker() -> Iterator[Any]:
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30) as w:
        yield w


def _report(text: str, to: str = "sekreterare@example.se") -> None:
    mail_send(to=[to], subject_template=SUBJECT, body_template=BODY, context={"page": "/", "email": "-", "text": text})


def _wait_for(predicate: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    pytest.fail("waited in vain")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_mail_enqueued_in_a_committed_transaction_is_delivered_by_the_worker(worker: Any) -> None:
    with transaction.atomic():
        _report("Kontrasten är för låg")
        # Nothing leaves before the commit.
        time.sleep(0.5)
        assert mail.outbox == []
    _wait_for(lambda: len(mail.outbox) == 1)
    message = mail.outbox[0]
    assert message.subject == "Tillgänglighetsproblem rapporterat"
    assert message.to == ["sekreterare@example.se"]
    assert message.from_email == "LGL-portalen <noreply@lgl.example>"
    assert message.body == "Sida: /\nE-post: -\n\nKontrasten är för låg\n"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_mail_enqueued_in_a_rolled_back_transaction_is_never_sent(worker: Any) -> None:
    with transaction.atomic():
        _report("Ångrad rapport")
        transaction.set_rollback(True)
    with transaction.atomic():
        _report("Sparad rapport")
    # The worker takes tasks in order; once the later mail is here, the rolled-back one would have been too.
    _wait_for(lambda: len(mail.outbox) >= 1)
    time.sleep(0.5)
    assert [m.body.splitlines()[-1] for m in mail.outbox] == ["Sparad rapport"]


class _BusyOnceSMTP(socketserver.StreamRequestHandler):
    """Answers the first connection 421 (try later), then speaks just enough SMTP to accept one message."""

    def handle(self) -> None:
        server: Any = self.server
        server.connections += 1
        if server.connections == 1:
            self.wfile.write(b"421 4.3.2 Tjansten ar upptagen, forsok senare\r\n")
            return
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith(b"DATA"):
                self.wfile.write(b"354 go ahead\r\n")
                data = []
                while (row := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(row)
                server.messages.append(b"".join(data))
                self.wfile.write(b"250 2.0.0 queued\r\n")
            elif command.startswith(b"QUIT"):
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def busy_smtp(settings: Any) -> Iterator[Any]:
    server: Any = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _BusyOnceSMTP)
    server.daemon_threads = True
    server.connections = 0
    server.messages = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.LGL_MAIL_RETRY_BASE_SECONDS = 0.5
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_transient_smtp_failure_is_retried_and_the_mail_delivered_once(busy_smtp: Any, worker: Any) -> None:
    with transaction.atomic():
        _report("Skärmläsaren hittar inte menyn")
    _wait_for(lambda: busy_smtp.messages, seconds=60)
    time.sleep(1)
    assert busy_smtp.connections == 2
    assert len(busy_smtp.messages) == 1
    assert b"Subject: =?utf-8?q?Tillg=C3=A4nglighetsproblem_rapporterat?=" in busy_smtp.messages[0]


def test_only_failures_that_can_pass_are_retried() -> None:
    import smtplib

    assert is_transient(smtplib.SMTPConnectError(421, b"busy"))
    assert is_transient(smtplib.SMTPServerDisconnected("gone"))
    assert is_transient(ConnectionRefusedError())
    assert not is_transient(smtplib.SMTPRecipientsRefused({"x@example.se": (550, b"no such user")}))
    assert not is_transient(smtplib.SMTPDataError(554, b"rejected"))


@pytest.mark.django_db
def test_accessibility_reports_go_to_the_managers_or_else_to_the_accessibility_contact(
    settings: Any, mail_at_commit: Any
) -> None:
    settings.LGL_ACCESSIBILITY_CONTACT = "tillganglighet@region.example.se"
    settings.MANAGERS = []
    with mail_at_commit():
        Client().post("/tillganglighet/", {"description": "Ingen fokusmarkering", "email": "besok@example.se"})
    settings.MANAGERS = [("Sekreterare", "sekreterare@region.example.se")]
    with mail_at_commit():
        Client().post("/tillganglighet/", {"description": "Ingen fokusmarkering"})
    assert [m.to for m in mail.outbox] == [["tillganglighet@region.example.se"], ["sekreterare@region.example.se"]]
    assert mail.outbox[0].reply_to == ["besok@example.se"]
    assert "tillganglighet@region.example.se" in Client().get("/tillganglighet/").content.decode()


@pytest.mark.parametrize("variable", ["LGL_ACCESSIBILITY_CONTACT", "DJANGO_DEFAULT_FROM_EMAIL"])
def test_production_refuses_to_start_without_a_real_sender_or_accessibility_contact(
    tmp_path: Path, variable: str
) -> None:
    result = _manage(tmp_path, "check", **{variable: ""})
    assert result.returncode != 0
    assert f"Miljövariabeln {variable} måste sättas" in result.stderr
