"""Seal bench: what the organisation seal costs, as sealed render / unsealed render of a 30-paragraph protocol.

Both go through the worker's render path for one job of a justerat protocol (claim, build the HTML, render,
seal or not, store, finish), interleaved in one process after a warm-up, with a development seal made in a
temporary folder by `manage.py seal_dev_certificate`. The medians are compared (target: at most 1.10).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lgl_pdf .venv/bin/python bench/seal_bench.py
"""

from __future__ import annotations

import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

PARAGRAPHS = 30
ROUNDS = 7
TARGET = 1.10
BENCH_PASSWORD = "bench-only"  # noqa: S105 - a throwaway development seal in a temporary folder


def main() -> None:
    from bench.pdf_bench import _setup

    media = _setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from meetings.documents import sealing, services
    from meetings.documents.models import DocumentJob
    from tests.factories.documents import protocol_meeting

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    # The unsealed rounds run without a seal on purpose; the worker's warning about that is not news here.
    logging.getLogger("meetings.documents.sealing").setLevel(logging.ERROR)
    seal_dir = Path(tempfile.mkdtemp(prefix="lgl-seal-bench-"))
    call_command("seal_dev_certificate", dir=str(seal_dir), password=BENCH_PASSWORD, stdout=io.StringIO())
    sealed_settings = {
        "LGL_SEAL_P12": str(seal_dir / "dev-seal.p12"),
        "LGL_SEAL_PASSWORD": BENCH_PASSWORD,
        "LGL_SEAL_TRUST_ROOTS": [str(seal_dir / "dev-ca.pem")],
    }

    try:
        with transaction.atomic():
            meeting = protocol_meeting(paragraphs=PARAGRAPHS, first_number=26)

            def render(*, sealed: bool) -> tuple[float, int, bytes]:
                for name, value in sealed_settings.items():
                    setattr(settings, name, value if sealed else ("" if isinstance(value, str) else []))
                savepoint = transaction.savepoint()
                job = DocumentJob.objects.create(kind=DocumentJob.Kind.PROTOCOL, meeting=meeting)
                started = time.perf_counter()
                done = services.document_render(job_id=job.pk)
                elapsed = time.perf_counter() - started
                if done is None or done.status != DocumentJob.Status.DONE:
                    raise RuntimeError(f"render failed: {done and done.error}")
                data = done.file.read()
                transaction.savepoint_rollback(savepoint)
                return elapsed, done.page_count or 0, data

            def seal_alone(pdf: bytes) -> float:
                for name, value in sealed_settings.items():
                    setattr(settings, name, value)
                reason = sealing.reason_for_job(DocumentJob(kind=DocumentJob.Kind.PROTOCOL, meeting=meeting)) or ""
                started = time.perf_counter()
                sealing.seal_document(pdf, reason=reason)
                return time.perf_counter() - started

            render(sealed=True)
            _, _, unsealed = render(sealed=False)
            sealed_times: list[float] = []
            plain_times: list[float] = []
            seal_times: list[float] = []
            pages, sample = 0, b""
            for _ in range(ROUNDS):
                elapsed, pages, sample = render(sealed=True)
                sealed_times.append(elapsed)
                plain_times.append(render(sealed=False)[0])
                seal_times.append(seal_alone(unsealed))
            settings.LGL_SEAL_TRUST_ROOTS = sealed_settings["LGL_SEAL_TRUST_ROOTS"]
            check = sealing.check_seal(sample)
            transaction.set_rollback(True)
    finally:
        shutil.rmtree(media, ignore_errors=True)
        shutil.rmtree(seal_dir, ignore_errors=True)

    sealed_median, plain_median = statistics.median(sealed_times), statistics.median(plain_times)
    ratio = sealed_median / plain_median
    verdict = "inom" if ratio <= TARGET else "ÖVER"
    print(f"Justerat protokoll med {PARAGRAPHS} paragrafer, {pages} sidor, {ROUNDS} omgångar, median:")
    print(f"  med sigill (PAdES)  : {sealed_median * 1000:8.1f} ms")
    print(f"  utan sigill         : {plain_median * 1000:8.1f} ms")
    print(f"  kvot med/utan       : {ratio:8.3f}  ({verdict} målet {TARGET:.2f})")
    print(f"  kvot, snabbaste     : {min(sealed_times) / min(plain_times):8.3f}")
    # The seal step alone (reason from the database, sign, read back), less disturbed by other load on the machine
    # than the difference of two whole renders: (unsealed + seal) / unsealed.
    seal_median = statistics.median(seal_times)
    seal_ratio = (plain_median + seal_median) / plain_median
    print(f"  sigillet ensamt     : {seal_median * 1000:8.1f} ms  (kvot {seal_ratio:.3f})")
    print(f"  sigillet i filen    : {'giltigt' if check.valid else 'SAKNAS/OGILTIGT'} (hel fil: {check.whole_file})")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
