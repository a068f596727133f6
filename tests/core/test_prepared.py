"""Prepared statements (lgl_portal/core/prepared.py): placeholders numbered as PostgreSQL wants them, and every
shape of the search's statement prepared and run with generic plans, as the search runs them."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection, transaction

from decisions import selectors
from lgl_portal.core.prepared import execute_prepared, numbered
from tests.factories.decisions import DecisionFactory


def test_placeholders_are_numbered_in_order_and_a_literal_percent_is_unescaped() -> None:
    assert (
        numbered("SELECT %s, 'a%%b' WHERE x = %s AND y LIKE 'z%%'") == "SELECT $1, 'a%b' WHERE x = $2 AND y LIKE 'z%'"
    )
    assert numbered("SELECT 1") == "SELECT 1"


@pytest.mark.django_db
def test_a_statement_without_parameters_is_prepared_and_executed() -> None:
    with connection.cursor() as cursor:
        execute_prepared(cursor, "SELECT 40 + 2", [])
        assert cursor.fetchone() == (42,)
        execute_prepared(cursor, "SELECT 40 + 2", [])
        assert cursor.fetchone() == (42,)


@pytest.mark.django_db
def test_with_prepared_statements_off_the_statement_is_sent_as_it_is(settings: Any) -> None:
    from django.test.utils import CaptureQueriesContext

    settings.LGL_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as ctx, connection.cursor() as cursor:
        execute_prepared(cursor, "SELECT %s + 1", [41])
        assert cursor.fetchone() == (42,)
    assert [q["sql"] for q in ctx.captured_queries] == ["SELECT 41 + 1"]


@pytest.mark.django_db
def test_every_shape_of_the_search_statement_is_prepared_and_finds_its_row(organ: Any) -> None:
    DecisionFactory(organ=organ, title="Elevhälsan 2019", decided_on=dt.date(2019, 5, 1), has_published_summary=False)
    query_text, exact_text = selectors.normalised_queries("elevhälsa", {})
    values = {
        "query": query_text,
        "exact": exact_text,
        "organ": organ.pk,
        "from": dt.date(2019, 1, 1),
        "to": dt.date(2019, 12, 31),
    }
    shapes = itertools.product(selectors.SEARCH_KINDS, (False, True), (False, True), (False, True), (10, 50))
    for kind, by_organ, by_year, use_gin, limit in shapes:
        statement = selectors._kind_statement(
            kind, organ=by_organ, year=by_year, use_gin=use_gin, limit=limit, user=None
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('jit', 'off', true)"
            )
            if not use_gin:
                cursor.execute(
                    "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)"
                )
            execute_prepared(cursor, statement.sql, statement.params(values))
            total, hits = selectors._kind_hits(kind, cursor.fetchall())
        # Counted by hand: the one decision is a "beslut" hit (it has no summary); no other kind holds a row.
        expected = ["Elevhälsan 2019"] if kind == "beslut" else []
        assert (total, [h.title for h in hits]) == (len(expected), expected), (kind, by_organ, by_year, use_gin)
