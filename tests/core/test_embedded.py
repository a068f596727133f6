"""`make run`'s embedded shape: SQLite and no Redis. The suite runs on PostgreSQL, so this module builds the demo
the way `make run` does (migrate, the development seal, load_demo) in a directory of its own and asks for the
public pages with the demo's data. A decision page answered 500 on SQLite (a PostgreSQL-only code path) while
every PostgreSQL test was green."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAGES = """
import django
django.setup()
from django.test import Client
from decisions.models import Decision
from meetings.models import Meeting

client = Client()
decision = Decision.objects.filter(summary__isnull=False).order_by("pk").first()
meeting = Meeting.objects.order_by("pk").first()
paths = [
    "/", "/beslut/", f"/beslut/{decision.pk}/", "/moten/", f"/moten/{meeting.pk}/", "/anslagstavla/", "/organ/",
    "/grupper/", "/planer/", "/nyckeltal/", "/ratificering/", "/sok/?q=v%C3%A5rd", "/sok/?q=KS+2023%2F0539",
    "/sok/?q=kompetens&typ=arende", "/tillganglighet/", "/kalender.ics", "/beslut/flode.atom",
]
for path in paths:
    print(client.get(path, HTTP_HOST="localhost").status_code, path)
"""


def test_make_runs_sqlite_demo_serves_every_public_page(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "LGL_", "CELERY_"))
    }
    # As make run's .env: debug, SQLite under the var directory (here a temporary one), no Redis. Given in the
    # environment, which wins over a developer's own .env.
    env.update(
        {
            "DJANGO_DEBUG": "true",
            "LGL_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'lgl.sqlite3'}",
            "REDIS_URL": "",
            "PYTHONPATH": str(ROOT),
        }
    )
    for command in (["migrate", "--noinput", "-v0"], ["seal_dev_certificate"], ["load_demo"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "lgl.sqlite3").exists()
    served = subprocess.run(
        [sys.executable, "-c", PAGES],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "lgl_portal.settings"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert served.returncode == 0, served.stderr[-3000:]
    lines = served.stdout.split("\n")
    statuses = [line for line in lines if line[:3].isdigit()]
    assert len(statuses) == 17, served.stdout
    assert all(line.startswith("200 ") for line in statuses), served.stdout
