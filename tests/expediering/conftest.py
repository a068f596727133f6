"""Expediering tests: the real Celery worker and Redis (tests/documents/conftest.py), a refusing mail server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.documents.conftest import media, worker  # noqa: F401 - fixtures
from tests.documents.seal_support import dev_seal, dev_seal_dir  # noqa: F401 - fixtures
from tests.expediering import mail


@pytest.fixture
def refusing_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "tests.expediering.mail.RefusingEmailBackend"
    # Retries at once: the test is about that they happen and are reported, not about the waiting.
    settings.LGL_DISPATCH_RETRY_SECONDS = 0
    mail.attempts_refused.clear()
