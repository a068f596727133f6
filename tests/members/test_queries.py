"""The member's page runs the same number of queries however many meetings, items and decisions exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from members import services
from tests.factories.decisions import AgendaItemFactory, MeetingFactory, bulk_published_decisions

pytestmark = pytest.mark.django_db


def test_the_members_page_runs_the_same_queries_however_much_there_is(
    organ: Any, member: Any, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.force_login(member)

    def add_meeting() -> None:
        meeting = MeetingFactory(organ=organ, status=Meeting.Status.KALLAT)
        for _ in range(3):
            item = AgendaItemFactory(meeting=meeting)
            services.private_note_save(acting_user=member, item=item, text="Anteckning")
            services.read_mark_toggle(acting_user=member, item=item, read=True)

    bulk_published_decisions(organ, 10)
    add_meeting()
    client.get("/mina-sidor/")  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        client.get("/mina-sidor/")
    bulk_published_decisions(organ, 990)
    for _ in range(3):
        add_meeting()
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert client.get("/mina-sidor/").status_code == 200
