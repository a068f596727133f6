"""The web protocol and the PDF read a paragraph the same way, because both ask meetings.presentation."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from groups.models import Organ
from meetings import presentation
from meetings.documents import rendering
from meetings.documents.models import DocumentJob
from meetings.models import Meeting
from tests.factories.groups import OrganFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# Written by hand in the order a protocol paragraph reads on the web today (Förslag before Anteckningar).
EXPECTED_HEADINGS = ["Sammanfattning av ärendet", "Förslag till beslut", "Anteckningar", "Beslut"]


def _numbered(organ: Organ, numbers: list[int], year: int = 2026) -> list:
    meeting = MeetingFactory(organ=organ)
    return [
        AgendaItemFactory(meeting=meeting, position=i, paragraph_number=n, paragraph_year=year)
        for i, n in enumerate(numbers, start=1)
    ]


@pytest.mark.parametrize(
    ("paragraph_format", "numbers", "expected"),
    [
        (Organ.ParagraphFormat.PLAIN, [12], "12"),
        (Organ.ParagraphFormat.PLAIN, [12, 13, 14, 15], "12–15"),
        (Organ.ParagraphFormat.YEAR, [157], "157/26"),
        (Organ.ParagraphFormat.YEAR, [157, 158], "157–158/26"),
    ],
)
def test_the_paragraph_range_is_written_the_way_a_swedish_protocol_writes_it(
    paragraph_format: str, numbers: list[int], expected: str
) -> None:
    items = _numbered(OrganFactory(paragraph_format=paragraph_format), numbers)
    assert presentation.paragraph_range(items) == expected


def test_an_unnumbered_draft_has_no_paragraph_range() -> None:
    assert presentation.paragraph_range([AgendaItemFactory()]) == ""


def test_the_web_protocol_and_the_pdf_give_the_sections_of_a_paragraph_in_the_same_order(client: Client) -> None:
    meeting = MeetingFactory(organ=OrganFactory(is_public=True), status=Meeting.Status.JUSTERAT)
    AgendaItemFactory(
        meeting=meeting,
        paragraph_number=4,
        paragraph_year=2026,
        decision_text="<p>Nämnden beslutar enligt förslaget.</p>",
        notes="<p>Diskussion om tidplanen.</p>",
        proposal="<p>Att godkänna planen.</p>",
        summary="<p>Planen har tagits fram av arbetsgruppen.</p>",
    )
    # The public page of a justerat meeting shows the protocol; the PDF is the archived protocol.
    web = client.get(f"/moten/{meeting.pk}/")
    web_headings = [h for h in re.findall(r"<h4>([^<]+)</h4>", web.content.decode()) if h in EXPECTED_HEADINGS]
    pdf_html = rendering.build_input(
        kind=DocumentJob.Kind.PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={}
    ).html
    pdf_headings = [h for h in re.findall(r"<h3>([^<]+)</h3>", pdf_html) if h in EXPECTED_HEADINGS]
    assert web_headings == EXPECTED_HEADINGS
    assert pdf_headings == EXPECTED_HEADINGS
