from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.documents import rendering
from meetings.documents.models import DocumentJob
from tests.factories.documents import CONFIDENTIAL_TEXT, extract_for, protocol_meeting

pytestmark = pytest.mark.django_db


def build(kind: str, meeting, extract=None) -> rendering.RenderInput:
    return rendering.build_input(
        kind=kind, meeting_id=meeting.pk, extract_id=extract.pk if extract else None, params={}
    )


def test_the_protocol_html_has_the_parts_of_a_swedish_protocol() -> None:
    meeting = protocol_meeting(paragraphs=4)
    html = build(DocumentJob.Kind.PROTOCOL, meeting).html
    for text in (
        '<html lang="sv">',
        "Beslutande ledamöter",
        "Anna Hasselbom Trofast (ordförande)",
        "Tjänstgörande ersättare",
        "Åsa Öberg (S)",
        "för Johanna Fors § 26",
        "ej beslutande (§ 26)",
        "delvis (§ 27–29), via länk",
        "Övriga närvarande",
        "Cecilia Frid",
        "Justeringens plats och tid",
        "Paragrafer 26–29",
        "Godkänt digitalt 5 oktober 2023 kl. 14:12",
        "Dnr LGL 2023/100",
        "Föredragare",
        "Sofia Hartz, Planeringsdirektör, Region Kalmar län",
        "Beslut 26: uppdragsbeskrivningen godkänns.",
        "Patrik Glasberg (anhörig) anmäler jäv",
        "Yrkanden",
        "beslutet fattades per capsulam den 2 oktober 2023",
        "Anslag/bevis",
        "Sista dag för överklagande",
        "27 oktober 2023",
        "Region Kalmar län, Länssjukhuset i Kalmar",
    ):
        assert text in html, text
    # The members' protocol keeps the confidential paragraph; only the public version drops it.
    assert CONFIDENTIAL_TEXT in html


def test_the_public_version_keeps_only_heading_and_legal_ground_of_a_confidential_paragraph() -> None:
    meeting = protocol_meeting(paragraphs=4)
    html = build(DocumentJob.Kind.PUBLIC_PROTOCOL, meeting).html
    assert "§ 28 Nära vård – gemensam plan för primärvården, del 3" in html
    assert "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)" in html
    for secret in (CONFIDENTIAL_TEXT, "Hemligt beslut om insats", "LGL 2023/999"):
        assert secret not in html
    assert "Beslut 27: uppdragsbeskrivningen godkänns." in html


def test_a_draft_is_marked_and_has_no_anslag_block() -> None:
    meeting = protocol_meeting(paragraphs=2, locked=False)
    html = build(DocumentJob.Kind.PROTOCOL, meeting).html
    assert "UTKAST – ej justerat" in html
    assert "Anslag/bevis" not in html
    assert "Ej godkänt ännu" in html


def test_the_kallelse_lists_the_agenda_and_who_is_called() -> None:
    meeting = protocol_meeting(paragraphs=3, locked=False)
    html = build(DocumentJob.Kind.KALLELSE, meeting).html
    assert "Föredragningslista" in html
    assert "1. Nära vård – gemensam plan för primärvården, del 1" in html
    assert "Patrik Glasberg" in html and "(ordförande)" in html
    assert "Länsgemensam ledning föreslås godkänna uppdragsbeskrivningen." in html


def test_an_extract_holds_only_its_paragraphs_and_the_certification() -> None:
    meeting = protocol_meeting(paragraphs=3)
    second = meeting.items.get(paragraph_number=27)
    extract = extract_for(meeting, items=[second])
    html = build(DocumentJob.Kind.EXTRACT, meeting, extract).html
    assert "Utdragsbestyrkande" in html
    assert "Utdraget överensstämmer med originalprotokollet." in html
    assert "Beslut 27" in html
    assert "Beslut 26" not in html
    assert "Helene Wendell, sekreterare" in html


def test_the_content_hash_is_stable_and_follows_the_content() -> None:
    meeting = protocol_meeting(paragraphs=2, locked=False)
    first = build(DocumentJob.Kind.PROTOCOL, meeting).content_hash
    assert build(DocumentJob.Kind.PROTOCOL, meeting).content_hash == first
    item = meeting.items.first()
    item.decision_text = "<p>Ändrat beslut.</p>"
    item.save()
    assert build(DocumentJob.Kind.PROTOCOL, meeting).content_hash != first


def test_stored_html_is_cleaned_again_before_it_reaches_the_archive() -> None:
    meeting = protocol_meeting(paragraphs=1)
    item = meeting.items.first()
    item.summary = '<p onclick="x()">Text</p><script>alert(1)</script><img src="http://evil.example/x.png">'
    item.save()
    html = build(DocumentJob.Kind.PROTOCOL, meeting).html
    assert "<script" not in html and "onclick" not in html and "evil.example" not in html


def test_building_a_protocol_takes_the_same_number_of_queries_for_3_and_12_paragraphs(
    django_assert_num_queries,
) -> None:
    small = protocol_meeting(paragraphs=3)
    large = protocol_meeting(paragraphs=12, first_number=40)
    with CaptureQueriesContext(connection) as captured:
        build(DocumentJob.Kind.PROTOCOL, small)
    with django_assert_num_queries(len(captured.captured_queries)):
        build(DocumentJob.Kind.PROTOCOL, large)


@pytest.mark.parametrize(
    ("posted", "last"),
    [
        (dt.date(2023, 10, 6), dt.date(2023, 10, 27)),  # a Friday: three weeks later is a Friday
        (dt.date(2023, 10, 7), dt.date(2023, 10, 30)),  # a Saturday deadline moves to the Monday
    ],
)
def test_the_last_day_for_appeal_is_three_weeks_after_the_anslag(posted: dt.date, last: dt.date) -> None:
    assert rendering.last_day_for_appeal(posted) == last


def test_the_web_process_never_imports_weasyprint() -> None:
    code = (
        "import sys, django; django.setup(); import lgl_portal.urls, meetings.documents.views, "
        "meetings.documents.services, meetings.documents.tasks; print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(Path(__file__).resolve().parents[2]),
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lgl_portal.settings"},
    )
    assert result.stdout.strip() == "False"
