"""`make test` starts here: fail at once, with the fix, when PostgreSQL or Redis cannot be reached."""

from __future__ import annotations

import os
import socket
import sys
from urllib.parse import urlparse

HOW_TO = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start  "
    "(eller: docker compose up -d postgres)",
    "Redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no  "
    "(eller: docker compose up -d redis)",
}


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


SWEDISH_DICTIONARY_HOW_TO = (
    "PostgreSQL saknar den svenska ordlistan för sökningen (tsearch_data/sv_se.dict och sv_se.affix). "
    "Installera den så här (som root på databasservern):\n    scripts/pg_swedish_dictionary.sh\n"
    "och kör sedan `python manage.py swedish_search` i en databas som redan är migrerad."
)


def swedish_dictionary_loads(url: str) -> bool:
    """Whether the server can load hunspell-sv as an ispell dictionary (created and rolled back at once)."""
    import psycopg

    parsed = urlparse(url)
    # The maintenance database: the test database may not exist yet.
    with psycopg.connect(url.replace(parsed.path, "/postgres", 1) if parsed.path else url, connect_timeout=5) as conn:
        try:
            with conn.transaction(force_rollback=True):
                conn.execute(
                    "CREATE TEXT SEARCH DICTIONARY lgl_services_check "
                    "(TEMPLATE = ispell, DictFile = sv_se, AffFile = sv_se)"
                )
        except psycopg.Error:
            return False
    return True


def main() -> int:
    failures = []
    for name, var, default_port in (("PostgreSQL", "DATABASE_URL", 5432), ("Redis", "REDIS_URL", 6379)):
        url = urlparse(os.environ.get(var, ""))
        host, port = url.hostname or "127.0.0.1", url.port or default_port
        if not reachable(host, port):
            failures.append(f"{name} svarar inte på {host}:{port} ({var}). Starta den så här:\n    {HOW_TO[name]}")
    database_url = os.environ.get("DATABASE_URL", "")
    if not failures and database_url.startswith("postgres") and not swedish_dictionary_loads(database_url):
        failures.append(SWEDISH_DICTIONARY_HOW_TO)
    if failures:
        print("make test behöver riktiga PostgreSQL och Redis:\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
