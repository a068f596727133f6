"""Leases, stuck jobs, staged files and their cleanup (issue 18); the fault tests run the same with real
processes (tests/faults/). Times come from the lease settings, not from the code under test."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from meetings.documents import services
from meetings.documents.models import DocumentJob
from tests.factories.documents import DocDocumentJobFactory, protocol_meeting
from tests.factories.groups import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def _rendering(**fields: Any) -> DocumentJob:
    job = DocDocumentJobFactory(
        meeting=protocol_meeting(paragraphs=1), status=DocumentJob.Status.RENDERING, attempts=1, task_id="t-1"
    )
    DocumentJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def test_a_claim_takes_a_lease_of_the_configured_length(settings: Any) -> None:
    settings.LGL_DOCUMENT_LEASE_SECONDS = 30
    job = DocDocumentJobFactory(meeting=protocol_meeting(paragraphs=1))
    before = timezone.now()
    claimed = services._claim(job_id=job.pk, task_id="t-1")
    assert claimed.status == DocumentJob.Status.RENDERING
    assert before + dt.timedelta(seconds=29) <= claimed.claimed_until <= timezone.now() + dt.timedelta(seconds=30)


def test_a_row_whose_lease_ran_out_is_taken_by_another_message_but_not_while_the_lease_holds() -> None:
    now = timezone.now()
    held = _rendering(claimed_until=now + dt.timedelta(seconds=20))
    assert services.document_render(job_id=held.pk, task_id="t-2") is None
    expired = _rendering(claimed_until=now - dt.timedelta(seconds=1))
    done = services.document_render(job_id=expired.pk, task_id="t-2")
    assert done.status == DocumentJob.Status.DONE and done.attempts == 2 and done.claimed_until is None


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_while_a_render_runs(settings: Any) -> None:
    settings.LGL_DOCUMENT_LEASE_SECONDS = 3  # renewed every second
    job = _rendering(claimed_until=timezone.now() + dt.timedelta(seconds=3))
    first = job.claimed_until
    with services._Heartbeat(job):
        time.sleep(2.5)
    job.refresh_from_db()
    assert job.claimed_until > first


def test_the_sweep_frees_a_row_whose_lease_ran_out_and_leaves_one_with_a_live_lease(
    django_capture_on_commit_callbacks: Any,
) -> None:
    now = timezone.now()
    dead = _rendering(claimed_until=now - dt.timedelta(seconds=5))
    alive = _rendering(claimed_until=now + dt.timedelta(seconds=25))
    with django_capture_on_commit_callbacks():
        assert services.document_requeue_stale() == [dead.pk]
    assert DocumentJob.objects.get(pk=dead.pk).status == DocumentJob.Status.PENDING
    assert DocumentJob.objects.get(pk=alive.pk).status == DocumentJob.Status.RENDERING


def test_the_secretary_can_retry_a_job_stuck_past_its_lease_but_not_one_still_rendering(
    django_capture_on_commit_callbacks: Any,
) -> None:
    now = timezone.now()
    alive = _rendering(claimed_until=now + dt.timedelta(seconds=25))
    assert not alive.is_stuck
    with pytest.raises(ValidationError):
        services.document_retry(acting_user=UserFactory(), job=alive)
    stuck = _rendering(claimed_until=now - dt.timedelta(seconds=1))
    assert stuck.is_stuck
    with django_capture_on_commit_callbacks() as callbacks:
        retried = services.document_retry(acting_user=UserFactory(), job=stuck)
    assert retried.status == DocumentJob.Status.PENDING and retried.claimed_until is None
    assert any(c.__module__ == "meetings.documents.services" for c in callbacks)


def test_a_finished_job_points_at_its_final_file_and_no_staged_file_remains() -> None:
    job = DocDocumentJobFactory(meeting=protocol_meeting(paragraphs=1))
    done = services.document_render(job_id=job.pk, task_id="t-1")
    assert done.status == DocumentJob.Status.DONE
    assert done.file.name.startswith("dokument/") and done.file.name.endswith(".pdf")
    assert services.STAGING_DIR not in done.file.name
    assert default_storage.open(done.file.name).read(5) == b"%PDF-"
    staging = Path(default_storage.path(services.STAGING_DIR))
    assert not staging.exists() or list(staging.iterdir()) == []


def test_the_cleanup_removes_old_unreferenced_files_only() -> None:
    job = DocDocumentJobFactory(meeting=protocol_meeting(paragraphs=1))
    done = services.document_render(job_id=job.pk, task_id="t-1")
    old_orphan = default_storage.save("dokument/2026/protocol-orphan.pdf", ContentFile(b"%PDF-1.7 orphan"))
    old_staged = default_storage.save(f"{services.STAGING_DIR}/protocol-x.pdf", ContentFile(b"%PDF-1.7 staged"))
    young_orphan = default_storage.save("dokument/2026/protocol-young.pdf", ContentFile(b"%PDF-1.7 young"))
    two_hours_ago = time.time() - 2 * 3600
    for name in (old_orphan, old_staged, done.file.name):
        os.utime(default_storage.path(name), (two_hours_ago, two_hours_ago))
    removed = services.document_files_cleanup()
    assert sorted(removed) == sorted([old_orphan, old_staged])
    assert default_storage.exists(done.file.name) and default_storage.exists(young_orphan)


def test_the_secretary_sees_a_retry_button_on_a_job_stuck_past_its_lease(client: Any) -> None:
    from groups.models import Membership
    from tests.factories.groups import user_with_role

    stuck = _rendering(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    client.force_login(user_with_role(stuck.meeting.organ, Membership.Role.SEKRETERARE))
    page = client.get(f"/dokument/{stuck.pk}/").content.decode()
    assert "Dokumentet verkar ha fastnat" in page
    assert f'action="/dokument/{stuck.pk}/forsok-igen/"' in page
    assert client.post(f"/dokument/{stuck.pk}/forsok-igen/").status_code == 302
    assert DocumentJob.objects.get(pk=stuck.pk).status == DocumentJob.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_with_the_beat_down_a_look_at_a_waiting_job_sends_it_again_at_most_once_per_interval(
    client: Any, settings: Any
) -> None:
    from groups.models import Membership
    from tests.factories.groups import user_with_role

    settings.LGL_DOCUMENT_REQUEUE_SECONDS = 60
    job = DocDocumentJobFactory(meeting=protocol_meeting(paragraphs=1))
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    DocumentJob.objects.filter(pk=job.pk).update(updated_at=long_ago)
    client.force_login(user_with_role(job.meeting.organ, Membership.Role.SEKRETERARE))
    services._web_sweep.next_at = 0.0  # as in a freshly started web process
    client.get(f"/dokument/{job.pk}/")
    deadline = time.monotonic() + 10
    while DocumentJob.objects.get(pk=job.pk).updated_at == long_ago:
        assert time.monotonic() < deadline, "the web process never re-sent the waiting job"
        time.sleep(0.1)
    # A second look within the interval starts no second sweep.
    assert services.document_requeue_stale_soon() is False


def test_ordering_again_sends_a_stuck_job_again_instead_of_returning_it_untouched(
    django_capture_on_commit_callbacks: Any,
) -> None:
    stuck = _rendering(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks() as callbacks:
        again = services.document_request(acting_user=UserFactory(), kind=stuck.kind, meeting=stuck.meeting)
    assert again.pk == stuck.pk
    assert again.status == DocumentJob.Status.PENDING and again.claimed_until is None
    assert any(c.__module__ == "meetings.documents.services" for c in callbacks)
