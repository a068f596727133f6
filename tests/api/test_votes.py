"""The open API gives a justerat paragraph's roll call as counts and its result (issue 13), never before
justering and never the names: those stay in the protocol."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from meetings import services
from meetings.models import Meeting
from meetings.services import proceedings
from tests.factories.groups import PersonFactory
from tests.factories.meetings import person_of

pytestmark = pytest.mark.django_db


def test_a_justerat_roll_call_is_given_as_counts_and_result(organ: Any, secretary: Any, chair: Any) -> None:
    anna, bo, cilla = person_of(chair), PersonFactory(name="Bo Berg"), PersonFactory(name="Cilla Ek")
    meeting = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 10, 13), chair=anna)
    item = services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    for person in (anna, bo, cilla):
        services.attendance_add(acting_user=secretary, meeting=meeting, person=person)
    # By hand: 1 ja (Anna, the chair), 1 nej, 1 avstår: a tie the chair's ja decides.
    proceedings.vote_save(
        acting_user=secretary,
        item=item,
        yes_means="bifall",
        no_means="avslag",
        ballots=[(anna, "ja"), (bo, "nej"), (cilla, "avstar")],
    )
    client = Client()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.KALLAT)
    assert "lgl:vote" not in client.get(f"/api/agenda-items/{item.pk}/").json()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.JUSTERAT)
    data = client.get(f"/api/agenda-items/{item.pk}/").json()
    assert data["lgl:vote"] == {"yes": 1, "no": 1, "abstained": 1, "result": "yes", "chairsCastingVote": True}
    assert "Bo Berg" not in str(data)
