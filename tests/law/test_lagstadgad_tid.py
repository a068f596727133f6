"""Lag (1930:173) and Kommunallagen 13 kap. 5 § / 8 kap. 12 §, checked against dates worked out by hand.

Each row: the day the notice was posted, the last day for överklagande and the earliest take-down, worked out
from a calendar (Easter 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16, 2029-04-01, 2030-04-21; midsommardagen
the Saturday 20–26 June) with the reason the period moves. Nothing here is computed by the code under test.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from holidays.constants import DE_FACTO
from hypothesis import given
from hypothesis import strategies as st

from lgl_portal.law import kommunallagen, lagstadgad_tid

D = dt.date.fromisoformat

# posted on, sista dag för överklagande, tidigast nedtagning, why
HAND_WORKED = [
    ("2025-12-03", "2025-12-29", "2025-12-30", "julafton, juldagen, annandag jul, helg"),
    ("2026-12-12", "2027-01-04", "2027-01-05", "anslag en lördag; 2 jan lördag, 3 jan söndag"),
    ("2025-12-10", "2026-01-02", "2026-01-03", "nyårsafton, nyårsdagen"),
    ("2025-12-11", "2026-01-02", "2026-01-03", "nyårsdagen"),
    ("2025-12-16", "2026-01-07", "2026-01-08", "trettondedag jul (tisdag)"),
    ("2026-03-13", "2026-04-07", "2026-04-08", "långfredagen, påskafton, påskdagen, annandag påsk"),
    ("2026-03-16", "2026-04-07", "2026-04-08", "annandag påsk"),
    ("2026-04-10", "2026-05-04", "2026-05-05", "första maj (fredag) och helg"),
    ("2026-04-23", "2026-05-15", "2026-05-16", "Kristi himmelsfärdsdag"),
    ("2025-05-16", "2025-06-09", "2025-06-10", "nationaldagen (fredag), pingstdagen; annandag pingst är vardag"),
    ("2025-05-30", "2025-06-23", "2025-06-24", "midsommarafton, midsommardagen"),
    ("2026-05-29", "2026-06-22", "2026-06-23", "midsommarafton 2026"),
    ("2026-12-03", "2026-12-28", "2026-12-29", "julafton (torsdag)"),
    ("2026-12-10", "2027-01-04", "2027-01-05", "nyårsafton (torsdag), nyårsdagen (fredag), helg"),
    ("2026-02-02", "2026-02-23", "2026-02-24", "vanlig måndag"),
    ("2026-03-10", "2026-03-31", "2026-04-01", "månadsslut, vardag"),
    ("2026-02-07", "2026-03-02", "2026-03-03", "lördag vid månadsslut"),
    ("2026-08-09", "2026-08-31", "2026-09-01", "söndag"),
    ("2027-03-05", "2027-03-30", "2027-03-31", "långfredagen 2027"),
    ("2026-12-16", "2027-01-07", "2027-01-08", "trettondedag jul 2027 (onsdag)"),
    ("2027-04-15", "2027-05-07", "2027-05-08", "Kristi himmelsfärdsdag 2027"),
    ("2027-06-04", "2027-06-28", "2027-06-29", "midsommarafton 2027"),
    ("2027-12-03", "2027-12-27", "2027-12-28", "julafton (fredag), juldagen lördag"),
    ("2027-12-10", "2028-01-03", "2028-01-04", "nyårsafton (fredag), nyårsdagen lördag"),
    ("2028-03-24", "2028-04-18", "2028-04-19", "långfredagen 2028"),
    ("2028-04-10", "2028-05-02", "2028-05-03", "första maj (måndag)"),
    ("2028-05-04", "2028-05-26", "2028-05-27", "Kristi himmelsfärdsdag 2028"),
    ("2028-05-16", "2028-06-07", "2028-06-08", "nationaldagen (tisdag)"),
    ("2028-06-02", "2028-06-26", "2028-06-27", "midsommarafton 2028"),
    ("2028-12-03", "2028-12-27", "2028-12-28", "julafton söndag, juldagen, annandag jul"),
    ("2028-12-10", "2029-01-02", "2029-01-03", "nyårsafton söndag, nyårsdagen måndag"),
    ("2029-03-09", "2029-04-03", "2029-04-04", "långfredagen vid månadsslut, annandag påsk"),
    ("2029-04-19", "2029-05-11", "2029-05-12", "Kristi himmelsfärdsdag 2029"),
    ("2029-04-10", "2029-05-02", "2029-05-03", "första maj (tisdag)"),
    ("2029-05-16", "2029-06-07", "2029-06-08", "nationaldagen (onsdag)"),
    ("2029-06-01", "2029-06-25", "2029-06-26", "midsommarafton 2029"),
    ("2029-12-03", "2029-12-27", "2029-12-28", "julafton måndag"),
    ("2029-12-10", "2030-01-02", "2030-01-03", "nyårsafton måndag"),
    ("2030-03-29", "2030-04-23", "2030-04-24", "långfredagen 2030"),
    ("2030-04-10", "2030-05-02", "2030-05-03", "första maj (onsdag)"),
    ("2030-05-09", "2030-05-31", "2030-06-01", "Kristi himmelsfärdsdag 2030"),
    ("2030-05-16", "2030-06-07", "2030-06-08", "nationaldagen (torsdag)"),
    ("2030-05-31", "2030-06-24", "2030-06-25", "midsommarafton 2030"),
    ("2030-12-03", "2030-12-27", "2030-12-28", "julafton tisdag"),
    ("2030-12-10", "2031-01-02", "2031-01-03", "nyårsafton tisdag"),
    ("2025-03-28", "2025-04-22", "2025-04-23", "långfredagen 2025"),
    ("2025-04-10", "2025-05-02", "2025-05-03", "första maj (torsdag)"),
    ("2025-05-08", "2025-05-30", "2025-05-31", "Kristi himmelsfärdsdag 2025"),
    ("2024-12-16", "2025-01-07", "2025-01-08", "trettondedag jul 2025 (måndag)"),
    ("2026-10-10", "2026-11-02", "2026-11-03", "alla helgons dag (lördag) vid månadsslut"),
    ("2027-05-16", "2027-06-07", "2027-06-08", "nationaldagen söndag"),
    ("2027-04-10", "2027-05-03", "2027-05-04", "första maj lördag"),
    ("2026-12-05", "2026-12-28", "2026-12-29", "annandag jul lördag"),
    ("2028-02-08", "2028-02-29", "2028-03-01", "skottdagen, vardag"),
    ("2026-05-28", "2026-06-18", "2026-06-19", "torsdagen före midsommarafton är vardag"),
    ("2025-12-06", "2025-12-29", "2025-12-30", "dagen efter annandag jul är lördag"),
]


def test_the_table_covers_at_least_forty_dates_across_2025_to_2030() -> None:
    years = {D(last).year for _, last, _, _ in HAND_WORKED}
    assert len(HAND_WORKED) >= 40
    assert {2025, 2026, 2027, 2028, 2029, 2030} <= years


@pytest.mark.parametrize(("posted", "last", "take_down", "why"), HAND_WORKED, ids=[r[3] for r in HAND_WORKED])
def test_last_day_for_appeal_and_take_down_match_the_hand_worked_calendar(
    posted: str, last: str, take_down: str, why: str
) -> None:
    dates = kommunallagen.anslag_dates(D(posted))
    assert dates is not None
    assert (dates.last_appeal_day, dates.earliest_take_down) == (D(last), D(take_down)), why
    assert kommunallagen.appeal_last_day(D(posted)) == D(last)
    assert kommunallagen.earliest_take_down(D(posted)) == D(take_down)


# Every allmän helgdag 2025–2027 (Lag 1989:253) and the three eves named in 1930:173 1 §, by hand.
CLOSED_WEEKDAYS = [
    "2025-01-01", "2025-01-06", "2025-04-18", "2025-04-21", "2025-05-01", "2025-05-29", "2025-06-06",
    "2025-06-20", "2025-12-24", "2025-12-25", "2025-12-26", "2025-12-31",
    "2026-01-01", "2026-01-06", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-06-19",
    "2026-12-24", "2026-12-25", "2026-12-31",
    "2027-01-01", "2027-01-06", "2027-03-26", "2027-03-29", "2027-05-06", "2027-06-25", "2027-12-24",
    "2027-12-31",
]  # fmt: skip
OPEN_WEEKDAYS = ["2025-06-09", "2026-05-25", "2025-12-23", "2025-12-29", "2026-06-18", "2027-01-05", "2027-06-24"]


@pytest.mark.parametrize("day", CLOSED_WEEKDAYS)
def test_holidays_and_the_three_eves_are_not_days_a_period_may_end_on(day: str) -> None:
    assert lagstadgad_tid.is_closed_day(D(day))
    assert lagstadgad_tid.last_day(D(day)) > D(day)


@pytest.mark.parametrize("day", OPEN_WEEKDAYS)
def test_ordinary_weekdays_including_annandag_pingst_end_a_period(day: str) -> None:
    assert lagstadgad_tid.is_vardag(D(day))
    assert lagstadgad_tid.last_day(D(day)) == D(day)


def test_the_three_eves_are_the_ones_the_holiday_library_files_as_de_facto_holidays() -> None:
    # Cross-check our explicit eves against the library's own (DE_FACTO) list for the same years.
    for year in range(2025, 2031):
        de_facto = holidays.country_holidays("SE", years=year, categories=(DE_FACTO,))
        eves = {d for d in (dt.date(year, 6, 19) + dt.timedelta(days=i) for i in range(7)) if d.weekday() == 4}
        eves |= {dt.date(year, 12, 24), dt.date(year, 12, 31)}
        assert set(de_facto) == eves
        assert all(lagstadgad_tid.closed_day_name(d) for d in eves)


def _is_vardag_by_hand(day: dt.date) -> bool:
    # Independent of the module: the library's public holidays, weekends and the eves spelled out again here.
    public = holidays.country_holidays("SE", years=day.year)
    midsommarafton = next(d for d in (dt.date(day.year, 6, 19 + i) for i in range(7)) if d.weekday() == 4)
    eves = {midsommarafton, dt.date(day.year, 12, 24), dt.date(day.year, 12, 31)}
    return day.weekday() < 5 and day not in public and day not in eves


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_for_any_posting_date_the_last_day_is_the_first_vardag_from_three_weeks_on(posted: dt.date) -> None:
    last = kommunallagen.appeal_last_day(posted)
    assert last is not None
    nominal = posted + dt.timedelta(days=21)
    assert last >= nominal
    assert _is_vardag_by_hand(last)
    between = [nominal + dt.timedelta(days=i) for i in range((last - nominal).days)]
    assert not any(_is_vardag_by_hand(d) for d in between)
