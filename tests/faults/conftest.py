"""Session fixtures of the fault tests: a PostgreSQL cluster and a Redis of their own, created when missing and
removed at the end, a migrated database, and the portal under gunicorn (tests/faults/support.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.support import DB_NAME, Postgres, Redis, Stack, free_port, port_open, stop_process


@pytest.fixture(scope="session")
def fault_pg() -> Iterator[Postgres]:
    if shutil.which("pg_createcluster") is None:
        pytest.fail("pg_createcluster saknas: apt-get install -y postgresql (Debian) behövs för feltesterna.")
    pg = Postgres()
    created = not pg.exists()
    if created and port_open(pg.port):
        pytest.fail(f"Port {pg.port} är upptagen av något annat än feltesternas kluster.")
    pg.create()
    yield pg
    # Left as found: a cluster this session created is dropped, one that existed is only stopped.
    if created:
        pg.drop()
    else:
        pg.stop()


@pytest.fixture(scope="session")
def fault_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    redis = Redis(tmp_path_factory.mktemp("redis"))
    if port_open(redis.port):
        pytest.fail(f"Port {redis.port} är upptagen: feltesterna startar en egen Redis där.")
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="session")
def stack(fault_pg: Postgres, fault_redis: Redis, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("faults")
    stack = Stack(pg=fault_pg, redis=fault_redis, workdir=workdir)
    fault_pg.recreate_database(DB_NAME)
    stack.manage("migrate", "--noinput", "-v0")
    yield stack
    fault_pg.drop_database(DB_NAME)


@pytest.fixture(scope="session")
def web(stack: Stack) -> Iterator[int]:
    """The portal under gunicorn with the project's gunicorn.conf.py; yields its port."""
    port = free_port()
    process = stack.gunicorn(port)
    yield port
    stop_process(process)


@pytest.fixture
def redis_up(fault_redis: Redis) -> Iterator[Redis]:
    """Every test starts and ends with Redis answering, whatever it did to it."""
    yield fault_redis
    if fault_redis.pid() is not None:
        fault_redis.thaw()
    else:
        fault_redis.start()


@pytest.fixture
def workdir(stack: Stack) -> Path:
    return stack.workdir
