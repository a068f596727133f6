"""The text of handlingar (PDF, DOCX, XLSX) is extracted once by the worker and searched with the file's visibility."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from decisions import search_index, selectors
from decisions.models import HandlingText
from meetings import services as meeting_services
from meetings.demo import tiny_pdf
from meetings.models import Meeting
from tests.factories.decisions import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _upload(secretary: Any, item: Any, name: str, data: bytes, *, is_public: bool = True) -> Any:
    return meeting_services.attachment_add(
        acting_user=secretary,
        item=item,
        title=f"Handling {name}",
        file=SimpleUploadedFile(name, data),
        is_public=is_public,
    )


def _extract_all() -> list[HandlingText]:
    search_index.handling_texts_queue()
    return [search_index.handling_text_extract(attachment_id=pk) for pk in search_index.pending_handling_texts()]  # type: ignore[misc]


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(text: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Indikator", text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _handling_titles(results: Any) -> list[str]:
    return [h.title for h in results.groups.get("handling", [])]


@pytest.fixture
def called(organ: Any) -> Meeting:
    return MeetingFactory(organ=organ, status=Meeting.Status.KALLAT)


def test_the_text_of_pdf_docx_and_xlsx_handlingar_is_extracted_once(secretary: Any, called: Meeting) -> None:
    item = AgendaItemFactory(meeting=called)
    _upload(secretary, item, "plan.pdf", tiny_pdf("Vårdplanering för äldre"))
    _upload(secretary, item, "rapport.docx", _docx("Läkemedelsgenomgångar i hemtjänsten"))
    _upload(secretary, item, "tal.xlsx", _xlsx("Väntetider på vårdcentralen"))
    rows = {row.attachment.file.name.rsplit(".", 1)[-1]: row for row in _extract_all()}
    assert {k: r.status for k, r in rows.items()} == {"pdf": "klar", "docx": "klar", "xlsx": "klar"}
    assert "Vårdplanering för äldre" in rows["pdf"].text
    assert "Läkemedelsgenomgångar i hemtjänsten" in rows["docx"].text
    assert "Väntetider på vårdcentralen" in rows["xlsx"].text
    # Once per file: a second sweep finds nothing to do, and the worker skips a finished row.
    assert _extract_all() == []
    assert search_index.handling_text_extract(attachment_id=rows["pdf"].pk) is None


def test_a_broken_file_gets_a_clear_state_and_never_an_error(secretary: Any, called: Meeting) -> None:
    item = AgendaItemFactory(meeting=called)
    _upload(secretary, item, "trasig.pdf", b"%PDF-1.4\nnot a pdf at all")
    _upload(secretary, item, "trasig.docx", b"PK\x03\x04 broken zip")
    rows = _extract_all()
    assert [(r.status, r.error) for r in rows] == [
        ("misslyckades", "PDF-filen går inte att läsa."),
        ("misslyckades", "Word-filen går inte att läsa."),
    ]


def test_a_member_finds_a_handlings_text_and_the_public_only_once_it_is_published(
    secretary: Any, member: Any, called: Meeting, role_clients: dict[str, Any]
) -> None:
    item = AgendaItemFactory(meeting=called)
    _upload(secretary, item, "plan.pdf", tiny_pdf("Handlingsmarkör om vårdplatser"))
    _extract_all()
    assert _handling_titles(selectors.search(q="handlingsmarkör", user=member)) == ["Handling plan.pdf"]
    assert _handling_titles(selectors.search(q="handlingsmarkör")) == []
    assert "Handling plan.pdf" in role_clients["member"].get("/sok/?q=handlingsmarkör").content.decode()
    assert "Handling plan.pdf" not in Client().get("/sok/?q=handlingsmarkör").content.decode()
    assert "Handling plan.pdf" not in role_clients["outsider"].get("/sok/?q=handlingsmarkör").content.decode()
    Meeting.objects.filter(pk=called.pk).update(status=Meeting.Status.JUSTERAT)
    assert _handling_titles(selectors.search(q="handlingsmarkör")) == ["Handling plan.pdf"]
    hit = selectors.search(q="vårdplatser").groups["handling"][0]
    assert Client().get(hit.url).status_code == 200


def test_a_confidential_or_non_public_handling_is_never_in_public_search(
    secretary: Any, member: Any, called: Meeting
) -> None:
    secret_item = AgendaItemFactory(meeting=called, is_confidential=True, confidentiality_reference="26 kap. 1 § OSL")
    _upload(secretary, secret_item, "sekretess.pdf", tiny_pdf("Sekretessmarkör i handlingen"))
    _upload(secretary, AgendaItemFactory(meeting=called), "intern.pdf", tiny_pdf("Internmarkör"), is_public=False)
    _extract_all()
    Meeting.objects.filter(pk=called.pk).update(status=Meeting.Status.JUSTERAT)
    search_index.search_vocabulary_refresh()
    for word in ("sekretessmarkör", "internmarkör"):
        results = selectors.search(q=word)
        assert results.is_empty and word not in results.suggestion
        assert _handling_titles(selectors.search(q=word, user=member)) != []


def test_a_row_left_taken_by_a_dead_worker_waits_again_and_is_extracted(secretary: Any, called: Meeting) -> None:
    import datetime as dt

    from django.utils import timezone

    _upload(secretary, AgendaItemFactory(meeting=called), "plan.pdf", tiny_pdf("Omstartsmarkör"))
    search_index.handling_texts_queue()
    HandlingText.objects.update(status=HandlingText.Status.PAGAR, updated_at=timezone.now() - dt.timedelta(hours=1))
    assert search_index.pending_handling_texts() == []
    search_index.handling_texts_queue()
    (row,) = [search_index.handling_text_extract(attachment_id=pk) for pk in search_index.pending_handling_texts()]
    assert row.status == "klar" and "Omstartsmarkör" in row.text
