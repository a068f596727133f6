"""Gunicorn settings for the portal (read by `gunicorn -c gunicorn.conf.py`, the Dockerfile and docker-compose).

Why threads: member and secretary pages are slow (tens of database queries, 50–300 ms) while public pages
are fast (a page-cache hit is about a millisecond). With sync workers every slow page holds a whole process,
so a handful of members starve the public: measured p99 1.6 s and timeouts. With gthread a process
serves several requests at once; a thread waiting on PostgreSQL or Redis releases the GIL, so a cache hit
goes through while a member page waits. Processes still give parallelism across cores. Every value can be
overridden from the environment (GUNICORN_*) without a new image.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
# Two processes per core (plus one) keep every core busy when one process is inside a long Python stretch.
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# Each thread may hold one persistent PostgreSQL connection (CONN_MAX_AGE): workers × threads must stay
# below PostgreSQL's max_connections (100 by default) together with the Celery worker's.
threads = _int("GUNICORN_THREADS", 8)
# A request running longer than this is a bug or a hang (Redis and the broker time out within seconds):
# the process is replaced instead of holding its threads for ever.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
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
