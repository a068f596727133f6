"""Full-text search documents and queries, written once with django.contrib.postgres.search.

PostgreSQL only: the documents use our text search configuration `lgl_swedish` (so "beslutet" matches "beslut")
with titles weighted A above the body (B) and conditions (C). Migration decisions/0011 creates it: when the
server has Debian's hunspell-sv converted into its tsearch_data (scripts/pg_swedish_dictionary.sh), words go
first through an ispell dictionary that splits compounds ("primärvården" → primärvård, primär, vård), then the
Snowball stemmer; without the files it is a plain copy of `swedish`, and compounds are found by prefix only
("kompetens" finds "kompetensförsörjningsplan", "vård" does not find "primärvård").

The same expressions serve twice: migration decisions/0011 (`rebuild_documents`) compiles them into a STORED
generated column `search_vector` with a GIN index on decisions' own tables (Decision, Summary, HandlingText)
and into an expression GIN index on agenda items; the queries compare with the same expressions, so the
planner always finds its index. The agenda items' table belongs to meetings, whose columns must not be pinned
by a generated column (PostgreSQL refuses to change the type of a column one uses), hence an expression index.

The column is not part of the models' state: ordinary queries never load it, and SQLite (`make run`, which
searches with LIKE) has none. `StoredSearchVector` names it in a query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import DatabaseError, transaction
from django.db.models import BooleanField, Expression, F, Func, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, Concat

from meetings import search as meetings_search

CONFIG = "lgl_swedish"
# The exact configuration: matches through it rank above compound parts and prefixes (see `rank`).
EXACT_CONFIG = "swedish"
ISPELL_DICTIONARY = "lgl_swedish_ispell"
# Hunspell's sv_SE converted by Debian's pg_updatedicts (or our script) into tsearch_data/sv_se.{dict,affix}.
ISPELL_FILES = "sv_se"
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"
COLUMN = "search_vector"
# The exact-word document (EXACT_CONFIG) stored beside it, read by `rank` only: computing it for each of 200
# candidates per kind was a third of an uncached search's time in PostgreSQL at 1,000,000 decisions.
EXACT_COLUMN = "search_exact"
START, STOP = "\x02", "\x03"


def decision_document(config: str = CONFIG) -> CombinedExpression:
    return (
        SearchVector("title", "paragraph_label", "diarienummer", config=config, weight="A")
        + SearchVector("text", config=config, weight="B")
        + SearchVector("condition_text", config=config, weight="C")
    )


def summary_document(config: str = CONFIG) -> CombinedExpression:
    return (
        SearchVector("title", config=config, weight="A")
        + SearchVector("bullets", config=config, weight="B")
        + SearchVector("background", config=config, weight="B")
    )


def agenda_item_document(config: str = CONFIG) -> CombinedExpression:
    # The expression is the meetings app's (it owns the table and built the first index); only the
    # configuration is ours.
    return meetings_search.agenda_item_document(config=config)


def handling_document(config: str = CONFIG) -> SearchVector:
    return SearchVector("text", config=config, weight="B")


def create_text_search_config(schema_editor: Any) -> bool:
    """Create `lgl_swedish`: with the ispell dictionary when its files load, else a copy of `swedish`.

    Returns whether compounds are split. Idempotent: the configuration is dropped and made again.
    """
    execute = schema_editor.execute
    execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {ISPELL_DICTIONARY}")
    execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = swedish)")
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            execute(
                f"CREATE TEXT SEARCH DICTIONARY {ISPELL_DICTIONARY} "
                f"(TEMPLATE = ispell, DictFile = {ISPELL_FILES}, AffFile = {ISPELL_FILES}, StopWords = swedish)"
            )
    except DatabaseError:
        return False
    execute(
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} "
        f"WITH {ISPELL_DICTIONARY}, swedish_stem"
    )
    return True


def _ddl(expression: Any, model: Any, schema_editor: Any) -> str:
    """The expression as SQL over unqualified column names, values inlined (DDL takes no parameters)."""
    from django.db.models.sql import Query

    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = compiler.compile(expression.resolve_expression(query, allow_joins=False))
    return str(sql % tuple(schema_editor.quote_value(p) for p in params))


def rebuild_documents(apps: Any, schema_editor: Any) -> None:
    """(Re)create the stored search columns, their GIN indexes and the agenda items' expression index over
    CONFIG; rewriting the columns is what makes a changed configuration (a dictionary installed) take effect."""
    agenda_item = apps.get_model("meetings", "AgendaItem")
    for model, document, index, where in (
        (apps.get_model("decisions", "Decision"), decision_document(), "decision_search_gin", DECISION_GIN_WHERE),
        (apps.get_model("decisions", "Summary"), summary_document(), "summary_search_gin", ""),
        (apps.get_model("decisions", "HandlingText"), handling_document(), "handlingtext_search_gin", ""),
    ):
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({_ddl(document, model, schema_editor)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING GIN ({COLUMN}){where}")
    schema_editor.execute("DROP INDEX IF EXISTS agendaitem_search_gin")
    schema_editor.execute(
        f"CREATE INDEX agendaitem_search_gin ON {schema_editor.quote_name(agenda_item._meta.db_table)} "
        f"USING GIN (({_ddl(agenda_item_document(), agenda_item, schema_editor)}))"
    )


# The decisions' GIN index holds only the decisions the `beslut` kind searches: one with a published summary is
# found through its summary (decisions.selectors), and it is the predicate of the walk's index too. Searching the
# whole table, a word in many summarised decisions cost a heap visit for each of them, all thrown away: for
# "primärvård" at 1,000,000 decisions 2,971 rows read to keep 567 (12 of the statement's 20 ms). The query
# must say `NOT has_published_summary` as such (not as a parameter) for PostgreSQL to use the index.
DECISION_GIN_WHERE = " WHERE NOT has_published_summary"


def create_decision_gin_index(schema_editor: Any) -> None:
    schema_editor.execute("DROP INDEX IF EXISTS decision_search_gin")
    schema_editor.execute(
        f"CREATE INDEX decision_search_gin ON decisions_decision USING GIN ({COLUMN}){DECISION_GIN_WHERE}"
    )


def add_exact_documents(apps: Any, schema_editor: Any) -> None:
    """Store the exact-word documents of decisions, summaries and handlingar as generated columns (no index:
    only the candidates already chosen are ranked with them). Independent of `lgl_swedish`, so rebuilding the
    search columns leaves them alone."""
    for model, document in (
        (apps.get_model("decisions", "Decision"), decision_document(EXACT_CONFIG)),
        (apps.get_model("decisions", "Summary"), summary_document(EXACT_CONFIG)),
        (apps.get_model("decisions", "HandlingText"), handling_document(EXACT_CONFIG)),
    ):
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {EXACT_COLUMN}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {EXACT_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({_ddl(document, model, schema_editor)}) STORED"
        )


# Covering indexes for the search's walk (selectors: the newest matches, newest first): each holds the walk's
# order and every column the walk reads, the stored search column included, so PostgreSQL tests each row's
# words in the index alone (an index-only scan) instead of fetching the row: 3 times faster at 1,000,000
# decisions. If the public rule comes to read another column, the walk still works, fetching the rows again;
# add the column here. (The models' own keyset indexes cannot name the search column, which is no model field.)
WALK_INDEXES = (
    (
        "summary_search_walk",
        "decisions_summary (decided_on DESC, id DESC) INCLUDE (organ_id, search_vector) WHERE is_published",
    ),
    (
        "summary_search_walk_organ",
        "decisions_summary (organ_id, decided_on DESC, id DESC) INCLUDE (search_vector) WHERE is_published",
    ),
    (
        "decision_search_walk",
        "decisions_decision (decided_on DESC, id DESC) INCLUDE (organ_id, publication, has_published_summary, "
        "meeting_id, agenda_item_id, decision_point_id, search_vector) WHERE NOT has_published_summary",
    ),
)


def create_walk_indexes(schema_editor: Any) -> None:
    """(Re)create WALK_INDEXES; dropping the search column (`swedish_search`) drops them with it."""
    for name, definition in WALK_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX {name} ON {definition}")


# The recent rows' GIN indexes. A search takes the newest matches (selectors.SEARCH_CANDIDATES), but a GIN index
# gives its matches in no order, so for a common word every match was read from the table to be sorted by date:
# "primärvård" at 1,000,000 decisions is in 2,404 summaries and 567 decisions (2,375 table blocks), and its
# candidates took 9–15 ms of a 29 ms search, the slowest of the bench's words and so its p99. These partial
# indexes hold only the rows decided on or after RECENT_SINCE. A search of a common word asks them first
# (selectors._gin_first_sql); when they give SEARCH_CANDIDATES matches, those are the newest of all, since every
# other match is older; else the older rows are searched too, in the same statement. With the recent rows only,
# "primärvård"'s summaries took 0.8–2.0 ms. The date is a constant in the index's condition and in the query's
# text (`RecentDate`): a prepared statement's generic plan uses a partial index only when its own text implies
# the index's condition. As the years pass the recent rows grow and the gain shrinks, but the search stays right;
# moving the date takes a migration that calls `create_recent_gin_indexes` again.
RECENT_SINCE = dt.date(2024, 1, 1)
RECENT_GIN_INDEXES = (
    ("summary_search_gin_recent", "decisions_summary", "is_published"),
    # The decisions the `beslut` kind searches (DECISION_GIN_WHERE).
    ("decision_search_gin_recent", "decisions_decision", "NOT has_published_summary"),
)


def create_recent_gin_indexes(schema_editor: Any) -> None:
    """(Re)create RECENT_GIN_INDEXES; dropping the search column (`swedish_search`) drops them with it."""
    for name, table, condition in RECENT_GIN_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON {table} USING GIN ({COLUMN}) "
            f"WHERE {condition} AND decided_on >= DATE '{RECENT_SINCE.isoformat()}'"
        )
        # Until the table is analysed, a new GIN index's reltuples counts its entries, not its rows; the search
        # reads the rows from it (search_statistics.RECENT_INDEXES).
        schema_editor.execute(f"ANALYZE {table}")


class RecentDate(Expression):
    """`date >= RECENT_SINCE` (or, with `before`, `date < RECENT_SINCE`), the date written as a literal (see
    RECENT_SINCE for why it is no parameter)."""

    output_field = BooleanField()

    def __init__(self, field: str, *, before: bool = False) -> None:
        super().__init__()
        self.date: Any = F(field)
        self.before = before

    def get_source_expressions(self) -> list[Any]:
        return [self.date]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.date,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.date)
        return f"{column} {'<' if self.before else '>='} DATE '{RECENT_SINCE.isoformat()}'", list(params)


def splits_compounds(connection: Any) -> bool:
    """Whether `lgl_swedish` uses the ispell dictionary (the README tells how to install it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_ts_config_map m JOIN pg_ts_config c ON c.oid = m.mapcfg "
            "JOIN pg_ts_dict d ON d.oid = m.mapdict WHERE c.cfgname = %s AND d.dictname = %s)",
            [CONFIG, ISPELL_DICTIONARY],
        )
        return bool(cursor.fetchone()[0])


