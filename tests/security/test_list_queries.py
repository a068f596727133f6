"""Permission-aware lists: the number of queries a list page costs does not grow with the rows it shows.

Every list page (a GET route without path parameters) is measured as each role on the demo data, then again
after more justerade meetings with paragraphs, decisions and published summaries are added. A per-row
permission check or a missing prefetch shows up as a higher count.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.models import Decision, Summary
from groups.models import Organ
from meetings.models import AgendaItem, Meeting
from tests.security import crawl_support as cs
from tests.security.urlmap import all_routes

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "outsider", "member", "secretary", "admin")
EXTRA_MEETINGS = 6


def list_urls() -> list[str]:
    urls = []
    for route in all_routes():
        if route.params or route.name.startswith("admin:") or route.allowed_unfilled():
            continue
        if route.name in ("logout", "set_language", "accounts:login_verify", "accounts:django_login"):
            continue
        urls.append("/" + route.route.lstrip("^").rstrip("$"))
    return urls


def add_rows() -> None:
    lgl = Organ.objects.get(slug="lgl")
    now = timezone.now()
    for n in range(EXTRA_MEETINGS):
        day = dt.date(2024, 1, 10) + dt.timedelta(days=30 * n)
        meeting = Meeting.objects.create(
            organ=lgl,
            date=day,
            status=Meeting.Status.ANSLAGET,
            justerat_at=now,
            posted_on=day + dt.timedelta(days=2),
            remove_on=day + dt.timedelta(days=30),
            title=f"Extra möte {n}",
        )
        for position in (1, 2):
            item = AgendaItem.objects.create(
                meeting=meeting,
                organ=lgl,
                position=position,
                title=f"Ärende {n}.{position}",
                paragraph_number=500 + 10 * n + position,
                paragraph_year=day.year,
                summary="<p>Sammanfattning</p>",
                decision_text="<p>Beslut</p>",
            )
            decision = Decision.objects.create(
                organ=lgl, meeting=meeting, agenda_item=item, decided_on=day, title=f"Beslut {n}.{position}"
            )
            Summary.objects.create(
                decision=decision,
                title=f"Beslut i korthet {n}.{position}",
                background="<p>Bakgrund</p>",
                bullets="Punkt",
                is_published=True,
                published_at=now,
                updated_at=now,
                organ=lgl,
                decided_on=day,
            )


def measure(clients: dict[str, Client], urls: list[str]) -> dict[tuple[str, str], int]:
    counts = {}
    for role in ROLES:
        for url in urls:
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = clients[role].get(url)
            if response.status_code == 200:
                counts[(role, url)] = len(queries)
    return counts


@pytest.fixture
def clients(db: None) -> Iterator[dict[str, Client]]:
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR)
    cs.load_demo()
    yield cs.role_clients()
    request_logger.setLevel(level)


def test_list_pages_cost_the_same_number_of_queries_as_rows_grow(clients: dict[str, Any]) -> None:
    urls = list_urls()
    assert "/moten/" in urls and "/beslut/" in urls
    measure(clients, urls)  # warm sessions, content types and permission caches
    before = measure(clients, urls)
    add_rows()
    after = measure(clients, urls)
    grew = [
        f"{role} {url}: {before[(role, url)]} → {after[(role, url)]}"
        for role, url in before
        if after.get((role, url), 0) > before[(role, url)]
    ]
    cache.clear()
    assert "Beslut i korthet 0.1" in clients["anonymous"].get("/beslut/").content.decode(), "the new rows are listed"
    assert len(before) > 40
    assert grew == [], "\n".join(grew)
