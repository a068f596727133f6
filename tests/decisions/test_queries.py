"""Every public page and the member's page run the same number of queries with 10 and with 1,000 decisions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decisions.models import Decision
from tests.factories.decisions import AreaFactory, bulk_published_decisions

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/beslut/",
    "/beslut/?year=2001&area=aldre",
    "/beslut/{first}/",
    "/sok/?q=primärvård",
    "/sok/?q=nära+vård&typ=sammanfattning",
    "/sok/?q=kompetens",
    "/sok/?q=primärvåd",
    "/sok/?q=KS+2023/0539",
    "/sok/?q=157/23",
    "/sok/?q=vård&typ=handling",
    "/",
    "/beslut/flode.atom",
    "/tillganglighet/",
    "/api/papers/",
    "/api/organizations/",
]


def _count(client: Client, path: str) -> int:
    cache.clear()  # measure the rendering, not the page cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_a_public_page_runs_the_same_queries_with_10_and_1000_decisions(
    organ: Any, path: str, django_assert_num_queries: Any
) -> None:
    area = AreaFactory(name="Äldre", slug="aldre")
    bulk_published_decisions(organ, 10)
    first = Decision.objects.order_by("id").first()
    first.areas.add(area)
    path = path.format(first=first.pk)
    client = Client()
    # The first search of a shape on a connection also prepares its statements (lgl_portal/core/prepared.py).
    _count(client, path)
    with_10 = _count(client, path)
    bulk_published_decisions(organ, 990, start=first.decided_on)
    for d in Decision.objects.order_by("-id")[:50]:
        d.areas.add(area)
    cache.clear()
    with django_assert_num_queries(with_10):
        assert client.get(path).status_code == 200


def test_a_cached_public_page_costs_no_query_at_all(organ: Any, django_assert_num_queries: Any) -> None:
    bulk_published_decisions(organ, 10)
    client = Client()
    assert client.get("/beslut/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/beslut/")
    assert response["X-Page-Cache"] == "hit"
