"""A backup restores into a fresh database with its files: the same handling and PDF download byte for byte,
and no page cached from the replaced database is served afterwards (lgl_portal/core/backup.py)."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import pytest

from tests.faults.support import Http, Stack, free_port, processes
from tests.faults.test_faults import job_rows, order_pdf, wait_for_jobs

pytestmark = [pytest.mark.faults, pytest.mark.timeout(300)]

HANDLING = "Handling till ärende 1: budgetunderlag för 2027, version 3.\n"
RESTORED_DB = "lgl_faults_restored"


def test_a_restored_backup_serves_the_same_handling_and_pdf_and_no_page_cached_after_the_backup(
    stack: Stack, web: int, redis_up: Any
) -> None:
    data = stack.seed("portal", protocols=1, paragraphs=2, drafts=1, attachment=HANDLING)
    stack.seed("summary", title="Beslutet före säkerhetskopian")
    protocol = data["protocols"][0]
    http = Http(web, data["session"])
    with processes(stack.worker()):
        assert order_pdf(http, protocol).status == 302
        [(job_id, status, _attempts, _file)] = wait_for_jobs(stack, [protocol], seconds=90)
    assert status == "done"
    handling_before = http.get(f"/moten/handling/{data['attachment']}/")
    pdf_before = http.get(f"/dokument/{job_id}/fil/")
    assert handling_before.status == 200 and handling_before.body == HANDLING.encode()
    assert pdf_before.status == 200 and pdf_before.body.startswith(b"%PDF-")

    archive = Path(stack.manage("backup", "--output", str(stack.workdir / "backups")).strip().splitlines()[-1])
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "database.dump", "media"} <= set(tar.getnames())

    # After the backup, new public content is shown and cached for anonymous visitors.
    stack.seed("summary", title="Beslutet efter säkerhetskopian")
    anonymous = Http(web)
    assert "Beslutet efter säkerhetskopian" in anonymous.get("/beslut/").text
    assert anonymous.get("/beslut/").headers.get("X-Page-Cache") == "hit"

    restored_media = stack.workdir / "restored-media"
    stack.pg.drop_database(RESTORED_DB)
    out = stack.manage("restore", str(archive), "--database", RESTORED_DB, LGL_MEDIA_ROOT=str(restored_media))
    print(f"\n{out.strip()}")
    port = free_port()
    restored = stack.gunicorn(port, DATABASE_URL=stack.pg.url(RESTORED_DB), LGL_MEDIA_ROOT=str(restored_media))
    try:
        with processes(restored):
            again = Http(port, data["session"])
            handling_after = again.get(f"/moten/handling/{data['attachment']}/")
            pdf_after = again.get(f"/dokument/{job_id}/fil/")
            page = Http(port).get("/beslut/").text
        assert handling_after.status == 200 and handling_after.body == handling_before.body
        assert pdf_after.status == 200 and pdf_after.body == pdf_before.body
        assert "Beslutet före säkerhetskopian" in page
        assert "Beslutet efter säkerhetskopian" not in page
        assert job_rows(stack, [protocol])  # the original database is untouched
    finally:
        stack.pg.drop_database(RESTORED_DB)
