"""Two web nodes (gunicorn A and B) and a worker, sharing PostgreSQL, Redis and an S3 bucket (issue 20).

Each process has its own media folder, so every file that crosses from one node to another went through the
bucket; the tests also look in the S3 server's folder to see the object there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tarfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.faults.support import _OPENER, CSRF_TOKEN, Http, Reply, Stack, wait_for
from tests.nodes.conftest import S3Server

pytestmark = [pytest.mark.nodes, pytest.mark.worker, pytest.mark.timeout(600)]


def _multipart_post(http: Http, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> Reply:
    boundary = uuid.uuid4().hex
    body = b""
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (filename, data, content_type) in files.items():
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + data
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(http.base + path, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Cookie", f"sessionid={http.session_key}; csrftoken={CSRF_TOKEN}")
    request.add_header("X-CSRFToken", CSRF_TOKEN)
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=60) as response:
            return Reply(response.status, response.read(), dict(response.headers), time.monotonic() - started)
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.read(), dict(exc.headers), time.monotonic() - started)


def _objects(s3: S3Server) -> dict[str, bytes]:
    found = {}
    for folder, _dirs, files in os.walk(s3.bucket_dir):
        for file in files:
            path = os.path.join(folder, file)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, s3.bucket_dir)] = handle.read()
    return found


def _local_files(stack: Stack) -> list[str]:
    return [
        os.path.join(folder, file)
        for name in ("a", "b", "worker")
        for folder, _dirs, files in os.walk(stack.workdir / name / "media")
        for file in files
    ]


def test_a_handling_uploaded_through_node_a_downloads_byte_identical_through_node_b(
    nodes_stack: Stack, two_nodes: tuple[int, int], s3_server: S3Server
) -> None:
    port_a, port_b = two_nodes
    seeded = nodes_stack.seed("portal", drafts=1)
    meeting_id, [[item_id, _version], *_] = seeded["drafts"][0]["meeting"], seeded["drafts"][0]["items"]
    # Over Django's in-memory limit (2 MB), so the upload passes through a temporary file on node A as well.
    data = b"%PDF-1.7\n" + os.urandom(3 * 1024 * 1024) + b"\n%%EOF\n"
    title = f"Underlag {uuid.uuid4().hex[:6]}"
    reply = _multipart_post(
        Http(port_a, seeded["session"]),
        f"/moten/{meeting_id}/arenden/{item_id}/redigera/",
        {"form": "attachment", "attachment-title": title, "attachment-kind": "dokument", "attachment-is_public": "on"},
        {"attachment-file": ("underlag.pdf", data, "application/pdf")},
    )
    assert reply.status == 302, reply.text[:2000]
    [(attachment_id, name)] = nodes_stack.pg.query(
        "SELECT id, file FROM meetings_attachment WHERE title = %s", title, database=nodes_stack.database
    )
    # The object is in the bucket, under the name the row holds, and on no node's own disk.
    assert hashlib.sha256(_objects(s3_server)[name]).hexdigest() == hashlib.sha256(data).hexdigest()
    assert _local_files(nodes_stack) == []

    download = Http(port_b, seeded["session"]).get(f"/moten/handling/{attachment_id}/")
    assert download.status == 200
    assert download.body == data
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("inline;")
    assert "underlag" in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "private, no-store"
    # The check stays with the portal: an anonymous visitor on node B gets nothing (the protocol is not justerat).
    assert Http(port_b).get(f"/moten/handling/{attachment_id}/").status == 404


def test_a_pdf_ordered_on_node_b_and_rendered_by_the_worker_is_served_by_node_a(
    nodes_stack: Stack, two_nodes: tuple[int, int], s3_server: S3Server
) -> None:
    port_a, port_b = two_nodes
    seeded = nodes_stack.seed("portal", protocols=1, paragraphs=2)
    meeting_id = seeded["protocols"][0]
    ordered = Http(port_b, seeded["session"]).post(f"/dokument/moten/{meeting_id}/skapa/", {"kind": "protocol"})
    assert ordered.status == 302, ordered.text[:2000]
    job_id = int(re.search(r"/dokument/(\d+)/", ordered.headers["Location"]).group(1))

    def finished() -> str | None:
        [(status, file)] = nodes_stack.pg.query(
            "SELECT status, file FROM documents_documentjob WHERE id = %s", job_id, database=nodes_stack.database
        )
        assert status != "failed"
        return file if status == "done" else None

    name = wait_for(finished, seconds=180, what="PDF:en renderad av workern", every=0.5)
    download = Http(port_a, seeded["session"]).get(f"/dokument/{job_id}/fil/")
    assert download.status == 200
    assert download.body.startswith(b"%PDF-")
    assert download.headers["Content-Type"] == "application/pdf"
    assert ".pdf" in download.headers["Content-Disposition"]
    objects = _objects(s3_server)
    assert objects[name] == download.body
    # Visible under its final name only; the temporary key was removed when the job was recorded.
    assert not [key for key in objects if key.startswith("dokument/.staging/")]
    assert _local_files(nodes_stack) == []


def test_an_anonymous_page_cached_on_node_b_is_fresh_there_after_a_write_on_node_a(
    nodes_stack: Stack, two_nodes: tuple[int, int]
) -> None:
    port_a, port_b = two_nodes
    seeded = nodes_stack.seed("portal", drafts=1)
    meeting_id, [[item_id, _version], *_] = seeded["drafts"][0]["meeting"], seeded["drafts"][0]["items"]
    anonymous_b = Http(port_b)
    first = anonymous_b.get(f"/moten/{meeting_id}/")
    assert first.status == 200 and first.headers["X-Page-Cache"] == "miss"
    again = anonymous_b.get(f"/moten/{meeting_id}/")
    # A hit carries the visitor's own CSRF token, so the bytes differ there; the content is the cached one.
    assert again.headers["X-Page-Cache"] == "hit" and "Ärende 1" in again.text

    new_title = f"Omdöpt ärende {uuid.uuid4().hex[:6]}"
    saved = Http(port_a, seeded["session"]).post(
        f"/moten/{meeting_id}/arenden/{item_id}/redigera/",
        {"form": "item", "item-title": new_title, "item-kind": "beslutsarende"},
    )
    assert saved.status == 302, saved.text[:2000]

    after = anonymous_b.get(f"/moten/{meeting_id}/")
    assert after.status == 200 and after.headers["X-Page-Cache"] == "miss"
    assert new_title in after.text and new_title not in first.text


def test_a_paragraph_numbering_race_across_node_a_and_node_b_gives_no_duplicate(
    nodes_stack: Stack, two_nodes: tuple[int, int]
) -> None:
    port_a, port_b = two_nodes
    seeded = nodes_stack.seed("portal", drafts=4)
    meetings = [draft["meeting"] for draft in seeded["drafts"]]
    items_per_meeting = [len(draft["items"]) for draft in seeded["drafts"]]
    barrier = threading.Barrier(len(meetings))
    replies: dict[int, Reply] = {}

    def send(meeting_id: int, port: int) -> None:
        http = Http(port, seeded["session"])
        barrier.wait()
        replies[meeting_id] = http.post(f"/moten/{meeting_id}/protokoll/skicka-for-justering/")

    # Alternating nodes: two sends on A and two on B at the same moment, all for the same organ and year.
    threads = [
        threading.Thread(target=send, args=(meeting_id, port_a if n % 2 == 0 else port_b))
        for n, meeting_id in enumerate(meetings)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(replies) == sorted(meetings)
    assert {reply.status for reply in replies.values()} == {302}, {m: r.text[:500] for m, r in replies.items()}

    rows = nodes_stack.pg.query(
        "SELECT meeting_id, paragraph_year, paragraph_number FROM meetings_agendaitem WHERE meeting_id = ANY(%s)",
        meetings,
        database=nodes_stack.database,
    )
    numbers = [(year, number) for _meeting, year, number in rows]
    assert None not in {number for _year, number in numbers}
    assert len(numbers) == sum(items_per_meeting)
    # No duplicate, and no gap: §1 … §N within the organ's year (the meetings share a date, so one year).
    assert len(set(numbers)) == len(numbers)
    assert sorted(number for _year, number in numbers) == list(range(1, sum(items_per_meeting) + 1))
    # Each meeting got one unbroken run of numbers: the lock on the organ held through a whole send.
    for meeting_id in meetings:
        own = sorted(number for meeting, _year, number in rows if meeting == meeting_id)
        assert own == list(range(own[0], own[0] + len(own)))


def test_the_backup_takes_the_files_from_the_bucket_and_the_restore_puts_them_back_under_the_same_keys(
    nodes_stack: Stack, two_nodes: tuple[int, int], s3_server: S3Server, tmp_path: Any
) -> None:
    port_a, _port_b = two_nodes
    seeded = nodes_stack.seed("portal", drafts=1)
    meeting_id, [[item_id, _version], *_] = seeded["drafts"][0]["meeting"], seeded["drafts"][0]["items"]
    data = b"%PDF-1.7\n" + os.urandom(100_000)
    title = f"Säkerhetskopierad {uuid.uuid4().hex[:6]}"
    reply = _multipart_post(
        Http(port_a, seeded["session"]),
        f"/moten/{meeting_id}/arenden/{item_id}/redigera/",
        {"form": "attachment", "attachment-title": title, "attachment-kind": "dokument"},
        {"attachment-file": ("kopia.pdf", data, "application/pdf")},
    )
    assert reply.status == 302, reply.text[:2000]
    [(name,)] = nodes_stack.pg.query(
        "SELECT file FROM meetings_attachment WHERE title = %s", title, database=nodes_stack.database
    )
    archive = Path(nodes_stack.manage("backup", "--output", str(tmp_path)).strip())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile(f"media/{name}").read() == data
    assert manifest["files"][name] == hashlib.sha256(data).hexdigest()

    # The object is lost from the bucket; the restore (into a new database) puts it back under its key.
    (s3_server.bucket_dir / name).unlink()
    restored = f"{nodes_stack.database}_restored"
    nodes_stack.pg.drop_database(restored)
    try:
        nodes_stack.manage("restore", str(archive), "--database", restored)
        assert (s3_server.bucket_dir / name).read_bytes() == data
        assert nodes_stack.pg.query(
            "SELECT count(*) FROM meetings_attachment WHERE file = %s", name, database=restored
        ) == [(1,)]
    finally:
        nodes_stack.pg.drop_database(restored)
