"""The web protocol and the PDF list the same sections in the same order for a paragraph with every section
filled (issue 13), read from the web page's HTML and from the real PDF's text (pdftotext)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from groups.models import Organ
from meetings import services
from meetings.documents import rendering
from meetings.documents.models import DocumentJob
from meetings.models import Meeting, MemberStatement
from meetings.services import proceedings
from tests.factories.groups import PersonFactory
from tests.factories.meetings import person_of

pytestmark = pytest.mark.django_db

# Worked out from the order a Swedish protocol reads in (meetings.presentation.PARAGRAPH_ORDER).
EXPECTED = [
    "Sammanfattning av ärendet",
    "Förslag till beslut",
    "Anteckningar",
    "Yrkanden",
    "Omröstning",
    "Beslut",
    "Reservationer",
    "Protokollsanteckningar",
]


def test_the_web_protocol_and_the_pdf_list_the_same_sections_in_the_same_order(
    client: Client, organ: Organ, secretary: Any, chair: Any
) -> None:
    anna, bo = person_of(chair), PersonFactory(name="Bo Berg", party="M")
    meeting = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 10, 13), chair=anna)
    item = services.item_create(acting_user=secretary, meeting=meeting, title="Budget 2027")
    for person in (anna, bo):
        services.attendance_add(acting_user=secretary, meeting=meeting, person=person)
    services.item_text_save(
        acting_user=secretary,
        item=item,
        version=item.version,
        texts={
            "summary": "<h3>Bakgrund</h3><p>Förvaltningen har tagit fram en budget.</p>",
            "proposal": "<p>Att godkänna budgeten.</p>",
            "notes": "<p>Diskussion om hemtjänsten.</p>",
            "motions": "<p>Övriga yrkanden i fritext.</p>",
            "voting": "<p>Omröstningen skedde med handuppräckning först.</p>",
            "decision_text": "<p>Arbetsutskottet beslutar</p>",
            "reservations": "<p>Fler reservationer i fritext.</p>",
            "protocol_notes": "<p>Fler anteckningar i fritext.</p>",
        },
    )
    proceedings.decision_point_add(acting_user=secretary, item=item, text="att godkänna budgeten")
    proceedings.motion_add(acting_user=secretary, item=item, mover=bo, text="återremiss")
    proceedings.proposition_order_set(acting_user=secretary, item=item, text="Ordföranden ställer proposition.")
    proceedings.vote_save(
        acting_user=secretary,
        item=item,
        yes_means="bifall",
        no_means="återremiss",
        ballots=[(anna, "ja"), (bo, "nej")],
    )
    proceedings.statement_add(acting_user=secretary, item=item, kind=MemberStatement.Kind.RESERVATION, person=bo)
    proceedings.statement_add(
        acting_user=secretary, item=item, kind=MemberStatement.Kind.PROTOKOLLSANTECKNING, person=anna, text="Bra."
    )

    client.force_login(secretary)
    page = client.get(reverse("meetings:protocol", args=[meeting.pk])).content.decode()
    paragraph = page[page.index(f'id="p{item.pk}"') :]
    paragraph = paragraph[: paragraph.index("</section>")]
    web = re.findall(r"<h4>([^<]+)</h4>", paragraph)

    html = rendering.build_input(kind=DocumentJob.Kind.PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={})
    pdf_bytes, _pages = rendering.html_to_pdf(html.html)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True, check=True).stdout.decode()
    pdf = [line.strip() for line in text.splitlines() if line.strip() in EXPECTED]

    assert web == pdf == EXPECTED
    # The same content, too: the vote's result and the reservation under the right name in both.
    flat = " ".join(text.split())
    result = "Omröstningsresultat: 1 ja, 1 nej, 0 avstår. Vid lika röstetal avgör ordförandens röst."
    for words in (result, "Bo Berg (M) reserverar sig mot beslutet."):
        assert words in paragraph
        assert words in flat
    # The text's own sub-heading sits below each output's section heading.
    assert "<h5>Bakgrund</h5>" in paragraph
    assert "<h4>Bakgrund</h4>" in html.html


def test_a_confidential_paragraph_publishes_none_of_its_votes_names_or_statements(
    client: Client, organ: Organ, secretary: Any, chair: Any
) -> None:
    anna, bo = person_of(chair), PersonFactory(name="Bo Hemlig", party="M")
    meeting = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 10, 13), chair=anna)
    item = services.item_create(
        acting_user=secretary,
        meeting=meeting,
        title="Personalärende",
        is_confidential=True,
        confidentiality_reference="39 kap. 3 § OSL",
        public_title="Personalärende",
    )
    for person in (anna, bo):
        services.attendance_add(acting_user=secretary, meeting=meeting, person=person)
    proceedings.motion_add(acting_user=secretary, item=item, mover=bo, text="avslag")
    proceedings.vote_save(
        acting_user=secretary, item=item, yes_means="bifall", no_means="avslag", ballots=[(anna, "ja"), (bo, "nej")]
    )
    proceedings.statement_add(
        acting_user=secretary, item=item, kind=MemberStatement.Kind.RESERVATION, person=bo, text="Hemlig text."
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.JUSTERAT)

    public_pdf = rendering.build_input(
        kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={}
    ).html
    public_page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    internal_pdf = rendering.build_input(
        kind=DocumentJob.Kind.PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={}
    ).html
    for html in (public_pdf, public_page):
        paragraph = html[html.index("Personalärende") :]
        for secret in ("Omröstningsresultat", "yrkar avslag", "reserverar sig", "Hemlig text."):
            assert secret not in paragraph
    # The internal protocol keeps them.
    assert "Omröstningsresultat: 1 ja, 1 nej, 0 avstår." in internal_pdf
    assert "Bo Hemlig (M) reserverar sig mot beslutet" in internal_pdf


def test_a_personnummer_in_a_reservation_is_refused_before_it_is_saved(
    organ: Organ, secretary: Any, chair: Any
) -> None:
    anna = person_of(chair)
    meeting = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 10, 13), chair=anna)
    item = services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    services.attendance_add(acting_user=secretary, meeting=meeting, person=anna)
    with pytest.raises(ValidationError) as exc:
        proceedings.statement_add(
            acting_user=secretary,
            item=item,
            kind=MemberStatement.Kind.PROTOKOLLSANTECKNING,
            person=anna,
            text="Gäller 811218-9876.",
        )
    assert "personnummer" in exc.value.message_dict["text"][0]
    assert not MemberStatement.objects.exists()
