"""The periods of Kommunallagen (2017:725) that the portal shows, each counted under Lag (1930:173).

- 5 kap. 69 § (and the organ's own rule for bodies outside the law): the protocol is justerat within 14 days
  of the meeting; the organ may set another number.
- 8 kap. 12 §: the justering is announced on the anslagstavla no later than two days after the justering, and
  the notice stays up until the time for laglighetsprövning has run out, so it may come down the day after
  the last day for överklagande and not before.
- 13 kap. 5 §: an appeal must arrive within three weeks from the day the notice was posted. For an organ shared
  by several principals (gemensam nämnd, samverkansorgan) the notice goes up on each partner's anslagstavla and
  the clock starts when it is up on the last of them.
- Laga kraft: with no appeal, the decision can gain legal force at the earliest the day after the last day for
  överklagande of the latest posting; unknown until every posting date is known, and never once appealed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lgl_portal.law.lagstadgad_tid import period_end

__all__ = [
    "APPEAL_WEEKS",
    "JUSTERING_DAYS",
    "JUSTERING_WARN_DAYS",
    "POSTING_DAYS",
    "AnslagDates",
    "anslag_dates",
    "appeal_clock_start",
    "appeal_last_day",
    "earliest_take_down",
    "is_posted_late",
    "justering_deadline",
    "justering_warning_day",
    "laga_kraft_earliest",
    "posting_deadline",
]

POSTING_DAYS = 2  # 8 kap. 12 §
APPEAL_WEEKS = 3  # 13 kap. 5 §
JUSTERING_DAYS = 14  # 5 kap. 69 §; the organ's rule when it has one
JUSTERING_WARN_DAYS = 4  # how long before the justering deadline the signers are reminded by default

Postings = dt.date | None | Iterable[dt.date | None]


def posting_deadline(justerat_on: dt.date) -> dt.date:
    """The last day to post the notice of justering (8 kap. 12 §: "senast två dagar efter justeringen")."""
    return period_end(justerat_on, days=POSTING_DAYS)


def is_posted_late(*, justerat_on: dt.date, posted_on: dt.date) -> bool:
    return posted_on > posting_deadline(justerat_on)


def appeal_clock_start(postings: Postings) -> dt.date | None:
    """The day the appeal period starts: the posting, or the latest of several (shared organs); None if unknown."""
    if postings is None or isinstance(postings, dt.date):
        return postings
    days = list(postings)
    if not days or any(d is None for d in days):
        return None
    return max(days)  # type: ignore[type-var]


def appeal_last_day(postings: Postings) -> dt.date | None:
    """Sista dag för överklagande: three weeks from the (last) posting day, moved past closed days (1930:173)."""
    start = appeal_clock_start(postings)
    return period_end(start, weeks=APPEAL_WEEKS) if start else None


def earliest_take_down(postings: Postings) -> dt.date | None:
    """The notice stays up until the appeal time has run out, so the earliest take-down is the day after."""
    last = appeal_last_day(postings)
    return last + dt.timedelta(days=1) if last else None


def laga_kraft_earliest(postings: Postings, *, appealed: bool = False) -> dt.date | None:
    """ "Kan vinna laga kraft tidigast": the day after the last appeal day; None if appealed or a posting unknown."""
    if appealed:
        return None
    return earliest_take_down(postings)


@dataclass(frozen=True)
class AnslagDates:
    posted_on: dt.date
    last_appeal_day: dt.date
    earliest_take_down: dt.date


def anslag_dates(postings: Postings) -> AnslagDates | None:
    """Posting, last day for överklagande and earliest take-down together, as every output prints them."""
    start = appeal_clock_start(postings)
    if start is None:
        return None
    last = period_end(start, weeks=APPEAL_WEEKS)
    return AnslagDates(posted_on=start, last_appeal_day=last, earliest_take_down=last + dt.timedelta(days=1))


def justering_deadline(meeting_date: dt.date, *, days: int = JUSTERING_DAYS) -> dt.date:
    """The last day to justera the protocol: `days` after the meeting, moved past closed days (1930:173)."""
    return period_end(meeting_date, days=days)


def justering_warning_day(
    meeting_date: dt.date, *, days: int = JUSTERING_DAYS, warn_days: int = JUSTERING_WARN_DAYS
) -> dt.date:
    """The day the secretary and the justerare are first reminded: `warn_days` before the deadline."""
    return justering_deadline(meeting_date, days=days) - dt.timedelta(days=warn_days)
