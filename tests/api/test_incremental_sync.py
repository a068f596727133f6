"""OParl 1.1's update mechanism: a client that synchronised once asks each Body's lists for what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from decisions import services as decision_services
from groups.models import Organ
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from tests.api.oparl import VALIDATORS

pytestmark = pytest.mark.django_db
BODY_LISTS = ("organization", "person", "meeting", "paper", "legislativeTermList")


def _get(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200, url
    return response.json()


def sync(client: Client, since: dt.datetime | None = None) -> dict[str, dict[str, Any]]:
    """What a client does: System -> Body list -> each Body's lists (with modified_since), every page."""
    system = _get(client, "/api/")
    bodies: list[dict[str, Any]] = []
    url: str | None = system["body"]
    while url:
        page = _get(client, url)
        bodies += page["data"]
        url = page["links"].get("next")
    seen: dict[str, dict[str, Any]] = {}
    for body in bodies:
        for name in BODY_LISTS:
            url = body[name] + (f"?modified_since={quote(since.isoformat())}" if since else "")
            while url:
                page = _get(client, url)
                for obj in page["data"]:
                    kind = obj["type"].rsplit("/", 1)[-1]
                    assert not list(VALIDATORS[kind].iter_errors(obj)), obj
                    seen[obj["id"]] = obj
                url = page["links"].get("next")
    return seen


def test_a_second_sync_with_modified_since_returns_exactly_what_changed(demo: None) -> None:
    admin = get_user_model().objects.get(username="admin")
    lgl = Organ.objects.get(slug="lgl")
    # A meeting called but not yet justerat, with two decisions taken at it: one made public early through its
    # summary, one whose summary is still a draft.
    meeting = meeting_services.meeting_create(
        acting_user=admin,
        organ=lgl,
        date=timezone.localdate() + dt.timedelta(days=20),
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
        location="Regionhuset, Kalmar",
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.GENOMFORT)
    early, draft = (
        AgendaItem.objects.create(meeting=meeting, organ=lgl, position=n, title=title, kind="beslutsarende")
        for n, title in ((1, "Gemensam plan för barn och unga"), (2, "Uppföljning av Nära vård"))
    )
    early_decision = decision_services.decision_create(
        acting_user=admin, organ=lgl, title="Plan för barn och unga", decided_on=meeting.date, agenda_item=early
    )
    summary = decision_services.summary_save(
        acting_user=admin, decision=early_decision, title="LGL antar en plan för barn och unga"
    )
    decision_services.summary_publish(acting_user=admin, summary=summary)
    draft_decision = decision_services.decision_create(
        acting_user=admin, organ=lgl, title="Uppföljning", decided_on=meeting.date, agenda_item=draft
    )
    draft_summary = decision_services.summary_save(
        acting_user=admin, decision=draft_decision, title="Nära vård följs upp varje kvartal"
    )

    client = Client()
    first = sync(client)
    assert f"{settings.SITE_URL}/api/papers/{early_decision.pk}/" in first
    assert f"{settings.SITE_URL}/api/papers/{draft_decision.pk}/" not in first
    synced_at = timezone.now()

    # 1. a decision is published, 2. the meeting is moved, 3. the early summary is depublished.
    decision_services.summary_publish(acting_user=admin, summary=draft_summary)
    meeting_services.meeting_update(
        acting_user=admin,
        meeting=meeting,
        date=meeting.date + dt.timedelta(days=1),
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
    )
    decision_services.summary_depublish(
        acting_user=admin, summary=early_decision.summary, reason="Publicerad för tidigt, före justering."
    )

    changed = sync(client, since=synced_at)
    site = settings.SITE_URL
    assert set(changed) == {
        f"{site}/api/papers/{draft_decision.pk}/",
        f"{site}/api/meetings/{meeting.pk}/",
        f"{site}/api/papers/{early_decision.pk}/",
    }
    tombstone = changed[f"{site}/api/papers/{early_decision.pk}/"]
    assert tombstone["deleted"] is True
    assert set(tombstone) == {"id", "type", "created", "modified", "deleted"}
    assert changed[f"{site}/api/meetings/{meeting.pk}/"]["start"].startswith(
        (meeting.date + dt.timedelta(days=1)).isoformat() + "T13:00:00"
    )
    assert "deleted" not in changed[f"{site}/api/papers/{draft_decision.pk}/"]
    # The tombstone stays at the object's own URL, with status 200, and never shows without modified_since.
    assert client.get(f"/api/papers/{early_decision.pk}/").json()["deleted"] is True
    assert f"{site}/api/papers/{early_decision.pk}/" not in sync(client)
