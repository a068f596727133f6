"""HTTP bench: the public pages under gunicorn with a concurrent load generator, next to a bare Django view.

    make bench                      (runs this after the PDF bench)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lgl REDIS_URL=redis://127.0.0.1:6379/15 \
        .venv/bin/python bench/http_bench.py

1. Builds (once; reused when present) a database `<name>_bench` beside DATABASE_URL's with 290 kommuner in
   21 counties, one organ each, and 1,000,000 decisions over 30 years (LGL_BENCH_DECISIONS), 80 % with a
   published Beslut i korthet, by COPY and set-based SQL (no ORM loop); VACUUM ANALYZE; the search vocabulary.
2. Serves the portal with gunicorn as production does (gunicorn.conf.py: 8 × cores + 1 sync processes) on
   a free loopback port, DEBUG off, the page cache in Redis, persistent database connections, and `bench.urls`
   (the portal plus /bench/bare/, a view returning a fixed string).
3. Drives each target with wrk (apt-get install -y wrk) for DURATION seconds, and prints req/s, p50/p95/p99
   latency and the ratio of throughput to the bare view. Targets: the bare view; /beslut/; one decision
   page; /sok/?q=primärvård (these three are what visitors mostly ask for, served by the anonymous page cache);
   and, to show the database work behind a cache miss, random decision pages and random searches, each URL
   unique so that nothing comes from the cache (compounds, prefixes, identifiers and a typo among the
   searches), and the decision list filtered by year, and by year and organ.
4. Prints EXPLAIN ANALYZE of the search's candidate query to show the GIN index is used at this size.
5. Anonymous throughput across 300 decision pages and the lists, once with no writes and once while a
   secretary autosaves protocol text once a second (through the one-document editor's save, over HTTP);
   a draft autosave is a private write and must not empty the anonymous page cache (target: ≥ 0.9×).

LGL_BENCH_QUICK=1 measures only the bare view, uncached decision pages and uncached searches (the national-scale
ratios), for trying a change.
"""

from __future__ import annotations

