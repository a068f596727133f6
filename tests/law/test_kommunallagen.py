"""Kommunallagen's periods (8:12, 13:5, 5:69, laga kraft) and the shared due-date states, with hand-worked dates."""

from __future__ import annotations

import datetime as dt

import pytest

from lgl_portal.law import kommunallagen
from lgl_portal.law.deadlines import DeadlineState, deadline_state, is_reminder_day

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("justerat", "deadline"),
    [
        ("2026-03-10", "2026-03-12"),  # tisdag → torsdag
        ("2026-12-23", "2026-12-28"),  # juldagen, lördag, söndag
        ("2026-06-18", "2026-06-22"),  # midsommardagen (lördag), söndag
        ("2025-12-29", "2026-01-02"),  # nyårsafton, nyårsdagen
    ],
)
def test_the_notice_of_justering_is_due_the_second_day_after_justering_moved_past_closed_days(
    justerat: str, deadline: str
) -> None:
    expected = D(deadline)
    assert kommunallagen.posting_deadline(D(justerat)) == expected
    assert not kommunallagen.is_posted_late(justerat_on=D(justerat), posted_on=expected)
    assert kommunallagen.is_posted_late(justerat_on=D(justerat), posted_on=expected + dt.timedelta(days=1))


def test_for_a_shared_organ_the_appeal_clock_starts_on_the_last_anslagstavla() -> None:
    postings = [D("2026-03-02"), D("2026-03-04"), D("2026-03-03")]
    dates = kommunallagen.anslag_dates(postings)
    assert dates == kommunallagen.AnslagDates(
        posted_on=D("2026-03-04"), last_appeal_day=D("2026-03-25"), earliest_take_down=D("2026-03-26")
    )


def test_nothing_is_computed_while_one_partner_has_not_posted() -> None:
    postings = [D("2026-03-02"), None]
    assert kommunallagen.anslag_dates(postings) is None
    assert kommunallagen.appeal_last_day(postings) is None
    assert kommunallagen.laga_kraft_earliest(postings) is None
    assert kommunallagen.laga_kraft_earliest([]) is None


def test_laga_kraft_is_the_day_after_the_last_appeal_day_of_the_latest_posting() -> None:
    # Latest posting 2025-12-03: last appeal day 2025-12-29 (julafton, jul, helg), so laga kraft 2025-12-30.
    assert kommunallagen.laga_kraft_earliest([D("2025-12-01"), D("2025-12-03")]) == D("2025-12-30")


def test_an_appeal_stops_laga_kraft() -> None:
    assert kommunallagen.laga_kraft_earliest([D("2025-12-03")], appealed=True) is None


@pytest.mark.parametrize(
    ("meeting", "days", "deadline", "warning"),
    [
        ("2026-03-02", 14, "2026-03-16", "2026-03-12"),  # måndag + 14 = måndag
        ("2026-12-10", 14, "2026-12-28", "2026-12-24"),  # julafton, juldagen, annandag (lördag), söndag
        ("2026-05-21", 14, "2026-06-04", "2026-05-31"),  # torsdag + 14 = torsdag
        ("2026-06-05", 14, "2026-06-22", "2026-06-18"),  # midsommarafton 19 juni, helg
        ("2026-03-02", 10, "2026-03-12", "2026-03-08"),  # the organ's own rule
    ],
)
def test_the_justering_deadline_follows_the_organs_rule_and_1930_173(
    meeting: str, days: int, deadline: str, warning: str
) -> None:
    assert kommunallagen.justering_deadline(D(meeting), days=days) == D(deadline)
    assert kommunallagen.justering_warning_day(D(meeting), days=days, warn_days=4) == D(warning)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        ("2026-03-01", DeadlineState.OPEN),
        ("2026-03-06", DeadlineState.SOON),
        ("2026-03-10", DeadlineState.TODAY),
        ("2026-03-11", DeadlineState.LATE),
    ],
)
def test_a_due_date_is_open_then_soon_then_today_then_late(today: str, state: DeadlineState) -> None:
    assert deadline_state(due=D("2026-03-10"), today=D(today), warn_days=4) == state


def test_a_done_task_is_never_late() -> None:
    assert deadline_state(due=D("2026-03-10"), today=D("2026-04-01"), warn_days=4, done=True) == DeadlineState.DONE


def test_reminders_go_out_warn_days_before_and_on_the_due_date() -> None:
    due = D("2026-03-10")
    days = [due + dt.timedelta(days=i) for i in range(-10, 3)]
    assert [d for d in days if is_reminder_day(due=due, today=d, warn_days=4)] == [D("2026-03-06"), due]
