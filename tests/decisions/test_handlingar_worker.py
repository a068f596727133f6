"""The real Celery worker (solo pool, real Redis) extracts a handling's text once; a broken file fails clearly."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.models import HandlingText
from decisions.tasks import queue_handling_texts
from meetings import services as meeting_services
from meetings.demo import tiny_pdf
from meetings.models import Meeting
from tests.documents.conftest import media, worker  # noqa: F401 - the document tests' real worker
from tests.factories.decisions import AgendaItemFactory, MeetingFactory
from tests.factories.groups import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _finished(attachment_ids: list[int], seconds: float = 60) -> dict[int, HandlingText]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = {r.attachment_id: r for r in HandlingText.objects.filter(attachment_id__in=attachment_ids)}
        if len(rows) == len(attachment_ids) and all(r.status not in ("vantar", "pagar") for r in rows.values()):
            return rows
        time.sleep(0.2)
    pytest.fail(f"Texterna blev aldrig klara: {list(HandlingText.objects.values_list('status', flat=True))}")


def test_the_worker_extracts_each_uploaded_file_once(worker: Any, organ: Any) -> None:  # noqa: F811
    item = AgendaItemFactory(meeting=MeetingFactory(organ=organ, status=Meeting.Status.KALLAT))
    admin = UserFactory(is_superuser=True)
    good = meeting_services.attachment_add(
        acting_user=admin, item=item, title="Plan", file=SimpleUploadedFile("plan.pdf", tiny_pdf("Arbetarmarkör"))
    )
    broken = meeting_services.attachment_add(
        acting_user=admin, item=item, title="Trasig", file=SimpleUploadedFile("trasig.pdf", b"%PDF-1.4\nbroken")
    )
    assert queue_handling_texts() == 2
    rows = _finished([good.pk, broken.pk])
    assert rows[good.pk].status == "klar" and "Arbetarmarkör" in rows[good.pk].text
    assert (rows[broken.pk].status, rows[broken.pk].error) == ("misslyckades", "PDF-filen går inte att läsa.")
    assert {r.attempts for r in rows.values()} == {1}
    # A second sweep finds nothing waiting: each file is read once.
    assert queue_handling_texts() == 0
