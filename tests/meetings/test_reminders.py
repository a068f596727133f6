"""Reminders before the justering deadline, run through the beat task against a fixed clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail

from groups.models import Organ
from meetings.models import Meeting
from meetings.tasks import remind_justering_deadlines
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = pytest.mark.django_db

# Meeting Thursday 2026-12-10, 14 days: nominally 2026-12-24 (julafton), then juldagen, annandag jul (Saturday)
# and Sunday, so the deadline is Monday 2026-12-28; four days ahead is 2026-12-24. Worked out by hand.
MEETING = dt.date(2026, 12, 10)
REMINDER_DAYS = ["2026-12-24", "2026-12-28"]
QUIET_DAYS = ["2026-12-10", "2026-12-11", "2026-12-21", "2026-12-23", "2026-12-25", "2026-12-27", "2026-12-29"]


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    return meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, date=MEETING)


def test_the_beat_schedule_runs_the_justering_reminder_daily() -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "meetings.tasks.remind_justering_deadlines" in tasks


@pytest.mark.parametrize("today", QUIET_DAYS)
def test_no_reminder_on_other_days(meeting: Meeting, today: str) -> None:
    assert remind_justering_deadlines.apply(kwargs={"today": today}).get() == 0


@pytest.mark.parametrize("today", REMINDER_DAYS)
def test_the_secretary_the_chair_and_the_justerare_are_reminded_before_and_on_the_deadline_by_email(
    meeting: Meeting,
    secretary: Any,
    chair: Any,
    adjuster: Any,
    today: str,
    mail_at_commit: Any,
) -> None:
    with mail_at_commit():
        assert remind_justering_deadlines.apply(kwargs={"today": today}).get() == 1
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == sorted(person_of(u).email for u in (secretary, chair, adjuster))
    assert all("2026-12-28" in m.subject or "i dag" in m.subject for m in mail.outbox)
    assert all("2026-12-28" in m.body and person_of(adjuster).name in m.body for m in mail.outbox)
    # Run twice the same day (a retried beat): nobody hears it again.
    assert remind_justering_deadlines.apply(kwargs={"today": today}).get() == 0


def test_a_meeting_still_marked_planerat_is_reminded_like_any_other(meeting: Meeting) -> None:
    assert meeting.status == Meeting.Status.PLANERAT
    assert remind_justering_deadlines.apply(kwargs={"today": "2026-12-24"}).get() == 1


def test_a_justerat_meeting_is_not_reminded(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.JUSTERAT)
    assert remind_justering_deadlines.apply(kwargs={"today": "2026-12-24"}).get() == 0


def test_the_organs_own_rule_moves_the_deadline(meeting: Meeting, organ: Organ) -> None:
    # 10 days: 2026-12-20 is a Sunday, so the deadline is Monday 2026-12-21 and the reminder 2026-12-17.
    Organ.objects.filter(pk=organ.pk).update(justering_days=10)
    assert remind_justering_deadlines.apply(kwargs={"today": "2026-12-24"}).get() == 0
    assert remind_justering_deadlines.apply(kwargs={"today": "2026-12-17"}).get() == 1
