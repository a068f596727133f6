"""The legal dates of one meeting: justering deadline, anslag, last day for överklagande, take-down.

The arithmetic is lgl_portal.law's (Lag 1930:173, Kommunallagen); this module only knows where a meeting keeps
its facts (the organ's rules and justering days, the posting on its own anslagstavla and on the partners').
Every output – the meeting page, the anslagstavla, the PDFs, the API, the reminders – asks here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from lgl_portal.core.dates import long_date
from lgl_portal.law import kommunallagen
from lgl_portal.law.deadlines import DeadlineState, deadline_state
from meetings.models import Meeting

NOT_JUSTERAT = (
    Meeting.Status.PLANERAT,
    Meeting.Status.KALLAT,
    Meeting.Status.GENOMFORT,
    Meeting.Status.UNDER_JUSTERING,
)


def appeal_last_day(posted_on: dt.date) -> dt.date:
    """Sista dag för överklagande for a notice posted on `posted_on` (13 kap. 5 §, 1930:173)."""
    last = kommunallagen.appeal_last_day(posted_on)
    assert last is not None  # a single known date always gives one
    return last


def earliest_removal(posted_on: dt.date) -> dt.date:
    """The notice may come down the day after the last day for laglighetsprövning (8 kap. 12 §)."""
    return appeal_last_day(posted_on) + dt.timedelta(days=1)


def justerat_on(meeting: Meeting) -> dt.date | None:
    return timezone.localtime(meeting.justerat_at).date() if meeting.justerat_at else None


def posting_deadline(meeting: Meeting) -> dt.date | None:
    """The last day to post the notice of justering (8 kap. 12 §), once the protocol is justerat."""
    day = justerat_on(meeting)
    return kommunallagen.posting_deadline(day) if day else None


def posted_late(meeting: Meeting) -> bool:
    """Posted later than the second day after justering (Kommunallagen 8 kap. 12 §, with 1930:173)."""
    day = justerat_on(meeting)
    if not (meeting.posted_on and day):
        return False
    return kommunallagen.is_posted_late(justerat_on=day, posted_on=meeting.posted_on)


def postings(meeting: Meeting) -> list[dt.date | None]:
    """The posting on the organ's own anslagstavla and on every partner's (None where it has not happened).

    Reads `meeting.organ.notice_boards` and `meeting.notice_postings`; list views prefetch both.
    """
    by_board = {p.organisation_id: p.posted_on for p in meeting.notice_postings.all()}
    return [meeting.posted_on, *(by_board.get(board.pk) for board in meeting.organ.notice_boards.all())]


def anslag_dates(meeting: Meeting) -> kommunallagen.AnslagDates | None:
    """Posting (the latest of all boards), last day for överklagande and earliest take-down; None until all known."""
    if not meeting.posted_on:
        return None
    return kommunallagen.anslag_dates(postings(meeting))


def justering_deadline(meeting: Meeting) -> dt.date:
    return kommunallagen.justering_deadline(meeting.date, days=meeting.organ.justering_days)


def justering_state(meeting: Meeting, *, today: dt.date | None = None) -> DeadlineState:
    """Open, soon, due today or late ("försenad"), whatever status the meeting was left in; done once justerat."""
    today = today or timezone.localdate()
    if meeting.date >= today and meeting.status in NOT_JUSTERAT:
        return DeadlineState.OPEN
    return deadline_state(
        due=justering_deadline(meeting),
        today=today,
        warn_days=settings.LGL_JUSTERING_REMIND_DAYS_AHEAD,
        done=meeting.status not in NOT_JUSTERAT,
    )


def justering_overdue(meeting: Meeting, *, today: dt.date | None = None) -> bool:
    return justering_state(meeting, today=today) == DeadlineState.LATE


def status_label(meeting: Meeting, *, today: dt.date | None = None) -> tuple[str, str]:
    """The status as the facts say it, with a badge class: never "Anslaget" before the posting date, and a held
    meeting past its justering deadline says so whatever status it was left in."""
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    if meeting.status == Meeting.Status.ANSLAGET and meeting.posted_on and meeting.posted_on > today:
        return "badge-ok", _("Justerat, anslås %(date)s") % {"date": _swedish(meeting.posted_on)}
    if meeting.status in NOT_JUSTERAT and justering_overdue(meeting, today=today):
        return "badge-bad", _("%(status)s – justeringen är försenad") % {"status": meeting.get_status_display()}
    if meeting.status in (Meeting.Status.ANSLAGET, Meeting.Status.JUSTERAT):
        return "badge-ok", str(meeting.get_status_display())
    if meeting.status == Meeting.Status.UNDER_JUSTERING:
        return "badge-warn", str(meeting.get_status_display())
    return "badge-info", str(meeting.get_status_display())


def _swedish(day: dt.date) -> str:
    return long_date(day)
