"""The demo's dates make sense: no meeting on a holiday or its eve, 2023 history stamped in 2023."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from meetings.demo import next_meeting_day

# Swedish public holidays and eves, from the calendar (not from the holidays package the code uses).
CHRISTMAS_2026 = [dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2026, 12, 26), dt.date(2026, 12, 31)]


def test_the_upcoming_demo_meeting_never_falls_on_juldagen_or_another_holiday() -> None:
    # 30 November 2026 + three weeks is Monday 21 December: the next Friday is juldagen, the one after
    # nyårsafton; the first working Friday is 8 January 2027 (trettondedag jul is Wednesday the 6th).
    assert next_meeting_day(dt.date(2026, 11, 30)) == dt.date(2027, 1, 8)
    # Långfredagen 2027 is 26 March: three weeks before 5 March lands on it; the next Friday is 2 April.
    assert next_meeting_day(dt.date(2027, 3, 5)) == dt.date(2027, 4, 2)
    # An ordinary Friday stays.
    assert next_meeting_day(dt.date(2026, 9, 1)) == dt.date(2026, 9, 25)
    for start in (dt.date(2026, 11, 25) + dt.timedelta(days=n) for n in range(20)):
        assert next_meeting_day(start) not in CHRISTMAS_2026


@pytest.mark.django_db
def test_the_2023_history_carries_2023_timestamps() -> None:
    from decisions.ratification.models import CaseEvent
    from meetings.models import ItemRevision, Meeting

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seed = Meeting.objects.get(organ__slug="lgl", date=dt.date(2023, 9, 29))
    assert seed.created_at.year == 2023 and seed.justerat_at.year == 2023
    assert {r.created_at.year for r in ItemRevision.objects.filter(item__meeting=seed)} == {2023}
    years = {e.at.year for e in CaseEvent.objects.all()}
    assert years == {2023}
