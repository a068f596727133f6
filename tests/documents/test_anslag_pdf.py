"""The public PDF follows the facts: nothing about an anslag before it happens, the right dates after it."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from typing import Any

import pytest
from django.db import transaction

from groups.models import Membership
from meetings import services
from meetings.documents import rendering
from meetings.documents import selectors as document_selectors
from meetings.documents.models import DocumentJob
from meetings.models import Meeting
from tests.factories.documents import protocol_meeting
from tests.factories.groups import OrganFactory, user_with_role
from tests.factories.meetings import meeting_with_signers


def _html(kind: str, meeting: Meeting) -> str:
    return rendering.build_input(kind=kind, meeting_id=meeting.pk, extract_id=None, params={}).html


def pdftotext(data: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it (an outside reader, not our renderer)."""
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.mark.django_db
def test_a_pdf_made_before_the_anslag_says_when_it_will_be_posted_and_never_that_it_was() -> None:
    organ = OrganFactory(name="Kommunstyrelsen", slug="ks-fore", kommunallagen_rules=True)
    meeting = protocol_meeting(organ=organ, paragraphs=2)
    Meeting.objects.filter(pk=meeting.pk).update(posted_on=None, remove_on=None)
    html = _html(DocumentJob.Kind.PUBLIC_PROTOCOL, meeting)
    assert "tillkännagivits genom anslag" not in html
    assert "Datum då anslaget sätts upp" not in html
    # Justerat Thursday 5 October 2023: the second day after is Saturday 7th, so by Monday 9 October (1930:173).
    assert "Protokollet justerades den 5 oktober 2023." in html
    assert "Justeringen tillkännages på anslagstavlan senast den 9 oktober 2023" in html


def _wait(predicate: Any, *, seconds: float = 90) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail("Timed out waiting for the worker")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_posting_the_anslag_regenerates_the_public_and_archival_pdfs_with_the_law_s_dates(worker: Any) -> None:
    organ = OrganFactory(name="Kommunstyrelsen", slug="ks-anslag", kommunallagen_rules=True)
    secretary = user_with_role(organ, Membership.Role.SEKRETERARE, username="anslagsekr")
    chair = user_with_role(organ, Membership.Role.ORDFORANDE, username="anslagordf")
    adjuster = user_with_role(organ, Membership.Role.LEDAMOT, username="anslagjust")
    meeting = meeting_with_signers(
        organ, chair=chair, adjuster=adjuster, secretary=secretary, date=dt.date(2026, 11, 20)
    )
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)
    meeting.refresh_from_db()
    first = _wait(lambda: document_selectors.public_protocol_job(meeting=meeting))
    assert "tillkännagivits genom anslag" not in pdftotext(first.file.read())

    # Posted on Saturday 12 December 2026: three weeks on is Saturday 2 January 2027, then Sunday, so the last
    # day for överklagande is Monday 4 January 2027 and the notice may come down on 5 January (worked by hand).
    with transaction.atomic():
        services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=dt.date(2026, 12, 12))

    def newest_with_dates() -> DocumentJob | None:
        job = document_selectors.public_protocol_job(meeting=meeting)
        return job if job and job.pk != first.pk else None

    public = _wait(newest_with_dates)
    text = pdftotext(public.file.read())
    assert "Justeringen har tillkännagivits genom anslag" in text
    assert "Datum då anslaget sätts upp 12 december 2026" in text
    assert "Datum då anslaget tas ned 5 januari 2027" in text
    assert "Sista dag för överklagande 4 januari 2027" in text
    archival = _wait(
        lambda: (
            DocumentJob.objects.filter(meeting=meeting, kind=DocumentJob.Kind.PROTOCOL, status=DocumentJob.Status.DONE)
            .order_by("-finished_at")
            .exclude(file="")
            .first()
            if DocumentJob.objects.filter(meeting=meeting, kind=DocumentJob.Kind.PROTOCOL).count() >= 2
            else None
        )
    )
    assert "Sista dag för överklagande 4 januari 2027" in pdftotext(archival.file.read())
