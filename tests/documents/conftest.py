"""Fixtures of the document tests: files in a temporary folder, and a real Celery worker against Redis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from lgl_portal.celery import app as celery_app
from tests.documents.seal_support import dev_seal, dev_seal_dir  # noqa: F401 - fixtures for the seal tests


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }


@pytest.fixture
def worker(media: None) -> Iterator[Any]:
    with celery_app.connection_for_write() as conn:
        # Leftovers from earlier runs would only be skipped, but they slow the first test down.
        conn.default_channel.queue_purge("celery")
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30) as w:
        yield w
