"""When a ratified joint decision can gain legal force: the day after the last day for överklagande of the
latest posting (Kommunallagen 13 kap. 5 §, Lag 1930:173), only when every posting is known and none appealed.
Dates worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from decisions.ratification.models import AssemblyDecision, RatificationCase
from decisions.ratification.selectors import State, case_status
from groups.models import Organisation
from tests.factories.ratification import case_with_principals, register, rows_of

Outcome = AssemblyDecision.Outcome
D = dt.date.fromisoformat


def row(name: str, posted: str | None, **kw: object) -> AssemblyDecision:
    return AssemblyDecision(
        organisation=Organisation(name=name),
        outcome=Outcome.BIFALL,
        decided_on=D("2023-09-18"),
        posted_on=D(posted) if posted else None,
        **kw,
    )


def status(*rows: AssemblyDecision):
    return case_status(RatificationCase(title="x"), list(rows))


def test_laga_kraft_is_the_day_after_the_last_appeal_day_of_the_latest_posting() -> None:
    # Latest posting Thursday 5 October 2023: last day Thursday 26 October, so laga kraft 27 October.
    s = status(row("A", "2023-09-20"), row("B", "2023-10-05"))
    assert s.state == State.GALLER
    assert s.legally_binding_from == D("2023-10-27")


def test_laga_kraft_moves_past_christmas() -> None:
    # Posted 3 December 2025: three weeks is julafton, then juldagen, annandag, weekend: last day 29 December.
    assert status(row("A", "2025-12-03")).legally_binding_from == D("2025-12-30")


def test_an_appeal_stops_laga_kraft() -> None:
    s = status(row("A", "2023-09-20"), row("B", "2023-10-05", appealed_on=D("2023-10-20")))
    assert s.state == State.GALLER
    assert s.legally_binding_from is None
    assert s.appealed


@pytest.mark.django_db
def test_recording_an_appeal_through_the_registration_stops_laga_kraft_and_a_day_list_keeps_it() -> None:
    case = case_with_principals(2)
    rows = rows_of(case)
    for r in rows:
        register(r, justerat_on=D("2023-10-02"), posted_on=D("2023-10-05"))
    assert case_status(case).legally_binding_from == D("2023-10-27")
    with pytest.raises(ValidationError) as exc:
        register(
            rows[0],
            justerat_on=D("2023-10-02"),
            posted_on=D("2023-10-05"),
            appealed_on=D("2023-10-04"),
            record_appeal=True,
        )
    assert "appealed_on" in exc.value.message_dict
    register(
        rows[0], justerat_on=D("2023-10-02"), posted_on=D("2023-10-05"), appealed_on=D("2023-10-20"), record_appeal=True
    )
    status = case_status(case)
    assert status.appealed and status.legally_binding_from is None
    # A registration that does not carry the appeal (the day list) leaves it as recorded.
    register(rows[0], justerat_on=D("2023-10-02"), posted_on=D("2023-10-05"), paragraph_label="§ 9")
    rows[0].refresh_from_db()
    assert rows[0].appealed_on == D("2023-10-20")
