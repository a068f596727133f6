"""PDF bench: a 30-paragraph protocol through the portal's render path and through WeasyPrint alone.

The portal path is what the worker does for one job (claim the row, read the meeting, build the HTML, hash it,
render, store the file, finish the row); WeasyPrint alone renders the very same HTML string. Both run
interleaved in one process after a warm-up, and the medians are compared. The data is created inside a
transaction that is rolled back; files go to a temporary folder.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lgl_pdf .venv/bin/python bench/pdf_bench.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPHS = 30
ROUNDS = 7


def _use_own_database() -> None:
    """Its own database beside DATABASE_URL's (`<name>_pdfbench`), created when missing, so `make bench` needs none."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lgl"))
    name = f"{parts.path.lstrip('/') or 'lgl'}_pdfbench"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))


def _setup() -> str:
    sys.path.insert(0, str(ROOT))
    _use_own_database()
    media = tempfile.mkdtemp(prefix="lgl-pdf-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgl_portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-that-is-long-enough-for-django-0123456789")
    os.environ["LGL_MEDIA_ROOT"] = media
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # Required when DEBUG is off (lgl_portal/settings.py); the bench sends no mail and shows no contact page.
    os.environ.setdefault("DJANGO_DEFAULT_FROM_EMAIL", "LGL-portalen <bench@lgl.example>")
    os.environ.setdefault("LGL_ACCESSIBILITY_CONTACT", "tillganglighet@lgl.example")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return media


def main() -> None:
    media = _setup()
    import logging

    import weasyprint
    from django.db import transaction

    from meetings.documents import rendering, services
    from meetings.documents.models import DocumentJob
    from tests.factories.documents import protocol_meeting

    # WeasyPrint logs every layout step at INFO; the bench wants figures, not progress.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    try:
        with transaction.atomic():
            meeting = protocol_meeting(paragraphs=PARAGRAPHS, first_number=26)
            html = rendering.build_input(
                kind=DocumentJob.Kind.PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={}
            ).html

            def portal() -> tuple[float, int]:
                savepoint = transaction.savepoint()
                job = DocumentJob.objects.create(kind=DocumentJob.Kind.PROTOCOL, meeting=meeting)
                started = time.perf_counter()
                done = services.document_render(job_id=job.pk)
                elapsed = time.perf_counter() - started
                if done is None or done.status != DocumentJob.Status.DONE:
                    raise RuntimeError(f"portal render failed: {done and done.error}")
                pages = done.page_count or 0
                # Roll the job back so the next round renders again instead of reusing this file.
                transaction.savepoint_rollback(savepoint)
                return elapsed, pages

            def html_only() -> float:
                started = time.perf_counter()
                rendering.build_input(kind=DocumentJob.Kind.PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={})
                return time.perf_counter() - started

            def weasy_alone() -> float:
                started = time.perf_counter()
                weasyprint.HTML(string=html, base_url=rendering.base_url()).write_pdf(pdf_variant=rendering.PDF_VARIANT)
                return time.perf_counter() - started

            portal()
            weasy_alone()
            portal_times: list[float] = []
            weasy_times: list[float] = []
            html_times: list[float] = []
            pages = 0
            for _ in range(ROUNDS):
                elapsed, pages = portal()
                portal_times.append(elapsed)
                weasy_times.append(weasy_alone())
                html_times.append(html_only())
            transaction.set_rollback(True)
    finally:
        shutil.rmtree(media, ignore_errors=True)

    portal_median = statistics.median(portal_times)
    weasy_median = statistics.median(weasy_times)
    ratio = portal_median / weasy_median
    # The fastest round is the least disturbed by other load on the machine; shown beside the medians.
    best_ratio = min(portal_times) / min(weasy_times)
    print(f"Protokoll med {PARAGRAPHS} paragrafer, {pages} sidor, PDF/A-2a (taggad), {ROUNDS} omgångar, median:")
    print(f"  portalens renderingsväg : {portal_median * 1000:8.1f} ms  ({pages / portal_median:5.1f} sidor/s)")
    print(f"  WeasyPrint ensam        : {weasy_median * 1000:8.1f} ms  ({pages / weasy_median:5.1f} sidor/s)")
    print(f"  varav HTML från databas : {statistics.median(html_times) * 1000:8.1f} ms")
    verdict = "inom" if ratio < 1.15 else "ÖVER"
    print(f"  kvot portal/WeasyPrint  : {ratio:8.3f}  (overhead {100 * (ratio - 1):+.1f} %, {verdict} målet 15 %)")
    print(f"  kvot, snabbaste omgång  : {best_ratio:8.3f}  (overhead {100 * (best_ratio - 1):+.1f} %)")


if __name__ == "__main__":
    main()
