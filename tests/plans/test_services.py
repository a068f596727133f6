from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from groups.models import Organ
from lgl_portal.audit.models import AuditEntry
from meetings.models import AgendaItem, Meeting
from plans import services
from plans.models import Measurement, Milestone, WorkStatus, WorkstreamStatusChange
from tests.factories.groups import OrganisationFactory, PersonFactory
from tests.factories.plans import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    MilestoneFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def test_a_status_change_records_who_when_old_new_and_the_comment(organ: Organ, secretary: Any) -> None:
    ws = WorkstreamFactory(plan__owner_organ=organ)
    change = services.workstream_status_change(
        acting_user=secretary, workstream=ws, status=WorkStatus.FORSENAD, progress=40, comment="Väntar på data."
    )
    ws.refresh_from_db()
    assert (ws.status, ws.progress) == (WorkStatus.FORSENAD, 40)
    assert (change.old_status, change.new_status, change.old_progress, change.new_progress) == (
        WorkStatus.EJ_PABORJAD,
        WorkStatus.FORSENAD,
        0,
        40,
    )
    assert change.changed_by == secretary
    assert change.comment == "Väntar på data."
    entry = AuditEntry.objects.get(action="workstream.status_change")
    assert entry.changes["status"] == [WorkStatus.EJ_PABORJAD, WorkStatus.FORSENAD]


def test_a_status_change_without_a_comment_is_refused_and_nothing_changes(organ: Organ, secretary: Any) -> None:
    ws = WorkstreamFactory(plan__owner_organ=organ)
    with pytest.raises(ValidationError) as exc:
        services.workstream_status_change(acting_user=secretary, workstream=ws, status=WorkStatus.PAGAR, comment=" ")
    assert "comment" in exc.value.message_dict
    ws.refresh_from_db()
    assert ws.status == WorkStatus.EJ_PABORJAD
    assert not WorkstreamStatusChange.objects.exists()


def test_progress_outside_zero_to_hundred_is_refused(organ: Organ, secretary: Any) -> None:
    ws = WorkstreamFactory(plan__owner_organ=organ)
    with pytest.raises(ValidationError) as exc:
        services.workstream_status_change(
            acting_user=secretary, workstream=ws, status=WorkStatus.PAGAR, progress=120, comment="x"
        )
    assert "progress" in exc.value.message_dict


def test_marking_a_workstream_done_sets_progress_to_hundred(organ: Organ, secretary: Any) -> None:
    ws = WorkstreamFactory(plan__owner_organ=organ)
    services.workstream_status_change(acting_user=secretary, workstream=ws, status=WorkStatus.KLAR, comment="Klart.")
    ws.refresh_from_db()
    assert ws.progress == 100


def test_a_change_that_changes_nothing_is_refused(organ: Organ, secretary: Any) -> None:
    ws = WorkstreamFactory(plan__owner_organ=organ)
    with pytest.raises(ValidationError):
        services.workstream_status_change(
            acting_user=secretary, workstream=ws, status=WorkStatus.EJ_PABORJAD, comment="Ingen ändring"
        )


def test_overdue_milestones_are_marked_delayed_but_done_ones_are_not(organ: Organ) -> None:
    ws = WorkstreamFactory(plan__owner_organ=organ)
    late = MilestoneFactory(workstream=ws, due_date=dt.date(2024, 1, 1), status=WorkStatus.PAGAR)
    done = MilestoneFactory(workstream=ws, due_date=dt.date(2024, 1, 1), status=WorkStatus.KLAR)
    future = MilestoneFactory(workstream=ws, due_date=dt.date(2030, 1, 1))
    assert services.milestones_mark_overdue(acting_user=None, today=dt.date(2024, 6, 1)) == 1
    statuses = dict(Milestone.objects.values_list("pk", "status"))
    assert statuses == {late.pk: WorkStatus.FORSENAD, done.pk: WorkStatus.KLAR, future.pk: WorkStatus.EJ_PABORJAD}


