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


def main() -> int:
    failures = []
    for name, var, default_port in (("PostgreSQL", "DATABASE_URL", 5432), ("Redis", "REDIS_URL", 6379)):
        url = urlparse(os.environ.get(var, ""))
        host, port = url.hostname or "127.0.0.1", url.port or default_port
        if not reachable(host, port):
            failures.append(f"{name} svarar inte på {host}:{port} ({var}). Starta den så här:\n    {HOW_TO[name]}")
    if failures:
        print("make test behöver riktiga PostgreSQL och Redis:\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
