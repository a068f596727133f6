"""What the pages say about justering, rättelser and deadlines, read as the visitor sees them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Organ
from meetings.models import Meeting
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    # Thursday 10 December 2026; 14 days is julafton, then juldagen, annandag (Saturday), Sunday: by 28 December.
    return meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, date=dt.date(2026, 12, 10))


def test_the_meeting_page_shows_who_justerar_and_by_when(client: Client, meeting: Meeting, adjuster: Any) -> None:
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Justerare" in page and person_of(adjuster).name in page
    assert "Justeras senast" in page and "28 december 2026" in page
