"""The PostgreSQL backend's health check (lgl_portal/core/postgresql/base.py): a kept connection is checked by
its socket, without a query, and a connection the server has ended is replaced before the request's first
query instead of failing it. Against the real server: the ended connection is ended by the server itself."""

from __future__ import annotations

import time
from typing import Any

import psycopg
import pytest
from django.db import connection

from groups.models import Organ


def _server(statement: str, *params: Any) -> list[tuple[Any, ...]]:
    """A statement on a connection of its own, as an administrator would run it."""
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
        return admin.execute(statement, params).fetchall()


def _wait_until_unusable(seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not connection.is_usable():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_an_idle_live_connection_is_usable_and_the_check_sends_the_server_nothing() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'the last statement before the check'")
        pid = connection.connection.info.backend_pid

    assert connection.is_usable()

    # The server still shows the statement before the check as this connection's last: no SELECT 1 was sent.
    [(state, last)] = _server("SELECT state, query FROM pg_stat_activity WHERE pid = %s", pid)
    assert (state, last) == ("idle", "SELECT 'the last statement before the check'")


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_unusable_and_the_next_request_gets_a_new_one() -> None:
    connection.ensure_connection()
    old_pid = connection.connection.info.backend_pid

    assert _server("SELECT pg_terminate_backend(%s)", old_pid) == [(True,)]

    assert _wait_until_unusable()
    # What Django does at the start of each request (request_started → close_old_connections), with the
    # health check that CONN_HEALTH_CHECKS makes before the request's first query.
    connection.close_if_unusable_or_obsolete()
    assert Organ.objects.count() >= 0
    assert connection.connection.info.backend_pid != old_pid


@pytest.mark.django_db(transaction=True)
def test_a_connection_left_inside_a_transaction_is_not_taken_as_usable() -> None:
    connection.ensure_connection()
    connection.connection.execute("BEGIN")
    try:
        assert not connection.is_usable()
    finally:
        connection.connection.execute("ROLLBACK")
    assert connection.is_usable()


def test_the_portal_runs_on_the_backend_with_the_socket_check(settings: Any) -> None:
    assert settings.DATABASES["default"]["ENGINE"] == "lgl_portal.core.postgresql"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
