"""Gunicorn settings for the portal (read by `gunicorn -c gunicorn.conf.py`, the Dockerfile and docker-compose).

Why sync workers: a request then owns a process, and a new request goes to a process that is free (only
idle processes accept; every response closes its connection). With threads (gthread, which the portal ran
before) a kept-alive connection stays with the process that accepted it, so connections pile up unevenly (6, 5,
3, 1, 1 over five processes) and the requests of a crowded process share one GIL: under load the uncached
search's p99 was 2.5–2.7 × its p50 with gthread and 1.6–1.8 × with sync (README, "Prestanda").

Why two pools (GUNICORN_POOL): the public's pages and the members' pages are served by separate servers, and
Caddy sends a request carrying the session cookie to the members' (deploy/Caddyfile, docker-compose's
`web-members`). A slow member page (tens of queries) holds a whole sync process; in one shared pool the public
queued behind them unless there were many processes (eight per core), and many processes on few cores cost every
request its CPU caches: on two cores, seventeen processes served 571 uncached decision pages a second where five
served 781, measured one after the other (README, "Prestanda", the eleventh machine). Apart, each pool has the
size its own requests want: `public` two processes per core plus one, `members` four per core plus one. Under
the mixed bench (16 connections of member pages, 8 of public pages) the public's p99 was 24–31 ms with the two
pools against 79–155 ms in one pool of seventeen, at the price of somewhat fewer member pages a second while the
public load saturates the cores (28–35 against 34–43; their p99 1.0–1.1 s against 0.9–1.4 s). About 110 MB a
process.
Slow clients never hold a process: Caddy (deploy/Caddyfile) buffers request and response bodies. Every value
can be overridden from the environment (GUNICORN_*) without a new image, GUNICORN_WORKER_CLASS=gthread with
GUNICORN_THREADS included.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# The pool's size per core (see above): `public` (the default, and what a single server without the proxy runs)
# or `members`. A process waiting on PostgreSQL or Redis leaves its core to another, hence more than one per core.
# At most 9 and 17: each process holds a PostgreSQL connection (CONN_MAX_AGE), the compose file runs two
# replicas of each pool beside the Celery workers under PostgreSQL's 100 connections, and a container sees the
# host's cores, not its own share.
POOLS = {"public": (2, 9), "members": (4, 17)}
pool = os.environ.get("GUNICORN_POOL", "public")
if pool not in POOLS:
    raise ValueError(f"GUNICORN_POOL={pool!r}: one of {', '.join(POOLS)}")
_per_core, _most = POOLS[pool]
workers = _int("GUNICORN_WORKERS", min(_per_core * multiprocessing.cpu_count() + 1, _most))
# Used only with GUNICORN_WORKER_CLASS=gthread. Each process (or thread) may hold one persistent PostgreSQL
# connection (CONN_MAX_AGE): workers × threads must stay below PostgreSQL's max_connections (100 by default)
# together with the Celery worker's.
threads = _int("GUNICORN_THREADS", 1)
# A request running longer than this is a bug or a hang (Redis and the broker time out within seconds):
# the process is replaced instead of being held for ever.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Only gthread keeps connections alive; a sync worker closes each one after its response.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Processes are recycled now and then so that slow memory growth never builds up (jitter: not all at once).
# Not too often: a new process opens new database connections, and each loads the search's Swedish ispell
# dictionary on its first search (0.2–1 s of PostgreSQL's CPU); at the page cache's 700 requests a second,
# 5,000 requests recycled each process every few seconds and made those loads the slowest searches.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 10_000)
# The heartbeat file on tmpfs: a container's overlay filesystem can stall and get healthy workers killed.
_SHM = "/dev/shm"  # noqa: S108 - gunicorn's own recommendation for its heartbeat files, not a shared temp file
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", _SHM if os.path.isdir(_SHM) else None)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns the access log off (tests, bench)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
wsgi_app = "lgl_portal.wsgi:application"
