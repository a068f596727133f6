"""Mixed-load bench: public pages' p99 while members and the secretary work, next to public pages alone.

    make bench                      (runs this after the other benches)
    DATABASE_URL=… REDIS_URL=… .venv/bin/python bench/mixed_bench.py

Why: with a few sync gunicorn workers, slow member pages (tens of queries each) held whole processes and the
public pages queued behind them (issue 18: p99 1.6 s and timeouts). The portal then ran gunicorn with threads,
then eight sync processes per core, and now two pools (gunicorn.conf.py, GUNICORN_POOL): Caddy sends requests
with the session cookie to the members' pool (deploy/Caddyfile, tested in tests/core/test_proxy.py), so member
pages never hold the public's processes. Here the member load goes to the members' pool's port and the public
load to the public pool's, as the proxy routes them. This bench builds a database `<name>_mixedbench` with the demo data
(`load_demo`), logs in the demo member (`ledamot`) and secretary (`sekreterare`), and drives with wrk:

1. public pages alone (anonymous, served by the page cache): /beslut/, /moten/, /anslagstavla/, /grupper/ …
2. the same public load while a second wrk keeps MEMBER_CONNECTIONS connections busy with member and secretary
   pages (meeting pages, the whole protocol, närvaro, Mina sidor, the decisions admin list),

for the two pools as docker-compose runs them and, for comparison, one pool of eight sync processes per core as
before. Prints p50/p99 of
the public pages in both situations and the ratio (target: p99 under load ≤ 2 × p99 alone).
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DURATION = int(os.environ.get("LGL_BENCH_MIXED_SECONDS", "8"))
ROUNDS = int(os.environ.get("LGL_BENCH_ROUNDS", "3"))
PUBLIC_CONNECTIONS = int(os.environ.get("LGL_BENCH_PUBLIC_CONNECTIONS", "8"))
MEMBER_CONNECTIONS = int(os.environ.get("LGL_BENCH_MEMBER_CONNECTIONS", "16"))
SECRET = "bench-only-secret-key-that-is-long-enough-for-django-0123456789abcdef"  # noqa: S105 - bench only
PUBLIC_PATHS = ["/beslut/", "/moten/", "/anslagstavla/", "/grupper/", "/planer/", "/ratificering/", "/"]

LUA = """
local paths = %s
local cookie = %s
local counter = 0
request = function()
  counter = counter + 1
  local p = paths[(counter %% #paths) + 1]
  if cookie ~= "" then
    return wrk.format("GET", p[1], {["Cookie"] = "sessionid=" .. p[2]})
  end
  return wrk.format("GET", p[1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %%f %%d %%d %%d %%d %%d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors, summary.errors.status))
end
"""


def _database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lgl")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/') or 'lgl'}_mixedbench"))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "lgl_portal.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "ERROR",
            "DJANGO_EMAIL_URL": "dummymail://",
            "DJANGO_DEFAULT_FROM_EMAIL": "LGL-portalen <noreply@lgl.example>",
            "LGL_ACCESSIBILITY_CONTACT": "tillganglighet@lgl.example",
            "LGL_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "LGL_CACHE_PREFIX": "lgl-mixedbench",
            "LGL_VAR_DIR": str(ROOT / "var" / "mixedbench"),
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
            # The public's pool unless `_measure` starts the members' (GUNICORN_POOL=members).
            "GUNICORN_POOL": "public",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    return env


def prepare() -> None:
    """In a child with the bench environment: database, demo data, sessions, and the member paths that answer."""
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from meetings.models import Meeting

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    paths: list[list[str]] = []
    for username, candidates in (
        ("ledamot", ["/mina-sidor/"]),
        ("sekreterare", ["/beslut/hantera/", "/beslut/uppdrag/", "/moten/"]),
    ):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        session = client.cookies["sessionid"].value
        for meeting in Meeting.objects.order_by("-date")[:6]:
            candidates += [f"/moten/{meeting.pk}/", f"/moten/{meeting.pk}/protokoll/"]
            if username == "sekreterare":
                candidates.append(f"/moten/{meeting.pk}/narvaro/")
        paths += [[p, session] for p in candidates if client.get(p).status_code == 200]
    print("PATHS " + json.dumps(paths))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk(port: int, paths: list[list[str]], connections: int, tmp: Path, tag: str) -> subprocess.Popen:
    script = tmp / f"{tag}.lua"
    cookie = '"yes"' if paths[0][1] else '""'
    table = "{" + ",".join("{" + json.dumps(p) + "," + json.dumps(s) + "}" for p, s in paths) + "}"
    script.write_text(LUA % (table, cookie))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}s", "--timeout", "10s", "-s", str(script)]
    return subprocess.Popen([*command, f"http://127.0.0.1:{port}"], stdout=subprocess.PIPE, text=True)


def _result(process: subprocess.Popen) -> dict[str, float]:
    out, _ = process.communicate(timeout=DURATION + 60)
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    rps, p50, p95, p99, errors, non2xx = line.split()[1:]
    return {"rps": float(rps), "p50": int(p50) / 1000, "p95": int(p95) / 1000, "p99": int(p99) / 1000,
            "errors": int(errors) + int(non2xx)}  # fmt: skip


def _serve(env: dict[str, str], port: int, extra: list[str]) -> subprocess.Popen:
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    command = [gunicorn, "lgl_portal.wsgi:application", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, *extra], env=env, cwd=ROOT)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn startade inte")


def _measure(
    env: dict[str, str], extra: list[str], member_paths: list[list[str]], *, members_pool: list[str] | None
) -> dict[str, dict[str, float]]:
    """`extra`: the public pool's arguments; `members_pool`: the members' pool's, or None for one shared pool."""
    port = _free_port()
    servers = [_serve(env, port, extra)]
    member_port = port
    if members_pool is not None:
        member_port = _free_port()
        servers.append(_serve({**env, "GUNICORN_POOL": "members"}, member_port, members_pool))
    public = [[p, ""] for p in PUBLIC_PATHS]
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            for path, session in public + member_paths:  # warm-up: page cache, connections, templates
                request = urllib.request.Request(f"http://127.0.0.1:{member_port if session else port}{path}")
                if session:
                    request.add_header("Cookie", f"sessionid={session}")
                urllib.request.urlopen(request, timeout=30).read()  # noqa: S310 - loopback http only
            # Alternating rounds, median per figure: the machine's other load then hits both situations alike.
            runs: dict[str, list[dict[str, float]]] = {"alone": [], "mixed": [], "member": []}
            for _ in range(ROUNDS):
                runs["alone"].append(_result(_wrk(port, public, PUBLIC_CONNECTIONS, tmp, "public-alone")))
                time.sleep(2)
                members = _wrk(member_port, member_paths, MEMBER_CONNECTIONS, tmp, "members")
                time.sleep(1)  # the member load is running before the public load starts
                runs["mixed"].append(_result(_wrk(port, public, PUBLIC_CONNECTIONS, tmp, "public-mixed")))
                runs["member"].append(_result(members))
                time.sleep(2)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    return {name: {key: statistics.median(r[key] for r in rs) for key in rs[0]} for name, rs in runs.items()}


def _pool_size(pool: str) -> int:
    """The processes gunicorn.conf.py itself gives the pool (the labels tell it)."""
    saved = os.environ.get("GUNICORN_POOL")
    os.environ["GUNICORN_POOL"] = pool
    try:
        return int(runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"])
    finally:
        if saved is None:
            del os.environ["GUNICORN_POOL"]
        else:
            os.environ["GUNICORN_POOL"] = saved


def main() -> None:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk saknas: apt-get install -y wrk")
    env = _env()
    prepared = subprocess.run(
        [PYTHON, __file__, "--prepare"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    member_paths = json.loads(next(x for x in prepared.splitlines() if x.startswith("PATHS "))[6:])
    cores = os.cpu_count() or 2
    public, members = _pool_size("public"), _pool_size("members")
    configs = [
        (f"två pooler, sync {public} + {members} processer", [], []),
        (f"en pool, sync {8 * cores + 1} processer (som förut)", ["--workers", str(8 * cores + 1)], None),
    ]
    print(
        f"Blandad last: {len(member_paths)} ledamots- och sekreterarsidor på {MEMBER_CONNECTIONS} anslutningar, "
        f"publika sidor ({len(PUBLIC_PATHS)} st) på {PUBLIC_CONNECTIONS} anslutningar, {ROUNDS} varv × {DURATION} s "
        "(median)"
    )
    print(f"{'server':48} {'publikt ensamt p50/p99 ms':>26} {'publikt blandat p50/p99 ms':>28} {'kvot p99':>9} "
          f"{'medlem req/s p99 ms':>20} {'fel':>5}")  # fmt: skip
    for name, extra, members_pool in configs:
        r = _measure(env, extra, member_paths, members_pool=members_pool)
        a, m, mem = r["alone"], r["mixed"], r["member"]
        print(
            f"{name:48} {a['p50']:12.1f} / {a['p99']:8.1f}   {m['p50']:12.1f} / {m['p99']:10.1f} "
            f"{m['p99'] / max(a['p99'], 0.001):9.2f} {mem['rps']:9.0f} {mem['p99']:9.1f} "
            # A median of an even number of rounds may be a half.
            f"{a['errors'] + m['errors'] + mem['errors']:5g}",
            flush=True,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if "--prepare" in sys.argv:
        prepare()
    else:
        main()
