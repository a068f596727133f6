"""meetings.rules: where a meeting keeps the facts the law's dates are computed from. Dates worked by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from groups.models import Organ
from meetings import rules
from meetings.models import Meeting, NoticePosting
from tests.factories.groups import OrganisationFactory
from tests.factories.meetings import meeting_with_signers

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    # Friday 13 March 2026.
    return meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary)


def _justerat(meeting: Meeting, day: str, posted: str | None = None) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.ANSLAGET if posted else Meeting.Status.JUSTERAT,
        justerat_at=timezone.make_aware(dt.datetime.fromisoformat(f"{day}T15:00")),
        posted_on=D(posted) if posted else None,
    )
    return Meeting.objects.select_related("organ").get(pk=meeting.pk)


def test_the_justering_deadline_is_the_organs_days_after_the_meeting(meeting: Meeting, organ: Organ) -> None:
    assert rules.justering_deadline(meeting) == D("2026-03-27")
    Organ.objects.filter(pk=organ.pk).update(justering_days=15)
    meeting = Meeting.objects.select_related("organ").get(pk=meeting.pk)
    assert rules.justering_deadline(meeting) == D("2026-03-30")  # 28 March is a Saturday


def test_a_meeting_left_as_planerat_after_the_deadline_is_flagged_late(meeting: Meeting) -> None:
    assert meeting.status == Meeting.Status.PLANERAT
    assert not rules.justering_overdue(meeting, today=D("2026-03-27"))
    assert rules.justering_overdue(meeting, today=D("2026-03-28"))
    css, label = rules.status_label(meeting, today=D("2026-03-28"))
    assert css == "badge-bad" and "försenad" in label


def test_the_status_never_says_anslaget_before_the_posting_date(meeting: Meeting) -> None:
    meeting = _justerat(meeting, "2026-12-10", posted="2026-12-12")
    css, label = rules.status_label(meeting, today=D("2026-12-11"))
    assert css == "badge-ok"
    assert label == "Justerat, anslås 12 december 2026"
    assert rules.status_label(meeting, today=D("2026-12-12"))[1] == "Anslaget"


def test_posting_late_counts_the_two_days_by_1930_173(meeting: Meeting) -> None:
    # Justerat Wednesday 23 December 2026: +2 is juldagen, then annandag (Saturday), Sunday: by Monday 28th.
    assert not rules.posted_late(_justerat(meeting, "2026-12-23", posted="2026-12-28"))
    assert rules.posted_late(_justerat(meeting, "2026-12-23", posted="2026-12-29"))


def test_for_a_shared_organ_the_clock_starts_on_the_last_partners_board(meeting: Meeting, organ: Organ) -> None:
    kalmar, borgholm = OrganisationFactory(name="Kalmar kommun"), OrganisationFactory(name="Borgholms kommun")
    organ.notice_boards.set([kalmar, borgholm])
    meeting = _justerat(meeting, "2026-03-02", posted="2026-03-02")
    assert rules.anslag_dates(meeting) is None  # the partners have not posted yet
    NoticePosting.objects.create(meeting=meeting, organisation=kalmar, posted_on=D("2026-03-03"))
    assert rules.anslag_dates(meeting) is None
    NoticePosting.objects.create(meeting=meeting, organisation=borgholm, posted_on=D("2026-03-04"))
    dates = rules.anslag_dates(meeting)
    assert dates is not None
    assert (dates.posted_on, dates.last_appeal_day, dates.earliest_take_down) == (
        D("2026-03-04"),
        D("2026-03-25"),
        D("2026-03-26"),
    )


def test_a_protocol_under_justering_waits_on_the_signers_list_with_its_deadline(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any, member: Any
) -> None:
    from meetings import selectors, services

    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    [waiting] = selectors.waiting_for_signer(user=adjuster, today=D("2026-03-28"))
    assert (waiting.meeting, waiting.kind, waiting.deadline, waiting.state) == (
        meeting,
        "justering",
        D("2026-03-27"),
        "late",
    )
    assert selectors.waiting_for_signer(user=member) == []
    services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)
    assert selectors.waiting_for_signer(user=adjuster) == []


def test_posting_a_shared_organs_notice_on_every_partners_board_sets_the_appeal_days_from_the_last(
    meeting: Meeting, organ: Organ, secretary: Any, chair: Any, adjuster: Any, client: Any
) -> None:
    from meetings import services

    Organ.objects.filter(pk=organ.pk).update(kommunallagen_rules=True)
    kalmar, borgholm = OrganisationFactory(name="Kalmar kommun"), OrganisationFactory(name="Borgholms kommun")
    organ.notice_boards.set([kalmar, borgholm])
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)
    Meeting.objects.filter(pk=meeting.pk).update(justerat_at=timezone.make_aware(dt.datetime(2025, 11, 28, 15)))
    # Own board and Kalmar Monday 1 December 2025, Borgholm Wednesday 3 December: three weeks from the 3rd is
    # julafton, then juldagen, annandag jul and the weekend, so the last day is 29 December and take-down the 30th.
    client.force_login(secretary)
    response = client.post(
        f"/moten/{meeting.pk}/anslag/",
        {
            "posted_on": "2025-12-01",
            f"board_{kalmar.pk}": "2025-12-01",
            f"board_{borgholm.pk}": "2025-12-03",
            "storage_place": "Kommunkansliet",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.select_related("organ").get(pk=meeting.pk)
    dates = rules.anslag_dates(meeting)
    assert dates is not None
    assert (dates.posted_on, dates.last_appeal_day) == (D("2025-12-03"), D("2025-12-29"))
    assert meeting.remove_on == D("2025-12-30")
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert "Anslaget hos Borgholms kommun" in page and "29 december 2025" in page
