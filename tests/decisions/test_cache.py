from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from decisions import services
from tests.factories.decisions import DecisionFactory, SummaryFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_cached_and_a_content_change_invalidates_it(secretary: Any, organ: Any) -> None:
    summary = SummaryFactory(decision=DecisionFactory(organ=organ), title="Före ändringen")
    client = Client()
    assert client.get("/beslut/")["X-Page-Cache"] == "miss"
    assert client.get("/beslut/")["X-Page-Cache"] == "hit"
    services.summary_save(acting_user=secretary, decision=summary.decision, title="Efter ändringen")
    response = client.get("/beslut/")
    assert response["X-Page-Cache"] == "miss"
    assert "Efter ändringen" in response.content.decode()


def test_logged_in_users_are_never_served_from_the_cache(role_clients: dict[str, Any], organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ))
    role_clients["anonymous"].get("/beslut/")
    response = role_clients["member"].get("/beslut/")
    assert "X-Page-Cache" not in response
    assert "Logga ut" in response.content.decode()


def test_a_cached_page_carries_each_visitors_own_csrf_token() -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/tillganglighet/")
    response = second.get("/tillganglighet/")
    assert response["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    # The token in the cached page works for the second visitor: the report form is accepted (a refused token
    # would be a 403, an invalid form a 400).
    sent = second.post("/tillganglighet/", {"description": "Knappen syns inte vid 400 %", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302


def test_a_public_page_without_a_form_sets_no_cookie_and_the_language_switch_needs_no_token(organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ))
    visitor = Client(enforce_csrf_checks=True)
    for _ in range(2):  # rendered, then from the cache
        response = visitor.get("/beslut/")
        assert response.status_code == 200
        assert response.cookies == {}, response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
    switched = visitor.post("/sprak/", {"language": "en", "next": "/beslut/"})
    assert switched.status_code == 302 and switched["Location"] == "/beslut/"
    assert visitor.get("/beslut/")["Content-Language"] == "en"
    # Django's check of `next` holds: a switch never sends the visitor to another site.
    away = visitor.post("/sprak/", {"language": "sv", "next": "https://example.org/"})
    assert away.status_code == 302 and away["Location"] == "/"


def test_with_pages_kept_in_memory_a_change_in_this_process_still_invalidates_at_once(
    settings: Any, secretary: Any, organ: Any, django_assert_num_queries: Any
) -> None:
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    summary = SummaryFactory(decision=DecisionFactory(organ=organ), title="Minnesversionen")
    services.summary_save(acting_user=secretary, decision=summary.decision, title="Minnesversionen")
    client = Client()
    assert client.get("/beslut/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get("/beslut/")["X-Page-Cache"] == "hit"
    services.summary_depublish(acting_user=secretary, summary=summary, reason="Fel.")
    response = client.get("/beslut/")
    assert response["X-Page-Cache"] == "miss"
    assert "Minnesversionen" not in response.content.decode()
    summary.decision.refresh_from_db()
    assert summary.decision.has_published_summary is False


def test_cached_pages_are_never_stored_by_shared_caches(organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ))
    client = Client()
    for _ in range(2):
        response = client.get("/beslut/")
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def test_a_cached_page_keeps_the_views_response_headers(organ: Any) -> None:
    client = Client()
    first = client.get("/kalender.ics")
    second = client.get("/kalender.ics")
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Disposition"] == first["Content-Disposition"] == 'inline; filename="kalender.ics"'


def test_the_cache_key_includes_the_host(organ: Any) -> None:
    client = Client()
    assert client.get("/beslut/", HTTP_HOST="localhost")["X-Page-Cache"] == "miss"
    assert client.get("/beslut/", HTTP_HOST="127.0.0.1")["X-Page-Cache"] == "miss"
    assert client.get("/beslut/", HTTP_HOST="localhost")["X-Page-Cache"] == "hit"
