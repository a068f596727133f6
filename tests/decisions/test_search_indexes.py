"""The search's indexes: the covering indexes of the walk (decisions/search.py WALK_INDEXES) are made by the
migration and made again when `swedish_search` rebuilds the search columns they include."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from decisions import search

WALK = {"summary_search_walk", "summary_search_walk_organ", "decision_search_walk"}


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_walk_indexes_cover_the_search_column_after_migrating() -> None:
    assert {name for name, _ in search.WALK_INDEXES} == WALK
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [sorted(WALK)])
        found = dict(cursor.fetchall())
    assert set(found) == WALK
    assert all("INCLUDE" in definition and "search_vector" in definition for definition in found.values())


@pytest.mark.django_db
def test_rebuilding_the_search_columns_makes_the_walk_indexes_again() -> None:
    call_command("swedish_search", stdout=io.StringIO())
    assert WALK | {"decision_search_gin", "summary_search_gin", "handlingtext_search_gin"} <= _indexes()


def _definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_decisions_gin_index_holds_only_decisions_without_a_published_summary_also_after_a_rebuild() -> None:
    # The `beslut` kind searches only those (a summarised decision is found through its summary).
    expected = "USING gin (search_vector) WHERE (NOT has_published_summary)"
    assert _definition("decision_search_gin").endswith(expected)
    call_command("swedish_search", stdout=io.StringIO())
    assert _definition("decision_search_gin").endswith(expected)


@pytest.mark.django_db
def test_the_recent_gin_indexes_hold_the_rows_since_the_recent_date_also_after_a_rebuild() -> None:
    # decisions/search.py RECENT_GIN_INDEXES: the same condition as the rows each kind searches, and the date.
    expected = {
        "summary_search_gin_recent": "WHERE (is_published AND (decided_on >= '2024-01-01'::date))",
        "decision_search_gin_recent": "WHERE ((NOT has_published_summary) AND (decided_on >= '2024-01-01'::date))",
    }
    assert {name for name, _, _ in search.RECENT_GIN_INDEXES} == set(expected)
    for name, condition in expected.items():
        assert _definition(name).endswith(f"USING gin (search_vector) {condition}")
    call_command("swedish_search", stdout=io.StringIO())
    for name, condition in expected.items():
        assert _definition(name).endswith(f"USING gin (search_vector) {condition}")
