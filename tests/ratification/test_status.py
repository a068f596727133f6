"""case_status(): validity over every mix of outcomes and missing dates (rows in memory, no database)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from decisions.ratification.models import AssemblyDecision, RatificationCase
from decisions.ratification.selectors import State, case_status
from groups.models import Organisation

Outcome = AssemblyDecision.Outcome
OUTCOMES = ["", Outcome.BIFALL, Outcome.BIFALL_MED_ANDRING, Outcome.AVSLAG, Outcome.ATERREMISS, Outcome.EJ_BEHANDLAT]
D1, D2, D3 = dt.date(2023, 9, 18), dt.date(2023, 9, 25), dt.date(2023, 10, 2)


def row(name: str, outcome: str = "", decided_on: dt.date | None = None, **kw: object) -> AssemblyDecision:
    return AssemblyDecision(organisation=Organisation(name=name), outcome=outcome, decided_on=decided_on, **kw)


def status(*rows: AssemblyDecision):
    return case_status(RatificationCase(title="x"), list(rows))


def test_a_case_where_every_assembly_said_bifall_is_valid_from_the_latest_decision() -> None:
    s = status(row("A", Outcome.BIFALL, D1), row("B", Outcome.BIFALL, D3), row("C", Outcome.BIFALL, D2))
    assert s.state == State.GALLER
    assert s.valid_from == D3
    assert (s.decided, s.approved, s.total) == (3, 3, 3)
    assert s.legally_binding_from is None


def test_laga_kraft_is_the_day_after_the_last_appeal_day_of_the_latest_posting_when_all_are_known() -> None:
    # Issue 14: 5 October + three weeks = 26 October is the last day for överklagande; laga kraft is the day after.
    s = status(
        row("A", Outcome.BIFALL, D1, justerat_on=D1, posted_on=dt.date(2023, 9, 20)),
        row("B", Outcome.BIFALL, D3, justerat_on=D3, posted_on=dt.date(2023, 10, 5)),
    )
    assert s.legally_binding_from == dt.date(2023, 10, 27)


def test_one_missing_posting_date_leaves_laga_kraft_unknown() -> None:
    s = status(row("A", Outcome.BIFALL, D1, posted_on=D2), row("B", Outcome.BIFALL, D3))
    assert s.state == State.GALLER
    assert s.legally_binding_from is None


def test_twelve_of_thirteen_is_under_way_with_the_missing_one_named() -> None:
    rows = [row(f"K{i}", Outcome.BIFALL, D1) for i in range(12)] + [row("Regionen")]
    s = status(*rows)
    assert s.state == State.PAGAR
    assert (s.decided, s.total) == (12, 13)
    assert [r.organisation.name for r in s.missing] == ["Regionen"]


@pytest.mark.parametrize("blocking", [Outcome.AVSLAG, Outcome.ATERREMISS])
def test_avslag_or_aterremiss_blocks_and_says_who_holds_it(blocking: str) -> None:
    s = status(row("A", Outcome.BIFALL, D1), row("B", blocking, D2), row("C"))
    assert s.state == State.BLOCKERAT
    assert [r.organisation.name for r in s.blocked_by] == ["B"]
    assert s.valid_from is None


def test_bifall_med_andring_is_flagged_for_review_and_does_not_count_until_confirmed() -> None:
    changed = row("B", Outcome.BIFALL_MED_ANDRING, D2)
    s = status(row("A", Outcome.BIFALL, D1), changed)
    assert s.state == State.GRANSKAS
    assert s.needs_review == [changed]
    assert s.approved == 1
    changed.change_confirmed_at = timezone.now()
    s = status(row("A", Outcome.BIFALL, D1), changed)
    assert s.state == State.GALLER
    assert s.valid_from == D2


def test_ej_behandlat_is_not_a_decision() -> None:
    s = status(row("A", Outcome.BIFALL, D1), row("B", Outcome.EJ_BEHANDLAT))
    assert s.state == State.PAGAR
    assert s.decided == 1


def test_a_bifall_without_a_date_does_not_make_the_case_valid() -> None:
    s = status(row("A", Outcome.BIFALL, D1), row("B", Outcome.BIFALL, None))
    assert s.state == State.PAGAR
    assert s.decided == 1
    assert [r.organisation.name for r in s.missing] == ["B"]


def test_rows_taken_off_the_required_list_do_not_count() -> None:
    removed = row("B", Outcome.AVSLAG, D1, removed_at=timezone.now())
    s = status(row("A", Outcome.BIFALL, D2), removed)
    assert s.state == State.GALLER
    assert s.total == 1


def test_a_case_without_required_assemblies_is_never_valid() -> None:
    assert status().state == State.TOMT


@pytest.mark.parametrize(
    "combo", list(itertools.product(itertools.product(OUTCOMES, [True, False]), repeat=2)), ids=str
)
def test_every_mix_of_two_outcomes_with_and_without_dates_follows_the_rule(combo: tuple) -> None:
    rows = [
        row(f"R{i}", outcome, D1 if i == 0 else D2 if has_date else None) if has_date else row(f"R{i}", outcome)
        for i, (outcome, has_date) in enumerate(combo)
    ]
    s = status(*rows)
    blocking = [r for r in rows if r.outcome in (Outcome.AVSLAG, Outcome.ATERREMISS)]
    approving = [r for r in rows if r.outcome == Outcome.BIFALL and r.decided_on]
    if blocking:
        assert s.state == State.BLOCKERAT
        assert s.blocked_by == blocking
    elif len(approving) == len(rows):
        assert s.state == State.GALLER
        assert s.valid_from == max(r.decided_on for r in rows)
    else:
        assert s.state in (State.PAGAR, State.GRANSKAS)
        assert s.valid_from is None
    assert s.decided == sum(1 for r in rows if r.outcome not in ("", Outcome.EJ_BEHANDLAT) and r.decided_on)
    assert len(s.missing) + len(s.blocked_by) + len(s.needs_review) + s.approved == s.total
