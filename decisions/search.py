"""Full-text search documents and queries, written once with django.contrib.postgres.search.

PostgreSQL only: the documents use the Swedish text search configuration (so "beslutet" matches "beslut") with
titles weighted A above the body (B) and conditions (C). The same expressions serve twice: migration
decisions/0010 compiles them into a STORED generated column `search_vector` with a GIN index on decisions'
own tables (Decision, Summary) and into an expression GIN index on agenda items; the queries compare with the
same expressions, so the planner always finds its index. The agenda items' table belongs to meetings, whose
columns must not be pinned by a generated column (PostgreSQL refuses to change the type of a column one uses),
hence an expression index there rather than a column.

The column is not part of the models' state: ordinary queries never load it, and SQLite (`make run`, which
searches with LIKE) has none. `StoredSearchVector` names it in a query.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db.models import Expression, F, Func, TextField, Value
from django.db.models.functions import Coalesce, Concat

CONFIG = "swedish"
COLUMN = "search_vector"
START, STOP = "\x02", "\x03"


def decision_document() -> CombinedSearchVector:
    return (
        SearchVector("title", "paragraph_label", "diarienummer", config=CONFIG, weight="A")
        + SearchVector("text", config=CONFIG, weight="B")
        + SearchVector("condition_text", config=CONFIG, weight="C")
    )


def summary_document() -> CombinedSearchVector:
    return (
        SearchVector("title", config=CONFIG, weight="A")
        + SearchVector("bullets", config=CONFIG, weight="B")
        + SearchVector("background", config=CONFIG, weight="B")
    )


def agenda_item_document() -> CombinedSearchVector:
    return SearchVector("title", config=CONFIG, weight="A") + SearchVector(
        "summary", "proposal", "decision_text", config=CONFIG, weight="B"
    )


class StoredSearchVector(Expression):
    """The query's own table's stored `search_vector` column (see the module doc for why it is no model field)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(COLUMN)}", []


def search_query(*, tsquery: str | None, text: str) -> SearchQuery:
    """Our own to_tsquery() text when we built one, else the visitor's words as web search syntax."""
    if tsquery is not None:
        return SearchQuery(tsquery, config=CONFIG, search_type="raw")
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def rank(vector: Expression, query: SearchQuery) -> SearchRank:
    return SearchRank(vector, query)


def strip_tags(field: str) -> Func:
    return Func(
        Coalesce(F(field), Value(""), output_field=TextField()),
        Value("<[^>]+>"),
        Value(" "),
        Value("g"),
        function="REGEXP_REPLACE",
        output_field=TextField(),
    )


def text_of(*parts: Any) -> Concat:
    """Fields and expressions joined with spaces, for a headline."""
    joined: list[Any] = []
    for part in parts:
        if joined:
            joined.append(Value(" "))
        joined.append(Coalesce(F(part), Value(""), output_field=TextField()) if isinstance(part, str) else part)
    return Concat(*joined, output_field=TextField())


def headline(body: Any, query: SearchQuery) -> SearchHeadline:
    """The matching fragments, the hits between START and STOP (escaped and marked up by the selectors)."""
    return SearchHeadline(
        body,
        query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
    )