def test_a_report_to_lgl_keeps_the_plan_as_it_stood_that_day(organ: Organ, secretary: Any) -> None:
    group = ActionPlanFactory(organ__parent=organ).organ
    action_plan = ActionPlanFactory(organ=group)
    action = ActionFactory(action_plan=action_plan, title="Kartlägga elevhälsan", status=WorkStatus.PAGAR)
    meeting = Meeting.objects.create(organ=organ, date=dt.date(2024, 3, 15))
    item = AgendaItem.objects.create(meeting=meeting, organ=organ, position=1, title="Rapport från Barn och unga")
    report = services.actionplan_report_link(acting_user=secretary, action_plan=action_plan, agenda_item=item)
    services.action_update(acting_user=secretary, action=action, title=action.title, status=WorkStatus.KLAR)
    report.refresh_from_db()
    assert report.reported_on == dt.date(2024, 3, 15)
    assert report.snapshot[0]["title"] == "Kartlägga elevhälsan"
    assert report.snapshot[0]["status"] == WorkStatus.PAGAR
    with pytest.raises(ValidationError):
        services.actionplan_report_link(acting_user=secretary, action_plan=action_plan, agenda_item=item)


def test_an_action_plan_belongs_only_to_a_samordnande_grupp(organ: Organ, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.action_plan_create(acting_user=secretary, organ=organ, title="Plan")
    assert "organ" in exc.value.message_dict


def test_saving_a_measurement_twice_corrects_it_instead_of_duplicating(organ: Organ, secretary: Any) -> None:
    indicator = IndicatorFactory(owner_organ=organ)
    org = OrganisationFactory(county=organ.county)
    services.measurement_save(
        acting_user=secretary, indicator=indicator, organisation=org, period="2023", value=Decimal("10")
    )
    services.measurement_save(
        acting_user=secretary, indicator=indicator, organisation=org, period="2023", value=Decimal("11.5")
    )
    services.measurement_save(
        acting_user=secretary, indicator=indicator, organisation=None, period="2023", value=Decimal("9")
    )
    values = sorted(Measurement.objects.values_list("value", flat=True))
    assert values == [Decimal("9"), Decimal("11.5")]


def test_a_measurement_for_an_organisation_of_another_county_is_refused(organ: Organ, secretary: Any) -> None:
    indicator = IndicatorFactory(owner_organ=organ)
    other = OrganisationFactory(county__name="Jönköpings län")
    with pytest.raises(ValidationError) as exc:
        services.measurement_save(
            acting_user=secretary, indicator=indicator, organisation=other, period="2023", value=Decimal("1")
        )
    assert "organisation" in exc.value.message_dict


def test_a_bad_period_is_refused_with_a_swedish_message(organ: Organ, secretary: Any) -> None:
    indicator = IndicatorFactory(owner_organ=organ)
    with pytest.raises(ValidationError) as exc:
        services.measurement_save(
            acting_user=secretary, indicator=indicator, organisation=None, period="23", value=Decimal("1")
        )
    assert "Ange perioden" in exc.value.message_dict["period"][0]


def test_workstream_leads_and_links_are_kept(organ: Organ, secretary: Any) -> None:
    from tests.factories.plans import PlanFactory

    plan = PlanFactory(owner_organ=organ)
    lead = PersonFactory(name="Sofia Hartz")
    ws = services.workstream_create(
        acting_user=secretary, plan=plan, name="Förstärkt gemensam systemledning", owner_organ=organ, leads=[lead]
    )
    assert list(ws.leads.all()) == [lead]
    with pytest.raises(ValidationError) as exc:
        services.workstream_create(
            acting_user=secretary,
            plan=plan,
            name="Fel ordning",
            owner_organ=organ,
            start_date=dt.date(2024, 1, 1),
            end_date=dt.date(2023, 1, 1),
        )
    assert "end_date" in exc.value.message_dict
