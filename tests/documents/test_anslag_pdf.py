"""The public PDF follows the facts: nothing about an anslag before it happens, the right dates after it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from groups.models import Membership
from meetings import services
from meetings.documents import rendering
from meetings.documents import selectors as document_selectors
from meetings.documents.models import DocumentJob
from meetings.models import Meeting
from tests.browser_support import pdftotext, wait_for_worker
from tests.factories.documents import protocol_meeting
from tests.factories.groups import OrganFactory, user_with_role
from tests.factories.meetings import meeting_with_signers


def _html(kind: str, meeting: Meeting) -> str:
    return rendering.build_input(kind=kind, meeting_id=meeting.pk, extract_id=None, params={}).html


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
    first = wait_for_worker(lambda: document_selectors.public_protocol_job(meeting=meeting))
    assert "tillkännagivits genom anslag" not in pdftotext(first.file.read())

    # Justerat Monday 1 December 2025, posted Wednesday 3 December: three weeks on is julafton, then juldagen,
    # annandag jul and the weekend, so the last day for överklagande is Monday 29 December 2025 and the notice
    # may come down on Tuesday 30 December (worked by hand).
    Meeting.objects.filter(pk=meeting.pk).update(justerat_at=timezone.make_aware(dt.datetime(2025, 12, 1, 15, 0)))
    with transaction.atomic():
        services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=dt.date(2025, 12, 3))

    def newest_with_dates() -> DocumentJob | None:
        job = document_selectors.public_protocol_job(meeting=meeting)
        return job if job and job.pk != first.pk else None

    public = wait_for_worker(newest_with_dates)
    text = pdftotext(public.file.read())
    assert "Justeringen har tillkännagivits genom anslag" in text
    assert "Datum då anslaget sätts upp 3 december 2025" in text
    assert "Datum då anslaget tas ned 30 december 2025" in text
    assert "Sista dag för överklagande 29 december 2025" in text
    archival = wait_for_worker(
        lambda: (
            DocumentJob.objects.filter(meeting=meeting, kind=DocumentJob.Kind.PROTOCOL, status=DocumentJob.Status.DONE)
            .order_by("-finished_at")
            .exclude(file="")
            .first()
            if DocumentJob.objects.filter(meeting=meeting, kind=DocumentJob.Kind.PROTOCOL).count() >= 2
            else None
        )
    )
    assert "Sista dag för överklagande 29 december 2025" in pdftotext(archival.file.read())


@pytest.mark.django_db
def test_a_posting_recorded_for_a_later_day_is_announced_as_coming_and_remade_on_that_day() -> None:
    organ = OrganFactory(name="Kommunstyrelsen", slug="ks-senare", kommunallagen_rules=True)
    meeting = protocol_meeting(organ=organ, paragraphs=2)
    later = timezone.localdate() + dt.timedelta(days=30)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ANSLAGET, posted_on=later)
    html = _html(DocumentJob.Kind.PUBLIC_PROTOCOL, meeting)
    assert "tillkännagivits genom anslag" not in html and "Sista dag för överklagande" not in html
    assert "Justeringen tillkännages på anslagstavlan den" in html
    assert services.anslag_documents_refresh(today=later - dt.timedelta(days=1)) == 0
    assert services.anslag_documents_refresh(today=later) == 1