import json
import os
import random
import runpy
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
N_DECISIONS = int(os.environ.get("LGL_BENCH_DECISIONS", "1000000"))
# Sweden's 290 kommuner in 21 counties: national scale.
N_ORGANISATIONS = 290
N_COUNTIES = 21
SUMMARY_SHARE = 0.8
RARE_SHARE = 0.003
YEARS = 30
DURATION = int(os.environ.get("LGL_BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("LGL_BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("LGL_BENCH_CONNECTIONS", "16"))
QUICK = os.environ.get("LGL_BENCH_QUICK", "") == "1"
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
    "kompetens",
    "vård",
    "primärvåd",
    "KS 2019/000016",
    "§ 12/19",
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
AUTOSAVING = "300 sidor + listor, autospar 1/s"
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
            # No access log line per request (gunicorn.conf.py), as in the other benches.
            "GUNICORN_ACCESS_LOG": "",
            # Anonymous visitors only: production's proxy sends them to the public pool (deploy/Caddyfile).
            "GUNICORN_POOL": "public",
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
    """The bench corpus with COPY and set-based SQL (no ORM loop over rows): N_ORGANISATIONS kommuner in
    N_COUNTIES counties, one public organ each, N_DECISIONS decisions over YEARS years, SUMMARY_SHARE of them
    with a published Beslut i korthet (the rest are found as decisions), 30 % with an area."""
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection, transaction

    from decisions import search_index
    from decisions.models import Area, Decision
    from groups.models import County, Organ, Organisation

    call_command("migrate", verbosity=0, interactive=False)
    if Decision.objects.filter(organ__slug__startswith="bench-").count() >= N_DECISIONS:
        print(f"Data finns redan: {Decision.objects.count()} beslut.", flush=True)
        with connection.cursor() as cursor:
            for table in ("decisions_decision", "decisions_summary", "decisions_decision_areas"):
                cursor.execute(f"VACUUM ANALYZE {table}")
            # Every table: with the 290 organs unanalysed the planner joins them by a nested loop of GIN scans.
            cursor.execute("ANALYZE")
        return
    started = time.perf_counter()
    rng = random.Random(1)
    with transaction.atomic():
        counties = [
            County.objects.get_or_create(name=f"Benchlän {c}", defaults={"code": f"9{c:02d}"})[0]
            for c in range(N_COUNTIES)
        ]
        organs = []
        for i in range(N_ORGANISATIONS):
            county = counties[i % N_COUNTIES]
            organisation, _ = Organisation.objects.get_or_create(
                slug=f"bench-kommun-{i}",
                defaults={"name": f"Benchkommun {i}", "kind": Organisation.Kind.KOMMUN, "county": county},
            )
            organs.append(
                Organ.objects.get_or_create(
                    slug=f"bench-organ-{i}",
                    defaults={
                        "name": f"Kommunstyrelsen i Benchkommun {i}",
                        "kind": Organ.Kind.LEDNINGSGRUPP,
                        "county": county,
                        "organisation": organisation,
                        "is_public": True,
                    },
                )[0]
            )
        areas = [
            Area.objects.get_or_create(name=w.capitalize(), defaults={"slug": f"bench-{i}"})[0]
            for i, w in enumerate(WORDS[:8])
        ]
    first_day = dt.date(2025, 12, 31) - dt.timedelta(days=365 * YEARS)
    columns = (
        "organ_id, decided_on, paragraph_label, diarienummer, title, text, kind, condition_text, status, "
        "has_published_summary, publication, published_at, depublish_reason, created_at, updated_at"
    )
    now = dt.datetime.now(dt.UTC)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3: COPY from Python rows, one statement for the whole table
        with raw.copy(f"COPY decisions_decision ({columns}) FROM STDIN") as copy:
            for i in range(N_DECISIONS):
                a, b, c = rng.sample(WORDS, 3)
                if rng.random() < RARE_SHARE:
                    # A rare subject, as in real registers: the search for it is served by the GIN index.
                    a = "gemensam plan för primärvården"
                day = first_day + dt.timedelta(days=rng.randrange(365 * YEARS))
                organ = organs[i % N_ORGANISATIONS]
                copy.write_row(
                    (
                        organ.pk,
                        day,
                        f"§ {i // N_ORGANISATIONS % 400 + 1}/{day.year % 100:02d}",
                        f"KS {day.year}/{i:06d}",  # at most six digits, as the portal reads a Dnr
                        f"{a.capitalize()} och {b}",
                        f"Beslutet gäller {a} och {b}.\nUppföljning av {c} redovisas senare.",
                        "beslut",
                        "",
                        "fattat",
                        rng.random() < SUMMARY_SHARE,
                        # Published by the secretary (no meeting here), so every decision passes the gate.
                        "publicerat",
                        now,
                        "",
                        now,
                        now,
                    )
                )
                if i and i % 100_000 == 0:
                    print(f"  {i} beslut …", flush=True)
        bench_organs = [o.pk for o in organs]
        cursor.execute(
            "INSERT INTO decisions_summary (decision_id, organ_id, decided_on, title, background, bullets, "
            "is_published, published_at, updated_at, created_at, depublish_reason) "
            "SELECT id, organ_id, decided_on, title, "
            "'<p>Kommunstyrelsen har behandlat ' || lower(title) || ' i samverkan.</p>', text, true, "
            "%s, %s, %s, '' FROM decisions_decision WHERE has_published_summary AND organ_id = ANY(%s)",
            [now, now, now, bench_organs],
        )
        print(f"  {cursor.rowcount} sammanfattningar …", flush=True)
        cursor.execute(
            "INSERT INTO decisions_decision_areas (decision_id, area_id) "
            "SELECT id, (%s::bigint[])[1 + (id %% %s)] FROM decisions_decision "
            "WHERE organ_id = ANY(%s) AND id %% 10 < 3",
            [[a.pk for a in areas], len(areas), bench_organs],
        )
        for table in ("decisions_decision", "decisions_summary", "decisions_decision_areas"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE")
    words = search_index.search_vocabulary_refresh()
    print(f"Data: {N_DECISIONS} beslut, {words} sökord, på {time.perf_counter() - started:.0f} s.", flush=True)


def writer_session() -> None:
    """A secretary with a meeting to write in, and a logged-in session for the bench's autosaving writer."""
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from groups import services as group_services
    from groups.models import Membership, Organ, Person
    from meetings import services as meeting_services
    from meetings.models import Meeting

    organ = Organ.objects.get(slug="bench-organ-0")
    user, created = get_user_model().objects.get_or_create(username="bench-sekreterare")
    if created:
        person = Person.objects.create(name="Bench Sekreterare", user=user)
        group_services.membership_start(
            acting_user=None,
            person=person,
            organ=organ,
            role=Membership.Role.SEKRETERARE,
            start_date=dt.date(2020, 1, 1),
        )
    meeting = Meeting.objects.filter(organ=organ, title="Benchmöte").first()
    if meeting is None or not meeting.is_editable:
        meeting = meeting_services.meeting_create(
            acting_user=user, organ=organ, date=dt.date(2026, 12, 11), title="Benchmöte"
        )
    item = meeting.items.first() or meeting_services.item_create(acting_user=user, meeting=meeting, title="Utkast")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print("WRITER " + json.dumps({"session": session.session_key, "meeting": meeting.pk, "item": item.pk}))


class Autosaver:
    """A secretary typing in the protocol: one autosave a second, each adding a word, as the editor sends it."""

    def __init__(self, port: int, writer: dict[str, Any]) -> None:
        import threading

        self.url = f"http://127.0.0.1:{port}/moten/{writer['meeting']}/protokoll/skriv/{writer['item']}/spara/"
        self.page = f"http://127.0.0.1:{port}/moten/{writer['meeting']}/protokoll/skriv/"
        self.session = writer["session"]
        self.csrf = "benchcsrf" + "0" * 23  # a 32-character token, sent as both cookie and header
        self.stop = threading.Event()
        self.saved = 0
        self.failed = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def _post(self, data: dict[str, str]) -> dict[str, Any]:
        request = urllib.request.Request(self.url, data=urllib.parse.urlencode(data).encode())  # noqa: S310
        request.add_header("Cookie", f"sessionid={self.session}; csrftoken={self.csrf}")
        request.add_header("X-CSRFToken", self.csrf)
        request.add_header("Accept", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return json.loads(response.read())
        except urllib.error.HTTPError as error:  # a 409 conflict answers JSON too
            return json.loads(error.read())

    def run(self) -> None:
        import hashlib

        text = ""
        base = {"base_version": "", "base_hash": hashlib.sha256(b"").hexdigest()[:24], "base_text": ""}
        n = 0
        while not self.stop.wait(1.0):
            n += 1
            mine = f"{text}<p>Ord {n}</p>"
            try:
                answer = self._post({"field": "notes", "text": mine, **base})
            except Exception:  # counted and printed; the bench goes on
                self.failed += 1
                continue
            if answer.get("state") == "saved":
                self.saved += 1
                text = answer["text"]
                base = {"base_version": str(answer["version"]), "base_hash": answer["hash"], "base_text": text}
            elif answer.get("state") == "conflict":
                # Text left by an earlier run: go on from the stored text, as "take theirs" would.
                text = answer["theirs"]
                base = {"base_version": str(answer["version"]), "base_hash": answer["hash"], "base_text": text}
            else:
                self.failed += 1

    def __enter__(self) -> Autosaver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=15)


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

# Each wrk thread runs its own copy of the script: without `setup`, both threads walked the same list from the
# start, so half of the "uncached" requests were the other thread's URL again and came from the page cache,
# and a later round asked the earlier rounds' URLs again. Now the threads take every other path (thread n
# starts at path n), and with a run tag (the run, the thread and the request's number) every URL of an uncached
# target is new to the cache, however many requests a round makes.
LUA = """
local paths = %s
local tag = %s
local threads = 0
setup = function(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
local counter = -1
request = function()
  counter = counter + 1
  local path = paths[((counter * 2 + offset) %% #paths) + 1]
  if tag ~= "" then path = path .. "&run=" .. tag .. "-" .. offset .. "-" .. counter end
  return wrk.format("GET", path)
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


_RUNS = iter(range(1, 1_000_000))


def run_tag() -> str:
    """A tag no earlier wrk run of any bench process has used."""
    return f"{os.getpid()}-{time.time_ns()}-{next(_RUNS)}"


def _wrk(
    port: int,
    paths: list[str],
    tmp: Path,
    seconds: int = DURATION,
    *,
    unique: bool = False,
    connections: int = CONNECTIONS,
) -> dict[str, float]:
    """wrk over `paths` (2 threads, CONNECTIONS connections); `unique`: every request's URL new to the page cache
    (tagged with the run, the thread and the request's number, which needs a query string in every path)."""
    script = tmp / "paths.lua"
    tag = run_tag() if unique else ""
    assert not unique or all("?" in p for p in paths)
    script.write_text(LUA % ("{" + ",".join(json.dumps(p, ensure_ascii=True) for p in paths) + "}", json.dumps(tag)))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
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


def _cpu_busy_share(seconds: float) -> float:
    """The machine's busy share of CPU time over `seconds` (Linux /proc/stat; 0.0 elsewhere)."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle and iowait
        return sum(fields), idle

    if not Path("/proc/stat").exists():
        time.sleep(seconds)
        return 0.0
    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return 1.0 - (idle1 - idle0) / max(total1 - total0, 1)


def _wait_quiet(*, busy_below: float = 0.25, at_most: float = 60.0) -> None:
    """Wait until the server has finished what a wrk run left behind: wrk stops after its seconds, but the
    requests it had sent are still served. After the warm-up (48 connections, each new database connection
    loading the ispell dictionary) that was 10 s of queued work, and the first measured round's p99 held it."""
    time.sleep(1)
    deadline = time.monotonic() + at_most
    while time.monotonic() < deadline and _cpu_busy_share(0.5) >= busy_below:
        pass


def _database_sessions() -> int:
    """The server's connections to the bench database (every one but this query's own)."""
    with psycopg.connect(_bench_database_url()) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


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
    made = subprocess.run(
        [PYTHON, __file__, "--writer"], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout
    writer = json.loads(next(x for x in made.splitlines() if x.startswith("WRITER "))[7:])
    print("\n".join(x for x in explained.splitlines() if not x.startswith("IDS ")))

    port = _free_port()
    # Production's shape for anonymous visitors: gunicorn.conf.py's public pool (sync processes per core), as the
    # Dockerfile and compose's `web` run it;
    # GUNICORN_WORKER_CLASS / GUNICORN_WORKERS / GUNICORN_THREADS override it as in production. Its figures read
    # from the file itself.
    shape = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    workers, threads, worker_class = int(shape["workers"]), int(shape["threads"]), shape["worker_class"]
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "lgl_portal.wsgi:application",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
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
        public_pages = [f"/beslut/{i}/" for i in ids[:300]] + ["/beslut/", "/moten/", "/anslagstavla/"]
        targets = [
            ("bare", ["/bench/bare/"]),
            ("/beslut/", ["/beslut/"]),
            ("/beslut/<id>/", [f"/beslut/{ids[0]}/"]),
            ("/sok/?q=primärvård", [f"/sok/?q={q}"]),
            ("/beslut/<id>/ ocachad", [f"/beslut/{i}/?n={n}" for n, i in enumerate(ids * 8)]),
            ("/sok/ ocachad", [f"/sok/?q={quote(rng.choice(SEARCHES))}&n={n}" for n in range(4000)]),
            ("/beslut/?year=… ocachad", [f"/beslut/?year={1996 + n % 30}&n={n}" for n in range(4000)]),
            (
                "/beslut/?year=…&organ=… ocachad",
                [f"/beslut/?year={1996 + n % 30}&organ=bench-organ-{n % N_ORGANISATIONS}&n={n}" for n in range(4000)],
            ),
            ("300 sidor + listor", public_pages),
            (AUTOSAVING, public_pages),
        ]
        if QUICK:  # the three targets of the national-scale ratios only, for trying a change quickly
            targets = [t for t in targets if t[0] in ("bare", "/beslut/<id>/ ocachad", "/sok/ ocachad")]
        with tempfile.TemporaryDirectory() as tmp:
            for name, paths in targets:  # warm-up: fill the page cache and the connection pools
                _wrk_short = paths if name == AUTOSAVING else [*paths[:1]]
                for p in _wrk_short:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{p}", timeout=10).read()
            # Every thread's database connection warm (each loads the search's dictionary on its first search),
            # on URLs the measured rounds do not ask for. Twice as many connections as threads, and again until
            # every thread holds a connection: gunicorn's processes take connections as they race to accept them,
            # and with 48 connections some threads of a process had served none, so the first searches of the
            # first measured round loaded the dictionary there (the server's log: 1.0–1.7 s each, the round's p99).
            warm = [f"/sok/?q={quote(w)}&varm={n}" for n, w in enumerate(SEARCHES * 20)]
            for _ in range(4):
                _wrk(port, warm, Path(tmp), 8, unique=True, connections=2 * workers * threads)
                _wait_quiet()
                if _database_sessions() >= workers * threads:
                    break
            print(f"Uppvärmt: {_database_sessions()} databasanslutningar för {workers * threads} trådar", flush=True)
            saves = {"saved": 0, "failed": 0}
            # Interleaved rounds, median per target: the machine's other load then hits every target alike.
            runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in targets}
            order = list(targets)
            for _ in range(ROUNDS):
                rng.shuffle(order)
                for name, paths in order:
                    if name == AUTOSAVING:
                        with Autosaver(port, writer) as autosaver:
                            time.sleep(1.5)  # the first saves land before the measuring starts
                            runs[name].append(_wrk(port, paths, Path(tmp), unique="ocachad" in name))
                        saves["saved"] += autosaver.saved
                        saves["failed"] += autosaver.failed
                    else:
                        runs[name].append(_wrk(port, paths, Path(tmp), unique="ocachad" in name))
                    # Let the server finish what the previous target left queued before the next one starts.
                    _wait_quiet()
            results = {name: _median(r) for name, r in runs.items()}
    finally:
        server.terminate()
        server.wait(timeout=20)

    bare = results["bare"]
    print(
        f"\nHTTP, gunicorn.conf.py (publika poolen): {worker_class}, {workers} processer × {threads} trådar, "
        f"wrk 2 trådar × {CONNECTIONS} anslutningar, "
        f"{ROUNDS} varv × {DURATION} s per mål (median), {N_DECISIONS} beslut, {N_ORGANISATIONS} organ, {YEARS} år, "
        f"LGL_PUBLIC_PAGE_LOCAL_SECONDS={env['LGL_PUBLIC_PAGE_LOCAL_SECONDS']}"
    )
    print(f"{'mål':34} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'andel av bare':>14} {'fel':>5}")
    for name, r in results.items():
        print(
            f"{name:34} {r['rps']:9.0f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
            f"{r['rps'] / bare['rps']:14.2f} {int(r['errors'] + r['non2xx']):5d}"
        )
    cold_page, cold_search = results["/beslut/<id>/ ocachad"], results["/sok/ ocachad"]
    print(
        "\nMål vid nationell skala: ocachad sökning p50 ÷ ocachad beslutssida p50 "
        f"{cold_search['p50']:.1f} / {cold_page['p50']:.1f} ms = "
        f"{cold_search['p50'] / cold_page['p50']:.2f}× (mål ≤ 3×); "
        f"ocachad sökning p99 {cold_search['p99']:.1f} ms (mål ≤ 250 ms); "
        f"ocachad beslutssida {cold_page['rps'] / bare['rps']:.2f}× tom vy (mål ≥ 0,30×)"
    )
    if QUICK:
        return
    page, search = results["/beslut/<id>/"], results["/sok/?q=primärvård"]
    print(f"Sökning/beslutssida cachad, p50-latens: {search['p50'] / page['p50']:.2f}×")
    quiet, busy = results["300 sidor + listor"], results[AUTOSAVING]
    print(
        f"\nAnonyma besökare på 300 beslutssidor och listorna: utan skrivningar {quiet['rps'] / bare['rps']:.2f} "
        f"av tom vy, medan en sekreterare autosparar varje sekund {busy['rps'] / bare['rps']:.2f} av tom vy; "
        f"kvot {busy['rps'] / quiet['rps']:.2f} (mål ≥ 0,90). Autosparningar: {saves['saved']} sparade, "
        f"{saves['failed']} misslyckade."
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if "--ensure-db" in sys.argv:
        _ensure_database()
    elif "--recreate-db" in sys.argv:
        _ensure_database(recreate=True)
    elif "--load" in sys.argv:
        load_data()
    elif "--writer" in sys.argv:
        writer_session()
    elif "--explain" in sys.argv:
        explain()
    else:
        main()
