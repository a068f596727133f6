"""One computation: the web page, the PDF text (pdftotext) and the API give the same last day for överklagande
and the same take-down date for the same meeting. Expected dates worked out by hand from the calendar."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from groups.models import Organ
from meetings import services
from meetings.documents import rendering
from meetings.documents.models import DocumentJob
from meetings.models import Meeting
from tests.factories.meetings import meeting_with_signers

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    Organ.objects.filter(pk=organ.pk).update(kommunallagen_rules=True)
    organ.refresh_from_db()
    meeting = meeting_with_signers(
        organ, chair=chair, adjuster=adjuster, secretary=secretary, date=dt.date(2025, 11, 20)
    )
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)
    # Justerat Monday 1 December 2025, posted Wednesday 3 December: three weeks on is julafton, then juldagen,
    # annandag jul and the weekend, so the last day is Monday 29 December 2025 and take-down Tuesday 30 December.
    Meeting.objects.filter(pk=meeting.pk).update(justerat_at=timezone.make_aware(dt.datetime(2025, 12, 1, 15, 0)))
    meeting.refresh_from_db()
    return services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=dt.date(2025, 12, 3))


def _dd(html: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt><dd>([^<]+)</dd>", html)
    assert match, label
    return match.group(1).strip()


def test_the_web_page_the_pdf_and_the_api_give_the_same_last_day_and_take_down(client: Client, posted: Meeting) -> None:
    page = client.get(f"/moten/{posted.pk}/").content.decode()
    web = (_dd(page, "Sista dag för överklagande"), _dd(page, "Tas ned den"))

    html = rendering.build_input(
        kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting_id=posted.pk, extract_id=None, params={}
    ).html
    pdf_bytes, _pages = rendering.html_to_pdf(html)
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    pdf = (
        re.search(r"Sista dag för överklagande (\d+ \w+ \d{4})", text).group(1),
        re.search(r"Datum då anslaget tas ned (\d+ \w+ \d{4})", text).group(1),
    )

    data = client.get(f"/api/meetings/{posted.pk}/").json()
    api = (data["lgl:anslag"]["lastAppealDay"], data["lgl:anslag"]["takeDownOn"])

    assert web == pdf == ("29 december 2025", "30 december 2025")
    assert api == ("2025-12-29", "2025-12-30")
