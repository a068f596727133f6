"""Each list page of the open API runs the same number of queries however many objects it holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings.models import Attachment, Meeting
from tests.factories.decisions import AgendaItemFactory, DecisionFactory, MeetingFactory, SummaryFactory
from tests.factories.groups import MembershipFactory

pytestmark = pytest.mark.django_db

PATHS = ["/api/meetings/", "/api/people/", "/api/organizations/", "/api/papers/", "/api/agenda-items/", "/api/bodies/"]


def _add(organ: Any, n: int) -> None:
    for i in range(n):
        meeting = MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT, location=f"Sal {i}")
        item = AgendaItemFactory(meeting=meeting)
        Attachment.objects.create(item=item, title=f"Bilaga {i}", url=f"https://example.se/{i}", is_public=True)
        SummaryFactory(decision=DecisionFactory(organ=organ, meeting=meeting, agenda_item=item))
        MembershipFactory(organ=organ)


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", PATHS)
def test_an_api_list_runs_the_same_queries_with_2_and_20_objects(organ: Any, path: str) -> None:
    client = Client()
    _add(organ, 2)
    few = _queries(client, path)
    _add(organ, 18)
    assert _queries(client, path) == few
