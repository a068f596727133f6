"""The full-text search expressions, shared by the migration that indexes them and the selectors that query them.

PostgreSQL only: the vectors use the Swedish text search configuration (so "beslutet" matches "beslut") with
titles weighted A above the body (B) and conditions (C). Decision and Summary carry a STORED generated column
with a GIN index; agenda items belong to the meetings app, whose columns we must not pin with a generated
column (PostgreSQL refuses to change the type of a column a generated column uses), so they get a GIN index on
the same kind of expression instead, and the selector repeats that expression verbatim so the index is used.
"""

from __future__ import annotations

CONFIG = "swedish"

DECISION_VECTOR = (
    "setweight(to_tsvector('swedish', coalesce(title, '') || ' ' || coalesce(paragraph_label, '') || ' ' "
    "|| coalesce(diarienummer, '')), 'A') || setweight(to_tsvector('swedish', coalesce(text, '')), 'B') "
    "|| setweight(to_tsvector('swedish', coalesce(condition_text, '')), 'C')"
)
SUMMARY_VECTOR = (
    "setweight(to_tsvector('swedish', coalesce(title, '')), 'A') "
    "|| setweight(to_tsvector('swedish', coalesce(bullets, '')), 'B') "
    "|| setweight(to_tsvector('swedish', coalesce(background, '')), 'B')"
)


def agenda_item_vector(table: str = "meetings_agendaitem") -> str:
    t = table
    return (
        f"(setweight(to_tsvector('swedish'::regconfig, coalesce({t}.title, '')), 'A') "
        f"|| setweight(to_tsvector('swedish'::regconfig, coalesce({t}.summary, '') || ' ' "
        f"|| coalesce({t}.proposal, '') || ' ' || coalesce({t}.decision_text, '')), 'B'))"
    )


# The index expression must not name the table; the query's must, and both must match after parsing.
AGENDA_ITEM_INDEX_EXPRESSION = (
    "(setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A') "
    "|| setweight(to_tsvector('swedish'::regconfig, coalesce(summary, '') || ' ' "
    "|| coalesce(proposal, '') || ' ' || coalesce(decision_text, '')), 'B'))"
)

FORWARD_SQL = [
    f"ALTER TABLE decisions_decision ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({DECISION_VECTOR}) STORED",
    "CREATE INDEX decision_search_gin ON decisions_decision USING GIN (search_vector)",
    f"ALTER TABLE decisions_summary ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({SUMMARY_VECTOR}) STORED",
    "CREATE INDEX summary_search_gin ON decisions_summary USING GIN (search_vector)",
    f"CREATE INDEX agendaitem_search_gin ON meetings_agendaitem USING GIN ({AGENDA_ITEM_INDEX_EXPRESSION})",
]
BACKWARD_SQL = [
    "DROP INDEX IF EXISTS agendaitem_search_gin",
    "ALTER TABLE decisions_summary DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE decisions_decision DROP COLUMN IF EXISTS search_vector",
]