class StoredSearchVector(Expression):
    """The query's own table's stored `search_vector` column, or `search_exact` (see the module doc for why they
    are no model fields)."""

    output_field = SearchVectorField()

    def __init__(self, column: str = COLUMN) -> None:
        super().__init__()
        self.column = column

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []


def search_query(*, tsquery: str | None, text: str, config: str = CONFIG) -> SearchQuery:
    """Our own to_tsquery() text when we built one, else the visitor's words as web search syntax."""
    if tsquery is not None:
        return SearchQuery(tsquery, config=config, search_type="raw")
    return SearchQuery(text, config=config, search_type="websearch")


class NormalisedQuery(SearchQuery):
    """A query PostgreSQL has already normalised (the text of a to_tsquery() result), passed as a tsquery value.

    The search normalises its words once, in the statement that also reads their estimate, and its statements
    then hold no to_tsquery() call: as prepared statements (lgl_portal/core/prepared.py) they would otherwise
    normalise the words again for every row they test.
    """

    template = "%(expressions)s::tsquery"

    def __init__(self, text: str) -> None:
        super().__init__(text, search_type="raw")


def rank(vector: Expression, query: SearchQuery, *, exact_document: Any = None, exact_query: Any = None) -> Any:
    """The match's rank; with an exact document and query, exact words count twice over compound parts and
    prefixes (computed on the few candidates only, so the exact document needs no index)."""
    if exact_document is None:
        return SearchRank(vector, query)
    return SearchRank(vector, query) + 2 * SearchRank(exact_document, exact_query)


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
    """The matching fragments, the hits between START and STOP (escaped and marked up by the selectors).

    The text is read with EXACT_CONFIG (Snowball alone), not `lgl_swedish`: the ispell dictionary made a
    headline cost 160 µs a row against 12 µs, a sixth of an uncached search. The query's words, their forms
    and the prefix expansions are marked as before ("kompetens" marks "kompetensförsörjningsplan"); a hit only
    through a compound's later part ("vård" in "primärvården") is found and shown, its word unmarked.
    """
    return SearchHeadline(
        body,
        query,
        config=EXACT_CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
    )
