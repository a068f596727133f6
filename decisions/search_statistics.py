"""PostgreSQL's own estimate of how many rows hold a lexeme, computed here from its column statistics.

The search chooses its plan by the words' frequency (selectors.gin_first). It used to ask the planner for
each lexeme's estimate with an EXPLAIN of one subquery per lexeme and kind: 4 ms of planning on every uncached
search at 1,000,000 decisions. The planner's estimate comes from statistics that change only when the table is
analysed: the most common lexemes of the tsvector column with the share of rows holding each (pg_stats'
most_common_elems and most_common_elem_freqs), their lowest share, the share of NULLs, and the table's rows.
This module reads those once per process and then computes the same estimate in Python, following
PostgreSQL's tsquery_opr_selec (src/backend/tsearch/ts_selfuncs.c) for a single lexeme:

- a lexeme among the most common: its share;
- any other lexeme: the lower of DEFAULT_TS_MATCH_SEL and half the lowest share;
- a prefix (lexeme:*): the combined share of the common lexemes beginning with it, extrapolated to the rest,
  never below the share of a single lexeme (and DEFAULT_TS_MATCH_SEL × 4 with fewer than 100 common lexemes);
- without statistics (a table never analysed): DEFAULT_TS_MATCH_SEL;

multiplied by the share of non-NULL rows and by the table's rows. tests/decisions/test_search_statistics.py
checks these numbers against PostgreSQL's own EXPLAIN.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.db import connection

from decisions.search import RECENT_GIN_INDEXES

# PostgreSQL's src/include/tsearch/ts_type.h.
DEFAULT_TS_MATCH_SEL = 0.005
# How long a process keeps the statistics: they change only when (auto)vacuum analyses the table.
STATISTICS_SECONDS = 60.0
PREFIX_MIN_COMMON = 100

# Per kind of hit: the table of its rows, and the relation and column whose statistics describe its document.
# The agenda items' document is an expression index (decisions/search.py): ANALYZE keeps its statistics under
# the index's name.
SOURCES = {
    "sammanfattning": ("decisions_summary", "decisions_summary", "search_vector"),
    "beslut": ("decisions_decision", "decisions_decision", "search_vector"),
    "handling": ("decisions_handlingtext", "decisions_handlingtext", "search_vector"),
    "arende": ("meetings_agendaitem", "agendaitem_search_gin", None),
}
# Per kind, the GIN index over its recent rows only (decisions/search.py RECENT_GIN_INDEXES, by its table), whose
# size tells how many of the kind's matches are recent (selectors.recent_first).
RECENT_INDEXES = {
    kind: name for name, table, _ in RECENT_GIN_INDEXES for kind, (source, _, _) in SOURCES.items() if source == table
}


@dataclass(frozen=True)
class DocumentStatistics:
    rows: float
    null_fraction: float = 0.0
    # Lexeme → share of the non-NULL rows holding it; None when ANALYZE found no common lexemes.
    common: dict[str, float] | None = None
    lowest: float = 0.0
    # The rows in the kind's recent GIN index (0 without one, or before the table is analysed).
    recent_rows: float = 0.0

    def share(self, lexeme: str, *, prefix: bool = False) -> float:
        """The share of rows whose document holds `lexeme` (or, with prefix, a lexeme beginning with it)."""
        if self.common is None:
            selectivity = DEFAULT_TS_MATCH_SEL * 4 if prefix else DEFAULT_TS_MATCH_SEL
        elif prefix:
            selectivity = self._prefix_share(lexeme)
        elif lexeme in self.common:
            selectivity = self.common[lexeme]
        else:
            selectivity = min(DEFAULT_TS_MATCH_SEL, self.lowest / 2)
        return min(max(selectivity, 0.0), 1.0) * (1.0 - self.null_fraction)

    def _prefix_share(self, prefix: str) -> float:
        assert self.common is not None
        if len(self.common) < PREFIX_MIN_COMMON:
            return DEFAULT_TS_MATCH_SEL * 4
        matched = every = 0.0
        n_matched = 0
        for lexeme, frequency in self.common.items():
            if lexeme.startswith(prefix):
                matched += frequency - matched * frequency
                n_matched += 1
            every += frequency - every * frequency
        matched, every = min(max(matched, 0.0), 1.0), min(max(every, 0.0), 1.0)
        selectivity = matched + (1.0 - every) * (n_matched / len(self.common))
        return max(min(DEFAULT_TS_MATCH_SEL, self.lowest / 2), selectivity)

    def matching_rows(self, lexeme: str, *, prefix: bool = False) -> float:
        """The planner's row estimate for a scan of the table with `document @@ 'lexeme'` (at least one row)."""
        return max(round(self.rows * self.share(lexeme, prefix=prefix)), 1.0) if self.rows > 0 else 1.0


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.read_at = -STATISTICS_SECONDS
        self.by_kind: dict[str, DocumentStatistics] = {}
        self.database = ""


_cache = _Cache()


def document_statistics() -> dict[str, DocumentStatistics]:
    """Each kind's statistics, read from the catalogue at most once every STATISTICS_SECONDS per process."""
    database = connection.settings_dict["NAME"]
    now = time.monotonic()
    with _cache.lock:
        if now - _cache.read_at < STATISTICS_SECONDS and _cache.database == database:
            return _cache.by_kind
    by_kind = _read()
    with _cache.lock:
        _cache.by_kind, _cache.read_at, _cache.database = by_kind, now, database
    return by_kind


def forget() -> None:
    """Read the statistics again on the next search (after an ANALYZE, in tests)."""
    with _cache.lock:
        _cache.read_at = -STATISTICS_SECONDS


def _read() -> dict[str, DocumentStatistics]:
    # One statement for every kind. A table never analysed has reltuples -1 (PostgreSQL 14+) and no pg_stats
    # row: its rows count as 0, so the search takes the GIN index first, which is right for a small table.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, greatest(t.reltuples, 0), s.null_frac, s.most_common_elems::text::text[], "
            "s.most_common_elem_freqs, greatest(r.reltuples, 0) "
            "FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) AS k(tablename, statsname, attname, recent) "
            "JOIN pg_class t ON t.relname = k.tablename AND t.relnamespace = current_schema()::regnamespace "
            "LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = k.statsname "
            "AND (k.attname IS NULL OR s.attname = k.attname) "
            "LEFT JOIN pg_class r ON r.relname = k.recent AND r.relnamespace = current_schema()::regnamespace",
            [
                [table for table, _, _ in SOURCES.values()],
                [stats for _, stats, _ in SOURCES.values()],
                [column for _, _, column in SOURCES.values()],
                [RECENT_INDEXES.get(kind) for kind in SOURCES],
            ],
        )
        rows = cursor.fetchall()
    by_table = {}
    for table, tuples, null_fraction, elements, frequencies, recent in rows:
        common = None
        lowest = 0.0
        if elements and frequencies:
            # most_common_elem_freqs: one share per element, then the lowest, the highest and the NULL share.
            common = dict(zip(elements, (float(f) for f in frequencies[: len(elements)]), strict=True))
            lowest = float(frequencies[len(elements)])
        by_table[table] = DocumentStatistics(
            rows=float(tuples),
            null_fraction=float(null_fraction or 0.0),
            common=common,
            lowest=lowest,
            recent_rows=float(recent or 0.0),
        )
    return {kind: by_table.get(table, DocumentStatistics(rows=0.0)) for kind, (table, _, _) in SOURCES.items()}
