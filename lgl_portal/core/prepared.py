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

On another database (SQLite, `make run`) the statement is simply executed. Set LGL_PREPARED_STATEMENTS=false
behind a pooler in transaction mode (PgBouncer before 1.21), where a statement prepared on one server
connection is unknown on the next: then the statements are sent as they are.
"""

from __future__ import annotations

import itertools
import re
import threading
import weakref
from typing import Any

from django.conf import settings

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
