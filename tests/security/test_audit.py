"""The audit log: every service write leaves a row; admins read and filter it; nothing in the portal changes it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groups import services
from lgl_portal.audit.models import AuditEntry
from tests.factories.groups import OrganFactory
from tests.security import crawl_support as cs
from tests.security.urlmap import Unfillable, all_routes, url_for

pytestmark = pytest.mark.django_db


def _admin_client(admin_user: Any) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def _entry(action: str, target_type: str, actor: str, at: dt.datetime) -> AuditEntry:
    entry = AuditEntry.objects.create(action=action, target_type=target_type, target_id="7", actor_repr=actor)
    AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def test_a_service_write_records_who_what_when_and_the_change(admin_user: Any) -> None:
    organ = OrganFactory(name="Äldre", slug="aldre-audit")
    services.organ_update(acting_user=admin_user, organ=organ, name="Äldreomsorg")
    entry = AuditEntry.objects.get(action="organ_update")
    assert entry.actor == admin_user
    assert entry.target_type == "groups.organ"
    assert entry.target_id == str(organ.pk)
    assert entry.changes == {"name": ["Äldre", "Äldreomsorg"]}
    assert timezone.now() - entry.at < dt.timedelta(minutes=5)


def test_the_admin_reads_the_log_with_the_change_shown(admin_user: Any) -> None:
    organ = OrganFactory(name="Barn och unga", slug="bou-audit")
    services.organ_update(acting_user=admin_user, organ=organ, description="Ny beskrivning")
    page = _admin_client(admin_user).get("/granskning/").content.decode()
    assert "organ_update" in page
    assert "Barn och unga" in page
    assert "Ny beskrivning" in page


def test_the_log_filters_by_action_type_user_and_date(admin_user: Any) -> None:
    now = timezone.now()
    _entry("person_create", "groups.person", "helene", now - dt.timedelta(days=30))
    _entry("organ_update", "groups.organ", "helene", now - dt.timedelta(days=2))
    _entry("meeting_update", "meetings.meeting", "anna", now)
    client = _admin_client(admin_user)

    def actions(query: dict[str, str]) -> list[str]:
        response = client.get("/granskning/", query)
        assert response.status_code == 200
        return [e.action for e in response.context["page"]]

    assert actions({"action": "organ_update"}) == ["organ_update"]
    assert actions({"target_type": "meetings.meeting"}) == ["meeting_update"]
    assert actions({"actor": "helene"}) == ["organ_update", "person_create"]
    since = (now - dt.timedelta(days=3)).date().isoformat()
    assert actions({"date_from": since}) == ["meeting_update", "organ_update"]
    until = (now - dt.timedelta(days=10)).date().isoformat()
    assert actions({"date_to": until}) == ["person_create"]


def test_a_bad_filter_is_answered_with_a_swedish_message_and_400(admin_user: Any) -> None:
    response = _admin_client(admin_user).get("/granskning/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 400
    assert "Slutdatum kan inte ligga före startdatum." in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["outsider", "member", "secretary", "chair"])
def test_only_admins_read_the_log(request: Any, user_fixture: str) -> None:
    entry = _entry("organ_update", "groups.organ", "helene", timezone.now())
    client = Client()
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get("/granskning/").status_code == 403
    assert client.get(f"/granskning/{entry.pk}/").status_code == 403
    assert Client().get("/granskning/").status_code == 302


def test_the_list_costs_the_same_queries_for_five_or_a_hundred_entries(admin_user: Any) -> None:
    client = _admin_client(admin_user)
    client.get("/granskning/")  # warm the session and content types

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/granskning/").status_code == 200
        return len(queries)

    for n in range(5):
        _entry(f"action_{n}", "groups.organ", "helene", timezone.now())
    few = count()
    for n in range(95):
        _entry(f"action_{n % 7}", "groups.person", f"user{n % 3}", timezone.now())
    assert count() == few


def test_the_detail_page_shows_every_changed_field(admin_user: Any) -> None:
    entry = AuditEntry.objects.create(
        action="person_update",
        target_type="groups.person",
        target_id="3",
        changes={"title": ["Socialchef", "Omsorgschef"]},
    )
    page = _admin_client(admin_user).get(f"/granskning/{entry.pk}/").content.decode()
    assert "title" in page
    assert "Omsorgschef" in page


# --- No URL of the portal can change an audit row -------------------------------------------------------------


def _snapshot() -> dict[int, tuple[Any, ...]]:
    return {
        row[0]: row[1:]
        for row in AuditEntry.objects.values_list(
            "pk", "at", "actor_id", "actor_repr", "action", "target_type", "target_id", "target_repr", "changes"
        )
    }


@pytest.fixture
def unsafe_requests(db: None) -> Iterator[tuple[dict[int, tuple[Any, ...]], list[str]]]:
    """Every portal URL sent POST, PUT, PATCH and DELETE by an admin, with fields named like an audit row."""
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.CRITICAL)
    cs.load_demo()
    cs.supplement_demo()
    from django.contrib.auth import get_user_model

    admin = Client(raise_request_exception=False)
    admin.force_login(get_user_model().objects.get(username="admin"))
    before = _snapshot()
    assert before, "the demo writes through services, so the log cannot be empty"
    junk = {
        "action": "forfalskad",
        "actor_repr": "någon annan",
        "target_type": "x",
        "target_id": "1",
        "changes": "{}",
        "at": "2000-01-01",
        "id": str(next(iter(before))),
        "pk": str(next(iter(before))),
    }
    errors = []
    for route in all_routes():
        if route.allowed_unfilled() or route.name.startswith("admin:"):
            continue
        try:
            url = url_for(route)
        except Unfillable:
            continue
        for method in ("post", "put", "patch", "delete"):
            response = getattr(admin, method)(url, junk)
            if response.status_code >= 500:
                errors.append(f"{method.upper()} {url}: {response.status_code}")
    yield before, errors
    request_logger.setLevel(level)


def test_no_portal_url_changes_or_deletes_an_audit_row(
    unsafe_requests: tuple[dict[int, tuple[Any, ...]], list[str]],
) -> None:
    before, _errors = unsafe_requests
    after = _snapshot()
    changed = [pk for pk, row in before.items() if after.get(pk) != row]
    assert changed == []


def test_junk_sent_to_any_url_never_gives_a_server_error(
    unsafe_requests: tuple[dict[int, tuple[Any, ...]], list[str]],
) -> None:
    _before, errors = unsafe_requests
    assert errors == [], "\n".join(errors)
