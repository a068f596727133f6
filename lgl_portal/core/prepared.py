"""Named prepared statements on Django's PostgreSQL connection, for the few hot statements whose planning costs
about as much as running them (the search's statements: each joins the public-visibility rule's tables).

    from lgl_portal.core.prepared import execute_prepared

    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params)   # sql with %s placeholders, as the ORM compiles it
        rows = cursor.fetchall()

The first call on a database connection sends `PREPARE lgl_prep_N AS <sql with $1, $2 …>; EXECUTE lgl_prep_N(…)`
in one round trip (Django's client-side cursor uses the simple query protocol, which takes several statements);
every later call sends only `EXECUTE lgl_prep_N(<params>)`. Which statements a connection holds is kept per
psycopg connection object, so a new connection (CONN_MAX_AGE, a health check, a failed server) prepares again.
A name is never used twice in a process: PREPARE is not undone when the statement after it fails, so a name
that may exist unrecorded on the server is left alone. PostgreSQL invalidates a prepared statement's plan
itself when a table it reads changes (a migration).

The caller chooses the plan cache mode for its transaction. The search sets `plan_cache_mode` to
`force_generic_plan` (planned once per connection, with the values as parameters) and `jit` off: a generic plan
is costed without the values, and its cost can pass PostgreSQL's JIT threshold where the real work is a few
milliseconds (JIT compiling then took 26 ms).

`StatementBatch` sends several statements, each prepared or not, in one round trip (the search's statements: at
1,000,000 decisions a search sent six, and each round trip cost about half a millisecond of waiting).

On another database (SQLite, `make run`) the statement is simply executed. Set LGL_PREPARED_STATEMENTS=false
behind a pooler in transaction mode (PgBouncer before 1.21), where a statement prepared on one server
connection is unknown on the next: then the statements are sent as they are.
"""

from __future__ import annotations

import itertools
import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from psycopg.sql import Literal

_PLACEHOLDER = re.compile(r"%%|%s")
_lock = threading.Lock()
_names = itertools.count(1)
# psycopg connection object → {SQL text: statement name}.
_prepared: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def numbered(sql: str) -> str:
    """The ORM's SQL with PostgreSQL's `$1, $2 …` for its `%s` placeholders; `%%` (a literal %) stays, since the
    text is sent through the client-side cursor's formatting together with the EXECUTE's values."""
    counter = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%%" if m[0] == "%%" else f"${next(counter)}", sql)


def execute_prepared(cursor: Any, sql: str, params: list[Any]) -> None:
    """Run `sql` with `params` through a statement prepared once on this cursor's connection; the cursor then
    holds the statement's rows."""
    # SQLite (`make run`'s embedded database) has no PREPARE, and its connections cannot be weakly referenced.
    if not settings.LGL_PREPARED_STATEMENTS or cursor.db.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    raw = cursor.db.connection
    with _lock:
        names = _prepared.setdefault(raw, {})
        name = names.get(sql)
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    if name is not None:
        cursor.execute(f"EXECUTE {name}{arguments}", params)
        return
    name = f"lgl_prep_{next(_names)}"
    cursor.execute(f"PREPARE {name} AS {numbered(sql)}; EXECUTE {name}{arguments}", params)
    cursor.nextset()  # past PREPARE's empty result to the EXECUTE's rows
    with _lock:
        names[sql] = name


_literals: dict[tuple[type, Any], str] = {}


def _literal(connection: Any, value: Any) -> str:
    """A constant as psycopg's client-side cursor writes it into the text (`'publicerat'`, `true`,
    `'2024-01-01'::date`), with `%` doubled for the formatting the batch's text still goes through. Written once
    per value and type: Django configures every connection's adapters alike."""
    try:
        return _literals[(type(value), value)]
    except KeyError:
        text = _literals[(type(value), value)] = Literal(value).as_string(connection).replace("%", "%%")
        return text
    except TypeError:  # unhashable (a list): written each time
        return Literal(value).as_string(connection).replace("%", "%%")


@dataclass
class StatementBatch:
    """Statements sent to PostgreSQL in one round trip, in order; `run` gives the rows of those added with
    `rows=True`. The simple query protocol takes several statements in one message and plans and runs each in
    turn, so a `set_config(…, true)` among them applies to the statements after it. A failing statement fails
    the whole batch (inside the caller's transaction); the names it would have prepared are never reused.

        batch = StatementBatch(cursor)
        batch.add("SELECT set_config('jit', 'off', true)", [], rows=False)
        batch.add(sql, params, prepare=True)
        (found,) = batch.run()
    """

    cursor: Any
    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    # Per statement sent (a PREPARE counts as one): whether its rows are given back.
    wanted: list[bool] = field(default_factory=list)
    # (SQL text, name) prepared by this batch, recorded for the connection once the batch has run.
    preparing: list[tuple[str, str]] = field(default_factory=list)

    def add(
        self, sql: str, params: list[Any], *, prepare: bool = False, rows: bool = True, fixed: tuple[bool, ...] = ()
    ) -> None:
        """`fixed` marks the parameters that are the same on every run (the constants of a visibility rule): a
        prepared statement's EXECUTE carries them as literals written once per process, not as parameters to
        format. A search's batch had 139 parameters, and psycopg re-reads a statement with more than 50 on every
        execution (178 µs a search); its own quoting writes each literal, so the text sent is the same."""
        name = None
        if prepare and settings.LGL_PREPARED_STATEMENTS and self.cursor.db.vendor == "postgresql":
            with _lock:
                name = _prepared.get(self.cursor.db.connection, {}).get(sql)
            if name is None:
                name = next((n for text, n in self.preparing if text == sql), None)
            if name is None:
                name = f"lgl_prep_{next(_names)}"
                self.preparing.append((sql, name))
                self.parts.append(f"PREPARE {name} AS {numbered(sql)}")
                self.wanted.append(False)
        if name is not None:
            texts: list[str] = []
            sent: list[Any] = []
            for position, value in enumerate(params):
                if position < len(fixed) and fixed[position]:
                    texts.append(_literal(self.cursor.db.connection, value))
                else:
                    texts.append("%s")
                    sent.append(value)
            arguments = f"({', '.join(texts)})" if params else ""
            self.parts.append(f"EXECUTE {name}{arguments}")
            params = sent
        else:
            self.parts.append(sql)
        self.params.extend(params)
        self.wanted.append(rows)

    def run(self) -> list[list[tuple[Any, ...]]]:
        found: list[list[tuple[Any, ...]]] = []
        if self.cursor.db.vendor != "postgresql":  # SQLite takes one statement per call
            position = 0
            for part, wanted in zip(self.parts, self.wanted, strict=True):
                count = sum(1 for m in _PLACEHOLDER.finditer(part) if m[0] == "%s")
                self.cursor.execute(part, self.params[position : position + count])
                position += count
                if wanted:
                    found.append(self.cursor.fetchall())
            return found
        self.cursor.execute("; ".join(self.parts), self.params)
        for i, wanted in enumerate(self.wanted):
            if i:
                self.cursor.nextset()
            if wanted:
                found.append(self.cursor.fetchall())
        if self.preparing:
            with _lock:
                names = _prepared.setdefault(self.cursor.db.connection, {})
                names.update(self.preparing)
        return found
