from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from decisions.models import Decision
from decisions.ratification import demo as ratification_demo
from decisions.ratification.models import AssemblyDecision
from decisions.ratification.selectors import State, case_status
from decisions.ratification.tasks import remind_pending_assemblies
from groups import demo as groups_demo
from tests.factories.ratification import case_with_principals, rows_of

pytestmark = pytest.mark.django_db


def test_the_demo_case_has_all_thirteen_kalmar_principals_and_is_valid_from_2_october() -> None:
    groups_demo.load()
    lgl_organ = groups_demo.Organ.objects.get(slug="lgl")
    seed_decision = Decision.objects.create(
        organ=groups_demo.Organ.objects.get(slug="fullmaktige-kalmar-kommun"),
        decided_on=dt.date(2023, 9, 25),
        title=ratification_demo.TITLE,
        diarienummer="KS 2023/0539",
        paragraph_label="§ 157/23",
    )
    case = ratification_demo.load()
    assert case is not None and case.sending_organ == lgl_organ
    status = case_status(case)
    assert (status.state, status.total, status.decided) == (State.GALLER, 13, 13)
    assert status.valid_from == dt.date(2023, 10, 2)
    kalmar = AssemblyDecision.objects.get(case=case, organisation__slug="kalmar-kommun")
    assert (kalmar.decided_on, kalmar.paragraph_label, kalmar.case_number) == (
        dt.date(2023, 9, 25),
        "§ 157/23",
        "KS 2023/0539",
    )
    others = AssemblyDecision.objects.filter(case=case).exclude(organisation__slug="kalmar-kommun")
    assert set(others.values_list("paragraph_label", flat=True)) == {""}
    assert others.filter(decided_on__month=9, decided_on__year=2023, organisation__kind="kommun").count() == 11
    seed_decision.refresh_from_db()
    assert seed_decision.ratification_condition.case == case
    assert ratification_demo.load() == case
    assert AssemblyDecision.objects.filter(case=case).count() == 13


def test_the_beat_task_sends_reminders_through_the_service(
    settings: Any, mailoutbox: list, mail_at_commit: Any
) -> None:
    settings.LGL_RATIFICATION_REMINDER_DAYS = 10_000
    case = case_with_principals(2)
    case.deadline = dt.date.today() + dt.timedelta(days=3)
    case.save()
    with mail_at_commit():
        assert remind_pending_assemblies() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.organisation.contact_email for r in rows_of(case))
    assert remind_pending_assemblies() == 0
