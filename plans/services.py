"""Every write of plans, workstreams, handlingsplaner and nyckeltal. Views and demo call these, nothing else.

Over 500 lines on purpose: six short sections (plans, workstreams, milestones, handlingsplaner, nyckeltal, status
report) that share the period and year checks at the top; none is over 130 lines. Split into a package by section
when one of them grows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import County, Organ, Organisation, Person
from lgl_portal.audit.services import audit_record, model_changes
from lgl_portal.core.publication import gate_check
from meetings.models import AgendaItem
from plans.models import (
    PERIOD_VALIDATOR,
    Action,
    ActionPlan,
    ActionPlanReport,
    Goal,
    Indicator,
    Measurement,
    Milestone,
    Plan,
    WorkStatus,
    Workstream,
    WorkstreamStatusChange,
)


def _user_name(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return "system"
    person = getattr(user, "person", None)
    name: str = person.name if person is not None else user.get_username()
    return name


def _check_period(start: dt.date | None, end: dt.date | None, end_field: str = "end_date") -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("Slutet kan inte ligga före starten.")})


def _check_years(start_year: int | None, end_year: int | None) -> None:
    if start_year and end_year and end_year < start_year:
        raise ValidationError({"end_year": _("Periodens slutår kan inte ligga före startåret.")})


# --- Plans ----------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    acting_user: Any,
    name: str,
    slug: str,
    owner_organ: Organ,
    description: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    adopted_by: Any = None,
    is_public: bool = True,
) -> Plan:
    if not name.strip():
        raise ValidationError({"name": _("Planen behöver ett namn.")})
    _check_years(start_year, end_year)
    if Plan.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Adressnamnet används redan av en annan plan.")})
    plan = Plan.objects.create(
        name=name.strip(),
        slug=slug,
        owner_organ=owner_organ,
        description=description,
        start_year=start_year,
        end_year=end_year,
        adopted_by=adopted_by,
        is_public=is_public,
    )
    gate_check(plan)
    audit_record(acting_user=acting_user, action="plan.create", target=plan, changes={"name": plan.name})
    return plan


@transaction.atomic
def goal_create(*, acting_user: Any, plan: Plan, title: str, description: str = "", position: int = 0) -> Goal:
    if not title.strip():
        raise ValidationError({"title": _("Ange en rubrik.")})
    goal = Goal.objects.create(plan=plan, title=title.strip(), description=description, position=position)
    gate_check(goal)
    audit_record(acting_user=acting_user, action="plan.goal_create", target=goal, changes={"title": goal.title})
    return goal


# --- Workstreams ----------------------------------------------------------------------------------------------


@transaction.atomic
def workstream_create(
    *,
    acting_user: Any,
    plan: Plan,
    name: str,
    owner_organ: Organ,
    description: str = "",
    leads: Iterable[Person] = (),
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    position: int = 0,
) -> Workstream:
    if not name.strip():
        raise ValidationError({"name": _("Arbetsområdet behöver ett namn.")})
    _check_period(start_date, end_date)
    workstream = Workstream.objects.create(
        plan=plan,
        name=name.strip(),
        owner_organ=owner_organ,
        description=description,
        start_date=start_date,
        end_date=end_date,
        position=position,
    )
    gate_check(workstream)
    workstream.leads.set(list(leads))
    audit_record(acting_user=acting_user, action="workstream.create", target=workstream, changes={"name": name})
    return workstream


@transaction.atomic
def workstream_link(
    *,
    acting_user: Any,
    workstream: Workstream,
    decisions: Iterable[Any] = (),
    assignments: Iterable[Any] = (),
    agenda_items: Iterable[AgendaItem] = (),
) -> Workstream:
    """Add the decisions, uppdrag and agenda items that drive a workstream (adding only; links are history)."""
    decisions, assignments, agenda_items = list(decisions), list(assignments), list(agenda_items)
    workstream.decisions.add(*decisions)
    workstream.assignments.add(*assignments)
    workstream.agenda_items.add(*agenda_items)
    audit_record(
        acting_user=acting_user,
        action="workstream.link",
        target=workstream,
        changes={"decisions": decisions, "assignments": assignments, "agenda_items": agenda_items},
    )
    return workstream


@transaction.atomic
def workstream_links_set(
    *,
    acting_user: Any,
    workstream: Workstream,
    decisions: Iterable[Any],
    assignments: Iterable[Any],
    agenda_items: Iterable[AgendaItem],
) -> Workstream:
    """Set exactly which decisions, uppdrag and agenda items drive a workstream; the audit keeps the before."""
    new = {"decisions": list(decisions), "assignments": list(assignments), "agenda_items": list(agenda_items)}
    changes = {}
    for name, objs in new.items():
        manager = getattr(workstream, name)
        before = sorted(manager.values_list("pk", flat=True))
        after = sorted(o.pk for o in objs)
        if before != after:
            changes[name] = [before, after]
            manager.set(objs)
    if changes:
        audit_record(acting_user=acting_user, action="workstream.links_set", target=workstream, changes=changes)
    return workstream


@transaction.atomic
def workstream_status_change(
    *,
    acting_user: Any,
    workstream: Workstream,
    status: str,
    comment: str,
    progress: int | None = None,
) -> WorkstreamStatusChange:
    """Change status (and optionally progress), recording who, when, old, new and why."""
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Välj en giltig status.")})
    if not comment.strip():
        raise ValidationError({"comment": _("Skriv en kommentar som förklarar ändringen.")})
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Framdriften anges i procent, 0–100.")})
    if status == WorkStatus.KLAR and progress is None:
        progress = 100
    # Lock the row: two secretaries saving at once must both land in the history in order.
    locked = Workstream.objects.select_for_update().order_by().get(pk=workstream.pk)
    new_progress = locked.progress if progress is None else progress
    if status == locked.status and new_progress == locked.progress:
        raise ValidationError({"status": _("Varken status eller framdrift ändras.")})
    change = WorkstreamStatusChange.objects.create(
        workstream=locked,
        changed_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        changed_by_name=_user_name(acting_user),
        old_status=locked.status,
        new_status=status,
        old_progress=locked.progress,
        new_progress=new_progress,
        comment=comment.strip(),
    )
    gate_check(change)
    changes = model_changes(locked, {"status": status, "progress": new_progress})
    Workstream.objects.filter(pk=locked.pk).update(status=status, progress=new_progress, updated_at=timezone.now())
    workstream.status, workstream.progress = status, new_progress
    audit_record(
        acting_user=acting_user,
        action="workstream.status_change",
        target=workstream,
        changes={**changes, "comment": comment.strip()},
    )
    return change


# --- Milestones -----------------------------------------------------------------------------------------------


@transaction.atomic
def milestone_create(
    *,
    acting_user: Any,
    workstream: Workstream,
    title: str,
    due_date: dt.date,
    status: str = WorkStatus.EJ_PABORJAD,
    note: str = "",
) -> Milestone:
    if not title.strip():
        raise ValidationError({"title": _("Ange en rubrik för delmålet.")})
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Välj en giltig status.")})
    milestone = Milestone.objects.create(
        workstream=workstream, title=title.strip(), due_date=due_date, status=status, note=note
    )
    gate_check(milestone)
    audit_record(
        acting_user=acting_user,
        action="milestone.create",
        target=milestone,
        changes={"title": milestone.title, "due_date": due_date, "status": status},
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, acting_user: Any, milestone: Milestone, title: str, due_date: dt.date, status: str, note: str = ""
) -> Milestone:
    if not title.strip():
        raise ValidationError({"title": _("Ange en rubrik för delmålet.")})
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Välj en giltig status.")})
    fields = {"title": title.strip(), "due_date": due_date, "status": status, "note": note}
    changes = model_changes(milestone, fields)
    for name, value in fields.items():
        setattr(milestone, name, value)
    gate_check(milestone)
    milestone.save()
    audit_record(acting_user=acting_user, action="milestone.update", target=milestone, changes=changes)
    return milestone


# --- Handlingsplaner ------------------------------------------------------------------------------------------


@transaction.atomic
def action_plan_create(
    *,
    acting_user: Any,
    organ: Organ,
    title: str,
    description: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    adopted_by: Any = None,
) -> ActionPlan:
    if organ.kind != Organ.Kind.SAMORDNANDE_GRUPP:
        raise ValidationError({"organ": _("Handlingsplaner hör till samordnande grupper.")})
    if not title.strip():
        raise ValidationError({"title": _("Ange en rubrik.")})
    _check_years(start_year, end_year)
    action_plan = ActionPlan.objects.create(
        organ=organ,
        title=title.strip(),
        description=description,
        start_year=start_year,
        end_year=end_year,
        adopted_by=adopted_by,
    )
    gate_check(action_plan)
    audit_record(acting_user=acting_user, action="action_plan.create", target=action_plan, changes={"title": title})
    return action_plan


@transaction.atomic
def action_create(
    *,
    acting_user: Any,
    action_plan: ActionPlan,
    title: str,
    description: str = "",
    owner: Person | None = None,
    due_date: dt.date | None = None,
    status: str = WorkStatus.EJ_PABORJAD,
    decision: Any = None,
) -> Action:
    if not title.strip():
        raise ValidationError({"title": _("Beskriv aktiviteten.")})
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Välj en giltig status.")})
    position = action_plan.actions.count() + 1
    action = Action.objects.create(
        action_plan=action_plan,
        title=title.strip(),
        description=description,
        owner=owner,
        due_date=due_date,
        status=status,
        decision=decision,
        position=position,
    )
    gate_check(action)
    audit_record(acting_user=acting_user, action="action.create", target=action, changes={"title": action.title})
    return action


@transaction.atomic
def action_update(
    *,
    acting_user: Any,
    action: Action,
    title: str,
    description: str = "",
    owner: Person | None = None,
    due_date: dt.date | None = None,
    status: str,
    decision: Any = None,
) -> Action:
    if not title.strip():
        raise ValidationError({"title": _("Beskriv aktiviteten.")})
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Välj en giltig status.")})
    fields = {
        "title": title.strip(),
        "description": description,
        "owner": owner,
        "due_date": due_date,
        "status": status,
        "decision": decision,
    }
    changes = model_changes(action, fields)
    for name, value in fields.items():
        setattr(action, name, value)
    gate_check(action)
    action.save()
    audit_record(acting_user=acting_user, action="action.update", target=action, changes=changes)
    return action


def _action_snapshot(action_plan: ActionPlan) -> list[dict[str, Any]]:
    actions = action_plan.actions.select_related("owner", "decision").order_by("position", "id")
    return [
        {
            "title": a.title,
            "owner": a.owner.name if a.owner else "",
            "due_date": a.due_date.isoformat() if a.due_date else "",
            "status": a.status,
            "status_label": str(a.get_status_display()),
            "decision": str(a.decision) if a.decision else "",
        }
        for a in actions
    ]


@transaction.atomic
def actionplan_report_link(*, acting_user: Any, action_plan: ActionPlan, agenda_item: AgendaItem) -> ActionPlanReport:
    """Record that the group reported its plan at an agenda item, freezing the actions as they stand now."""
    if ActionPlanReport.objects.filter(action_plan=action_plan, agenda_item=agenda_item).exists():
        raise ValidationError({"agenda_item": _("Handlingsplanen är redan kopplad till det ärendet.")})
    report = ActionPlanReport.objects.create(
        action_plan=action_plan,
        agenda_item=agenda_item,
        reported_on=agenda_item.meeting.date,
        snapshot=_action_snapshot(action_plan),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        acting_user=acting_user,
        action="action_plan.report_link",
        target=report,
        changes={"agenda_item": agenda_item, "actions": len(report.snapshot)},
    )
    return report


# --- Nyckeltal ------------------------------------------------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    acting_user: Any,
    name: str,
    slug: str,
    owner_organ: Organ,
    definition: str = "",
    unit: str = "",
    source: str = "",
    direction: str = Indicator.Direction.HIGHER,
    is_public: bool = True,
    is_demo: bool = False,
) -> Indicator:
    if not name.strip():
        raise ValidationError({"name": _("Nyckeltalet behöver ett namn.")})
    if Indicator.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Adressnamnet används redan av ett annat nyckeltal.")})
    indicator = Indicator.objects.create(
        name=name.strip(),
        slug=slug,
        owner_organ=owner_organ,
        definition=definition,
        unit=unit,
        source=source,
        direction=direction,
        is_public=is_public,
        is_demo=is_demo,
    )
    gate_check(indicator)
    audit_record(acting_user=acting_user, action="indicator.create", target=indicator, changes={"name": name})
    return indicator


def _check_measurement(organisation: Organisation | None, county: County, period: str) -> None:
    try:
        PERIOD_VALIDATOR(period)
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from exc
    if organisation is not None and organisation.county_id != county.pk:
        raise ValidationError({"organisation": _("Organisationen hör inte till länet.")})


@transaction.atomic
def measurement_save(
    *,
    acting_user: Any,
    indicator: Indicator,
    organisation: Organisation | None,
    period: str,
    value: Decimal,
    note: str = "",
) -> Measurement:
    """Enter or correct one value. No organisation means the whole län (the indicator's organ's county)."""
    county = indicator.owner_organ.county
    _check_measurement(organisation, county, period)
    lookup = {"indicator": indicator, "period": period}
    if organisation is None:
        lookup |= {"organisation__isnull": True, "county": county}
    else:
        lookup |= {"organisation": organisation}
    # No ordering: the default one joins organisation, and FOR UPDATE refuses a nullable outer join.
    existing = Measurement.objects.select_for_update().filter(**lookup).order_by().first()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if existing is None:
        measurement = Measurement.objects.create(
            indicator=indicator,
            county=county,
            organisation=organisation,
            period=period,
            value=value,
            note=note,
            entered_by=user,
        )
        gate_check(measurement)
        changes: dict[str, Any] = {"period": period, "organisation": organisation, "value": value}
    else:
        changes = model_changes(existing, {"value": value, "note": note})
        existing.value, existing.note, existing.entered_by = value, note, user
        gate_check(existing)
        existing.save()
        measurement = existing
    audit_record(acting_user=acting_user, action="measurement.save", target=measurement, changes=changes)
    return measurement


@transaction.atomic
def measurement_import(*, acting_user: Any, rows: list[dict[str, Any]], source_name: str = "") -> int:
    """Store rows already checked by plans.imports, all or nothing; returns how many were stored.

    Each row: indicator, organisation (None for the whole län), period, value. The database's unique
    constraints back the importer's duplicate check: a race shows up here and rolls the whole file back.
    """
    if not rows:
        raise ValidationError({"file": _("Filen innehåller inga mätvärden.")})
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    objs = [
        Measurement(
            indicator=row["indicator"],
            county=row["indicator"].owner_organ.county,
            organisation=row["organisation"],
            period=row["period"],
            value=row["value"],
            entered_by=user,
        )
        for row in rows
    ]
    try:
        with transaction.atomic():
            Measurement.objects.bulk_create(objs)
    except IntegrityError as exc:
        raise ValidationError({"file": _("Några av värdena finns redan registrerade. Inget har importerats.")}) from exc
    indicators = sorted({row["indicator"].slug for row in rows})
    audit_record(
        acting_user=acting_user,
        action="measurement.import",
        target=rows[0]["indicator"],
        changes={"file": source_name, "rows": len(objs), "indicators": indicators},
    )
    return len(objs)


# --- Status report --------------------------------------------------------------------------------------------


@transaction.atomic
def status_report_request(*, acting_user: Any, plan: Plan, meeting: Any = None) -> Any:
    """Order a status report PDF from the document worker; returns the DocumentJob to follow."""
    from meetings.documents.services import document_request

    # organ_id/organ_name let the document pages decide who may follow the job and head the PDF.
    params = {"plan_id": plan.pk, "organ_id": plan.owner_organ_id, "organ_name": plan.owner_organ.name}
    job = document_request(acting_user=acting_user, kind="status_report", params=params, meeting=meeting)
    audit_record(acting_user=acting_user, action="plan.status_report_request", target=plan, changes={"job": job})
    return job


@transaction.atomic
def milestones_mark_overdue(*, acting_user: Any, today: dt.date | None = None) -> int:
    """Milestones whose date has passed without being done are marked försenade; returns how many."""
    today = today or timezone.localdate()
    overdue = list(
        Milestone.objects.select_for_update()
        .order_by()
        .filter(due_date__lt=today)
        .exclude(status__in=[WorkStatus.KLAR, WorkStatus.FORSENAD, WorkStatus.PAUSAD])
    )
    for milestone in overdue:
        audit_record(
            acting_user=acting_user,
            action="milestone.mark_overdue",
            target=milestone,
            changes={"status": [milestone.status, WorkStatus.FORSENAD]},
        )
    Milestone.objects.filter(pk__in=[m.pk for m in overdue]).update(status=WorkStatus.FORSENAD)
    return len(overdue)
