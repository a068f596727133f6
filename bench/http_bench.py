"""HTTP bench: the public pages under gunicorn with a concurrent load generator, next to a bare Django view.

    make bench                      (runs this after the PDF bench)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lgl REDIS_URL=redis://127.0.0.1:6379/15 \
        .venv/bin/python bench/http_bench.py

1. Builds (once; reused when present) a database `<name>_bench` beside DATABASE_URL's with 20 organs and
   100,000 decisions over 30 years, each with a published Beslut i korthet, by bulk_create; VACUUM ANALYZE.
2. Serves the portal with gunicorn on a free loopback port, DEBUG off, the page cache in Redis, persistent
   database connections, and `bench.urls` (the portal plus /bench/bare/, a view returning a fixed string).
3. Drives each target with wrk (apt-get install -y wrk) for DURATION seconds, and prints req/s, p50/p95/p99
   latency and the ratio of throughput to the bare view. Targets: the bare view; /beslut/; one decision
   page; /sok/?q=primärvård (these three are what visitors mostly ask for, served by the anonymous page cache);
   and, to show the database work behind a cache miss, random decision pages and random searches, each URL
   unique so that nothing comes from the cache.
4. Prints EXPLAIN ANALYZE of the search's candidate query to show the GIN index is used at this size.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
N_DECISIONS = int(os.environ.get("LGL_BENCH_DECISIONS", "100000"))
N_ORGANS = 20
RARE_SHARE = 0.003
YEARS = 30
DURATION = int(os.environ.get("LGL_BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("LGL_BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("LGL_BENCH_CONNECTIONS", "16"))
WORDS = [
    "nära vård",
    "kompetensförsörjning",
    "psykisk hälsa",
    "suicidprevention",
    "elevhälsa",
    "äldreomsorg",
    "barn och unga",
    "hälsoval",
    "sammanträdesplan",
    "årshjul",
    "handlingsplan",
    "överenskommelse",
    "samordnare",
    "uppföljning",
    "nyckeltal",
    "länsgemensamma medel",
    "digitalisering",
    "beroendevård",
    "hemsjukvård",
    "rehabilitering",
    "habilitering",
    "läkemedel",
    "samverkansavtal",
    "utvärdering",
    "pilotprojekt",
    "socialtjänst",
    "skolan",
    "missbruk",
    "våld i nära relationer",
    "funktionsnedsättning",
    "ekonomiskt bistånd",
    "vårdplanering",
    "trygg hemgång",
    "demens",
    "ungdomsmottagning",
    "familjecentral",
]
SEARCHES = [
    "primärvård",
    "beslutet",
    "kompetensförsörjning",
    "psykisk hälsa",
    "elevhälsa",
    "hemsjukvård",
    "nyckeltal",
    "demens",
    "samverkansavtal",
    "trygg hemgång",
]
SECRET = "bench-only-secret-key-that-is-long-enough-for-django-0123456789abcdef"  # noqa: S105 - bench only


def _bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lgl")
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "lgl"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": _bench_database_url(),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_DEFAULT_FROM_EMAIL": "LGL-portalen <noreply@lgl.example>",
            "LGL_ACCESSIBILITY_CONTACT": "tillganglighet@lgl.example",
            "LGL_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "LGL_CACHE_PREFIX": "lgl-bench",
            # Pages kept in each process's memory, the content version re-read from Redis at most every second.
            "LGL_PUBLIC_PAGE_LOCAL_SECONDS": os.environ.get("LGL_PUBLIC_PAGE_LOCAL_SECONDS", "1"),
            "PYTHONPATH": str(ROOT),
        }
    )
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    return env


# --- Data (runs in a child process with the bench environment) ---------------------------------------------


def _ensure_database(*, recreate: bool = False) -> None:
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])  # the child already has the bench database's URL
    admin = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if recreate:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.path.lstrip("/")}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [url.path.lstrip("/")]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{url.path.lstrip("/")}"')


def load_data() -> None:
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from decisions.models import Area, Decision, Summary
    from groups.models import County, Organ

    call_command("migrate", verbosity=0, interactive=False)
    if Summary.objects.filter(is_published=True).count() >= N_DECISIONS:
        print(f"Data finns redan: {Decision.objects.count()} beslut.", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE decisions_decision")
            cursor.execute("VACUUM ANALYZE decisions_summary")
        return
    started = time.perf_counter()
    rng = random.Random(1)
    county, _ = County.objects.get_or_create(name="Benchlän", defaults={"code": "99"})
    organs = [
        Organ.objects.get_or_create(
            slug=f"bench-organ-{i}",
            defaults={"name": f"Benchorgan {i}", "kind": Organ.Kind.LEDNINGSGRUPP, "county": county, "is_public": True},
        )[0]
        for i in range(N_ORGANS)
    ]
    areas = [
        Area.objects.get_or_create(name=w.capitalize(), defaults={"slug": f"bench-{i}"})[0]
        for i, w in enumerate(WORDS[:8])
    ]
    first_day = dt.date(2025, 12, 31) - dt.timedelta(days=365 * YEARS)
    now = timezone.now()
    batch = 5000
    for offset in range(0, N_DECISIONS, batch):
        decisions = []
        for i in range(offset, min(offset + batch, N_DECISIONS)):
            a, b, c = rng.sample(WORDS, 3)
            if rng.random() < RARE_SHARE:
                # A rare subject, as in real registers: the search for it is served by the GIN index.
                a = "gemensam plan för primärvården"
            day = first_day + dt.timedelta(days=rng.randrange(365 * YEARS))
            decisions.append(
                Decision(
                    organ=organs[i % N_ORGANS],
                    decided_on=day,
                    title=f"{a.capitalize()} och {b}",
                    paragraph_label=f"§ {i % 300 + 1}/{day.year % 100:02d}",
                    diarienummer=f"LGL {day.year}/{i:05d}",
                    text=f"Beslutet gäller {a} och {b}.\nUppföljning av {c} redovisas senare.",
                    has_published_summary=True,
                )
            )
        decisions = Decision.objects.bulk_create(decisions)
        Summary.objects.bulk_create(
            [
                Summary(
                    decision=d,
                    organ_id=d.organ_id,
                    decided_on=d.decided_on,
                    title=d.title,
                    background=f"<p>Länsgemensam ledning har behandlat {d.title.lower()} i samverkan.</p>",
                    bullets=d.text,
                    is_published=True,
                    published_at=now,
                    updated_at=now,
                )
                for d in decisions
            ]
        )
        through = Decision.areas.through
        through.objects.bulk_create(
            [through(decision_id=d.pk, area_id=rng.choice(areas).pk) for d in decisions if rng.random() < 0.3]
        )
        print(f"  {offset + len(decisions)} beslut …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE decisions_decision")
        cursor.execute("VACUUM ANALYZE decisions_summary")
    print(f"Data: {N_DECISIONS} beslut på {time.perf_counter() - started:.0f} s.", flush=True)


def explain() -> None:
    import django

    django.setup()
    from decisions import selectors
    from decisions.models import Summary

    for q in ("primärvård", "beslutet"):
        print(f"\nEXPLAIN ANALYZE, sökning ”{q}” (kandidaterna, {selectors.SEARCH_CANDIDATES} nyaste träffarna):")
        print(selectors.explain_search(q, analyze=True))
    ids = list(Summary.objects.order_by("?").values_list("decision_id", flat=True)[:500])
    print("IDS " + json.dumps(ids))


# --- Load ---------------------------------------------------------------------------------------------------

LUA = """
local paths = %s
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %%f %%d %%d %%d %%d %%d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors, summary.errors.status))
end
"""


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk(port: int, paths: list[str], tmp: Path) -> dict[str, float]:
    script = tmp / "paths.lua"
    script.write_text(LUA % ("{" + ",".join(json.dumps(p, ensure_ascii=True) for p in paths) + "}"))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    rps, p50, p95, p99, errors, non2xx = line.split()[1:]
    return {
        "rps": float(rps),
        "p50": int(p50) / 1000,
        "p95": int(p95) / 1000,
        "p99": int(p99) / 1000,
        "errors": int(errors),
        "non2xx": int(non2xx),
    }


def _wait_up(port: int) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn startade inte")


def main() -> None:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk saknas: apt-get install -y wrk")
    env = _env()
    subprocess.run([PYTHON, __file__, "--ensure-db"], env=env, check=True, cwd=ROOT)
    if subprocess.run([PYTHON, __file__, "--load"], env=env, cwd=ROOT).returncode != 0:
        # A kept bench database whose migrations no longer match the code: build it again from scratch.
        print("Bygger om benchdatabasen …", flush=True)
        subprocess.run([PYTHON, __file__, "--recreate-db"], env=env, check=True, cwd=ROOT)
        subprocess.run([PYTHON, __file__, "--load"], env=env, check=True, cwd=ROOT)
    explained = subprocess.run(
        [PYTHON, __file__, "--explain"], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout
    ids = json.loads(next(x for x in explained.splitlines() if x.startswith("IDS "))[4:])
    print("\n".join(x for x in explained.splitlines() if not x.startswith("IDS ")))

    port = _free_port()
    workers = os.cpu_count() or 2
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "lgl_portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_up(port)
        rng = random.Random(2)
        q = quote("primärvård")
        targets = [
            ("bare", ["/bench/bare/"]),
            ("/beslut/", ["/beslut/"]),
            ("/beslut/<id>/", [f"/beslut/{ids[0]}/"]),
            ("/sok/?q=primärvård", [f"/sok/?q={q}"]),
            ("/beslut/<id>/ ocachad", [f"/beslut/{i}/?n={n}" for n, i in enumerate(ids * 8)]),
            ("/sok/ ocachad", [f"/sok/?q={quote(rng.choice(SEARCHES))}&n={n}" for n in range(4000)]),
            ("/beslut/?year=… ocachad", [f"/beslut/?year={1996 + n % 30}&n={n}" for n in range(4000)]),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            for _, paths in targets:  # warm-up: fill the page cache and the connection pools
                _wrk_short = [*paths[:1]]
                for p in _wrk_short:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{p}", timeout=10).read()
            # Interleaved rounds, median per target: the machine's other load then hits every target alike.
            runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in targets}
            order = list(targets)
            for _ in range(ROUNDS):
                rng.shuffle(order)
                for name, paths in order:
                    runs[name].append(_wrk(port, paths, Path(tmp)))
                    # Let the server finish what the previous target left queued before the next one starts.
                    time.sleep(3)
            results = {name: _median(r) for name, r in runs.items()}
    finally:
        server.terminate()
        server.wait(timeout=20)

    bare = results["bare"]
    print(
        f"\nHTTP, gunicorn {workers} processer × 4 trådar, wrk 2 trådar × {CONNECTIONS} anslutningar, "
        f"{ROUNDS} varv × {DURATION} s per mål (median), {N_DECISIONS} beslut, {N_ORGANS} organ, {YEARS} år, "
        f"LGL_PUBLIC_PAGE_LOCAL_SECONDS={env['LGL_PUBLIC_PAGE_LOCAL_SECONDS']}"
    )
    print(f"{'mål':28} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'andel av bare':>14} {'fel':>5}")
    for name, r in results.items():
        print(
            f"{name:28} {r['rps']:9.0f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
            f"{r['rps'] / bare['rps']:14.2f} {r['errors'] + r['non2xx']:5d}"
        )
    page, search = results["/beslut/<id>/"], results["/sok/?q=primärvård"]
    cold_page, cold_search = results["/beslut/<id>/ ocachad"], results["/sok/ ocachad"]
    print(
        f"\nSökning/beslutssida, p50-latens: cachad {search['p50'] / page['p50']:.2f}×, "
        f"ocachad {cold_search['p50'] / cold_page['p50']:.2f}×"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if "--ensure-db" in sys.argv:
        _ensure_database()
    elif "--recreate-db" in sys.argv:
        _ensure_database(recreate=True)
    elif "--load" in sys.argv:
        load_data()
    elif "--explain" in sys.argv:
        explain()
    else:
        main()
