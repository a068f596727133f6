"""Uploads through the portal's own forms: a wrong or oversized file is refused next to the field, nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from meetings import services as meeting_services
from meetings.models import Attachment

pytestmark = pytest.mark.django_db
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"0" * 4000 + b"\n%%EOF\n"


@pytest.fixture
def item_url(organ: Any, secretary: Any) -> str:
    meeting = meeting_services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 10, 2))
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Bildspel")
    return f"/moten/{meeting.pk}/arenden/{item.pk}/redigera/"


def _upload(client: Client, url: str, name: str, content: bytes) -> Any:
    return client.post(
        url,
        {
            "form": "attachment",
            "attachment-title": "Handling",
            "attachment-kind": Attachment.Kind.DOKUMENT,
            "attachment-file": SimpleUploadedFile(name, content),
            "attachment-is_public": "on",
        },
    )


def test_an_exe_renamed_to_pdf_is_refused_next_to_the_field(secretary: Any, item_url: str) -> None:
    client = Client()
    client.force_login(secretary)
    response = _upload(client, item_url, "protokoll.pdf", EXE)
    assert response.status_code == 400
    assert "Filens innehåll stämmer inte med filändelsen .pdf" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_the_upload_limit_is_refused_with_the_limit_in_megabytes(
    settings: Any, secretary: Any, item_url: str
) -> None:
    settings.LGL_MAX_UPLOAD_BYTES = 2048
    client = Client()
    client.force_login(secretary)
    response = _upload(client, item_url, "protokoll.pdf", PDF)
    assert response.status_code == 400
    assert "Filen är för stor" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_real_pdf_is_stored_and_served_only_through_the_checked_view(secretary: Any, item_url: str) -> None:
    client = Client()
    client.force_login(secretary)
    assert _upload(client, item_url, "protokoll.pdf", PDF).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert Client().get(f"/moten/handling/{attachment.pk}/").status_code in (302, 403, 404)
