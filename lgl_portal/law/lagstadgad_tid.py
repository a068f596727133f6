"""Lag (1930:173) om beräkning av lagstadgad tid.

1 §: when a period set by law ends on a Saturday, Sunday or other allmän helgdag, or on midsommarafton,
julafton or nyårsafton, the act may still be done on the next vardag (weekday that is none of these).

The allmänna helgdagar (Lag (1989:253) om allmänna helgdagar) come from the `holidays` library, pinned in
requirements.lock, PUBLIC category only. Its PUBLIC category does not include the three eves (it files them as
DE_FACTO), and its DE_FACTO category may grow beyond what 1930:173 names, so the eves are added here, exactly
as 1930:173 lists them.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays
from holidays.constants import PUBLIC

__all__ = ["closed_day_name", "is_closed_day", "is_vardag", "last_day", "period_end"]


def _midsommarafton(year: int) -> dt.date:
    # Midsommardagen is the Saturday between 20 and 26 June (1989:253 2 §); midsommarafton is the Friday before.
    return next(dt.date(year, 6, d) for d in range(19, 26) if dt.date(year, 6, d).weekday() == 4)


@functools.cache
def _closed_days(year: int) -> dict[dt.date, str]:
    """Allmänna helgdagar of the year plus the three eves of 1930:173 1 §; Saturdays and Sundays are tested apart."""
    days: dict[dt.date, str] = dict(holidays.country_holidays("SE", years=year, categories=(PUBLIC,), language="sv"))
    days[_midsommarafton(year)] = "Midsommarafton"
    days[dt.date(year, 12, 24)] = "Julafton"
    days[dt.date(year, 12, 31)] = "Nyårsafton"
    return days


def closed_day_name(day: dt.date) -> str | None:
    """Why a period may not end on `day` under 1930:173 ("Lördag", "Juldagen", "Julafton" …), or None."""
    name = _closed_days(day.year).get(day)
    if name:
        return name
    if day.weekday() == 5:
        return "Lördag"
    if day.weekday() == 6:
        return "Söndag"
    return None


def is_closed_day(day: dt.date) -> bool:
    return closed_day_name(day) is not None


def is_vardag(day: dt.date) -> bool:
    return not is_closed_day(day)


def last_day(nominal: dt.date) -> dt.date:
    """The day a period nominally ending on `nominal` really ends: `nominal`, or the next vardag after it."""
    day = nominal
    while is_closed_day(day):
        day += dt.timedelta(days=1)
    return day


def period_end(start: dt.date, *, days: int = 0, weeks: int = 0) -> dt.date:
    """A period of `days`/`weeks` counted from `start` (the start day itself not counted), moved by 1 §."""
    return last_day(start + dt.timedelta(days=days, weeks=weeks))
