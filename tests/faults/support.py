"""The parts the fault tests break on purpose: their own PostgreSQL cluster, Redis, gunicorn and Celery.

Nothing here touches the shared services on 5432/6379. The cluster and Redis are created when missing and
removed at the end of the session (tests/faults/conftest.py); they need Debian's postgresql (15) and
redis-server, and root or the postgres user for pg_createcluster.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[2]
PG_VERSION = os.environ.get("LGL_FAULT_PG_VERSION", "15")
PG_CLUSTER = os.environ.get("LGL_FAULT_PG_CLUSTER", "lglfault")
PG_PORT = int(os.environ.get("LGL_FAULT_PG_PORT", "5433"))
REDIS_PORT = int(os.environ.get("LGL_FAULT_REDIS_PORT", "6380"))
DB_NAME = "lgl_faults"
SECRET_KEY = "fault-tests-only-secret-key-long-enough-for-django-checks-0123456789"


def run(*command: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(predicate: Any, *, seconds: float, what: str, every: float = 0.1) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: inte inom {seconds} s")


# --- PostgreSQL ----------------------------------------------------------------------------------------------


class Postgres:
    """A second cluster (pg_createcluster), trust on loopback, commit timestamps on for the race test."""

    def __init__(self, version: str = PG_VERSION, name: str = PG_CLUSTER, port: int = PG_PORT) -> None:
        self.version, self.name, self.port = version, name, port
        self.conf_dir = Path(f"/etc/postgresql/{version}/{name}")

    def url(self, database: str = DB_NAME) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def exists(self) -> bool:
        return self.conf_dir.exists()

    def create(self) -> None:
        if not self.exists():
            run("pg_createcluster", self.version, self.name, "-p", str(self.port))
            (self.conf_dir / "pg_hba.conf").write_text(
                "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n"
            )
            with (self.conf_dir / "postgresql.conf").open("a") as conf:
                # Throwaway data: speed over durability. Commit timestamps order saves against the send.
                conf.write(
                    "\nfsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
                    "track_commit_timestamp = on\nmax_connections = 200\nlisten_addresses = '127.0.0.1'\n"
                )
        self.start()

    def start(self) -> None:
        run("pg_ctlcluster", self.version, self.name, "start", check=False)
        wait_for(self.ready, seconds=30, what=f"PostgreSQL på port {self.port}")

    def stop(self) -> None:
        run("pg_ctlcluster", self.version, self.name, "stop", "-m", "fast", check=False)

    def restart(self) -> None:
        # Fast mode: every open connection is cut, as when the database server restarts under load.
        run("pg_ctlcluster", self.version, self.name, "restart", "-m", "fast")
        wait_for(self.ready, seconds=30, what="PostgreSQL efter omstart")

    def drop(self) -> None:
        run("pg_dropcluster", "--stop", self.version, self.name, check=False)

    def ready(self) -> bool:
        try:
            with psycopg.connect(self.url("postgres"), connect_timeout=1):
                return True
        except psycopg.Error:
            return False

    def recreate_database(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def query(self, sql: str, *params: Any, database: str = DB_NAME) -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()


# --- Redis ---------------------------------------------------------------------------------------------------


class Redis:
    """A redis-server of our own; stop/start it, or freeze it with SIGSTOP to make it hang."""

    def __init__(self, workdir: Path, port: int = REDIS_PORT) -> None:
        self.port, self.workdir = port, workdir
        self.pidfile = workdir / f"redis-{port}.pid"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        run(
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--pidfile", str(self.pidfile), "--dir", str(self.workdir),
            "--logfile", str(self.workdir / f"redis-{self.port}.log"),
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), seconds=10, what=f"Redis på port {self.port}")

    def pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        pid = self.pid()
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
            os.kill(pid, signal.SIGTERM)
        wait_for(lambda: not port_open(self.port), seconds=10, what="Redis stoppad")
        with contextlib.suppress(FileNotFoundError):
            self.pidfile.unlink()

    def freeze(self) -> None:
        os.kill(self.pid(), signal.SIGSTOP)

    def flush(self) -> None:
        """Empty its database 0 (the portal's cache and broker): every page is a miss again."""
        client = redis.Redis(host="127.0.0.1", port=self.port, db=0, socket_timeout=5)
        try:
            client.flushdb()
        finally:
            client.close()

    def thaw(self) -> None:
        os.kill(self.pid(), signal.SIGCONT)


# --- The portal's processes ---------------------------------------------------------------------------------


@dataclass
class Stack:
    """Environment shared by every process of the portal under test."""

    pg: Postgres
    redis: Redis
    workdir: Path
    database: str = DB_NAME
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def media(self) -> Path:
        return self.workdir / "media"

    def env(self, **overrides: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LGL_", "PYTEST"))}
        env = {
            **keep,
            "DATABASE_URL": self.pg.url(self.database),
            "REDIS_URL": self.redis.url,
            "DJANGO_SETTINGS_MODULE": "lgl_portal.settings",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_EMAIL_URL": "dummymail://",
            "DJANGO_DEFAULT_FROM_EMAIL": "LGL-portalen <noreply@lgl.example>",
            "LGL_ACCESSIBILITY_CONTACT": "tillganglighet@lgl.example",
            "LGL_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "LGL_VAR_DIR": str(self.workdir / "var"),
            "LGL_MEDIA_ROOT": str(self.media),
            "PYTHONPATH": str(ROOT),
            # Short document timings so that a test waits seconds, not the production minute.
            "LGL_DOCUMENT_REQUEUE_SECONDS": "3",
            "LGL_DOCUMENT_LEASE_SECONDS": "6",
            "LGL_DOCUMENT_SWEEP_SECONDS": "2",
            **self.extra,
            **overrides,
        }
        return env

    def manage(self, *args: str, timeout: float = 300, **env: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(**env), capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} misslyckades:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def seed(self, what: str, **params: Any) -> dict[str, Any]:
        """Rows made with the test factories in a separate process on the fault database; returns ids as JSON."""
        done = subprocess.run(
            [sys.executable, "-m", "tests.faults.seed", what, json.dumps(params)], cwd=ROOT, env=self.env(),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if done.returncode != 0:
            raise AssertionError(f"seed {what} misslyckades:\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def spawn(self, command: list[str], *, log: str, **env: str) -> subprocess.Popen:
        handle = (self.workdir / log).open("ab")
        return subprocess.Popen(
            command, cwd=ROOT, env=self.env(**env), stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )

    def gunicorn(self, port: int, **env: str) -> subprocess.Popen:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn, "lgl_portal.wsgi:application", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        # The production worker class (gunicorn.conf.py); five processes, so the races below run five requests at once.
        env = {"GUNICORN_WORKERS": "5", "GUNICORN_ACCESS_LOG": "", **env}
        process = self.spawn(command, log=f"gunicorn-{port}.log", **env)
        wait_for(lambda: _answers(port), seconds=60, what=f"gunicorn på port {port}")
        return process

    def worker(self, name: str = "w1", **env: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "lgl_portal", "worker", "--pool=prefork", "--concurrency=2"]
        command += ["--loglevel=WARNING", "--without-mingle", "--without-gossip", "-n", f"{name}@%h"]
        return self.spawn(command, log=f"worker-{name}.log", **env)

    def beat(self, **env: str) -> subprocess.Popen:
        schedule = str(self.workdir / "celerybeat-schedule")
        command = [sys.executable, "-m", "celery", "-A", "lgl_portal", "beat", "--loglevel=WARNING", "-s", schedule]
        return self.spawn(command, log="beat.log", **env)


def stop_process(process: subprocess.Popen | None, *, kill: bool = False, timeout: float = 30) -> None:
    """Stop a process this suite started, with its children (its own session), by its id."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(x) for x in (task / "children").read_text().split()]
    return found


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# --- A browser-less client -------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)
# A fixed, well-formed CSRF token (64 characters): Django accepts any token the cookie and the header agree on.
CSRF_TOKEN = "Fa0lTt3st5" * 6 + "Abcd"


class Http:
    """Talks to the gunicorn under test like a browser would: a session cookie (or none), the CSRF cookie and
    header on posts, redirects returned rather than followed. Keeps no other cookies (a messages cookie would
    make an anonymous visitor's pages uncacheable)."""

    def __init__(self, port: int, session_key: str | None = None) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.session_key = session_key

    def _cookie_header(self, method: str) -> str:
        parts = []
        if self.session_key:
            parts.append(f"sessionid={self.session_key}")
        if method == "POST":
            parts.append(f"csrftoken={CSRF_TOKEN}")
        return "; ".join(parts)

    def request(self, method: str, path: str, data: dict[str, Any] | None = None, timeout: float = 30) -> Reply:
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if method == "POST" else None
        req = urllib.request.Request(self.base + path, data=body, method=method)  # noqa: S310
        cookie = self._cookie_header(method)
        if cookie:
            req.add_header("Cookie", cookie)
        if method == "POST":
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
            req.add_header("X-CSRFToken", CSRF_TOKEN)
        started = time.monotonic()
        try:
            with _OPENER.open(req, timeout=timeout) as response:
                status, payload, headers = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            status, payload, headers = exc.code, exc.read(), dict(exc.headers)
        return Reply(status, payload, headers, time.monotonic() - started)

    def get(self, path: str, timeout: float = 30) -> Reply:
        return self.request("GET", path, timeout=timeout)

    def post(self, path: str, data: dict[str, Any] | None = None, timeout: float = 30) -> Reply:
        return self.request("POST", path, data, timeout=timeout)


@contextlib.contextmanager
def processes(*started: subprocess.Popen) -> Iterator[None]:
    try:
        yield
    finally:
        for process in started:
            stop_process(process)


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)
