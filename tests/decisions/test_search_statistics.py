"""The search's per-lexeme estimate (decisions/search_statistics.py) against PostgreSQL's own: the expected rows
are read from the planner's EXPLAIN of a scan with that lexeme, after ANALYZE, never computed by our code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from decisions import search as search_documents
from decisions import search_statistics, selectors
from decisions.models import Decision
from meetings.models import AgendaItem
from tests.factories.decisions import DecisionFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory


def planner_rows(model: Any, vector: Any, tsquery: str) -> float:
    """PostgreSQL's estimate for `document @@ tsquery` over the whole table (EXPLAIN, never run)."""
    qs = model.objects.alias(document=vector).filter(document=SearchQuery(tsquery, search_type="raw", config="simple"))
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    plan = raw if isinstance(raw, list) else json.loads(raw)
    return float(plan[0]["Plan"]["Plan Rows"])


@pytest.fixture
def analysed_decisions(organ: Any) -> None:
    # 40 % elevhälsa, 10 % suicidprevention, one rare word, the rest äldreomsorg: shares ANALYZE sees exactly
    # (it samples every row of a table this small).
    for i in range(120):
        title = "Elevhälsa" if i % 5 < 2 else "Suicidprevention" if i % 10 == 2 else "Äldreomsorg"
        if i == 7:
            title = "Kompetensförsörjningsplan"
        DecisionFactory(organ=organ, title=f"{title} {i}", text="", has_published_summary=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE decisions_decision")
    search_statistics.forget()
    yield
    search_statistics.forget()


@pytest.mark.django_db
@pytest.mark.parametrize("lexeme", ["elevhälsa", "suicidprevention", "äldreomsorg", "kompetensförsörjningsplan"])
def test_a_lexemes_estimate_is_the_planners_own(analysed_decisions: None, lexeme: str) -> None:
    statistics = search_statistics.document_statistics()["beslut"]
    expected = planner_rows(Decision, search_documents.StoredSearchVector(), f"'{lexeme}'")
    assert statistics.matching_rows(lexeme) == expected


@pytest.mark.django_db
def test_a_word_no_row_holds_is_estimated_as_the_planner_does(analysed_decisions: None) -> None:
    statistics = search_statistics.document_statistics()["beslut"]
    assert statistics.matching_rows("nyckeltal") == planner_rows(
        Decision, search_documents.StoredSearchVector(), "'nyckeltal'"
    )


@pytest.mark.django_db
def test_a_prefix_is_estimated_as_the_planner_does(analysed_decisions: None) -> None:
    statistics = search_statistics.document_statistics()["beslut"]
    # Fewer than 100 common lexemes here: PostgreSQL's fixed guess, DEFAULT_TS_MATCH_SEL × 4 of the rows.
    assert statistics.matching_rows("elev", prefix=True) == planner_rows(
        Decision, search_documents.StoredSearchVector(), "'elev':*"
    )


@pytest.mark.django_db
def test_the_agenda_items_expression_index_gives_its_statistics(organ: Any) -> None:
    meeting = MeetingFactory(organ=organ)
    for i in range(30):
        AgendaItemFactory(meeting=meeting, title="Budget" if i % 3 else "Elevhälsa", position=i + 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_agendaitem")
    search_statistics.forget()
    try:
        statistics = search_statistics.document_statistics()["arende"]
        vector = search_documents.agenda_item_document()
        assert statistics.common is not None
        assert statistics.matching_rows("budget") == planner_rows(AgendaItem, vector, "'budget'")
        assert statistics.matching_rows("elevhälsa") == planner_rows(AgendaItem, vector, "'elevhälsa'")
    finally:
        search_statistics.forget()


@pytest.mark.django_db
def test_a_table_never_analysed_counts_as_empty_and_is_searched_through_the_gin_index(organ: Any) -> None:
    search_statistics.forget()
    DecisionFactory(organ=organ, title="Elevhälsa", has_published_summary=False)
    query_text = selectors.normalised_queries("elevhälsa", expand_prefixes=False).text
    matches, rows = selectors.estimated_matches(["handling"], query_text)["handling"]
    assert rows == 0.0
    assert selectors.gin_first(matches, rows)
