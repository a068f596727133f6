"""Reads for plans, groups' pages and nyckeltal, each with a fixed number of queries however much data there is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from groups.models import Membership, Organ
from groups.selectors import organ_roster
from meetings.models import AgendaItem, Meeting
from plans import permissions
from plans.models import (
    Action,
    ActionPlan,
    ActionPlanReport,
    Indicator,
    Measurement,
    Milestone,
    Plan,
    Workstream,
    WorkstreamStatusChange,
)

MEETINGS_ON_GROUP_PAGE = 12


# --- Samordnande grupper ----------------------------------------------------------------------------------------


def group_list() -> QuerySet[Organ]:
    chairs = Membership.objects.active_on().filter(role__in=Membership.SINGLE_ROLES).select_related("person")
    return (
        Organ.objects.filter(kind=Organ.Kind.SAMORDNANDE_GRUPP, is_public=True)
        .select_related("county", "parent")
        .prefetch_related(Prefetch("memberships", queryset=chairs, to_attr="chair_memberships"))
        .order_by("county__name", "name")
    )


def group_get(*, slug: str) -> Organ:
    return get_object_or_404(
        Organ.objects.select_related("county", "parent"), slug=slug, kind=Organ.Kind.SAMORDNANDE_GRUPP
    )


def _action_plans(organ_filter: dict[str, Any]) -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.filter(**organ_filter)
        .select_related("organ", "adopted_by")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("owner", "decision").order_by("position", "id")),
            Prefetch(
                "reports",
                queryset=ActionPlanReport.objects.select_related("agenda_item__organ", "agenda_item__meeting"),
            ),
        )
    )


@dataclass
class GroupPage:
    organ: Organ
    roster: Any
    chairs: list[Membership]
    meetings: list[Meeting]
    action_plans: list[ActionPlan]


def group_page(*, organ: Organ, show_internal: bool = False) -> GroupPage:
    roster = organ_roster(organ=organ)
    chairs = [
        m
        for memberships in roster.by_role.values()
        for m in memberships
        if m.role in (Membership.Role.ORDFORANDE, Membership.Role.VICE_ORDFORANDE)
    ]
    meetings = Meeting.objects.filter(organ=organ).order_by("-date", "-start_time")
    return GroupPage(
        organ=organ,
        roster=roster,
        chairs=chairs,
        meetings=list(meetings[:MEETINGS_ON_GROUP_PAGE]),
        action_plans=list(_action_plans({"organ": organ})),
    )


def action_plan_get(*, pk: int) -> ActionPlan:
    return get_object_or_404(ActionPlan.objects.select_related("organ__parent"), pk=pk)


def action_get(*, pk: int) -> Action:
    return get_object_or_404(Action.objects.select_related("action_plan__organ__parent", "owner", "decision"), pk=pk)


def reportable_agenda_items(*, organ: Organ) -> QuerySet[AgendaItem]:
    """Agenda items of the organ above the group (LGL), newest first: where a group reports its plan."""
    target = organ.parent or organ
    return (
        AgendaItem.objects.filter(meeting__organ=target)
        .select_related("meeting", "organ")
        .order_by("-meeting__date", "position")
    )


# --- Plans and workstreams --------------------------------------------------------------------------------------


def _workstreams_qs() -> QuerySet[Workstream]:
    return (
        Workstream.objects.select_related("owner_organ")
        .prefetch_related("leads", Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")))
        .order_by("position", "id")
    )


def plan_list(*, user: Any) -> QuerySet[Plan]:
    return (
        permissions.plans_visible_to(user)
        .select_related("owner_organ", "adopted_by")
        .prefetch_related(
            Prefetch(
                "workstreams", queryset=Workstream.objects.select_related("owner_organ").order_by("position", "id")
            )
        )
        .order_by("name")
    )


def plan_get(*, slug: str) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("owner_organ__county", "adopted_by").prefetch_related(
            "goals", Prefetch("workstreams", queryset=_workstreams_qs())
        ),
        slug=slug,
    )


def plan_recent_changes(*, plan: Plan, limit: int = 10) -> list[WorkstreamStatusChange]:
    return list(
        WorkstreamStatusChange.objects.filter(workstream__plan=plan)
        .select_related("workstream")
        .order_by("-changed_at", "-id")[:limit]
    )


def workstream_get(*, pk: int) -> Workstream:
    return get_object_or_404(
        Workstream.objects.select_related("plan__owner_organ", "owner_organ").prefetch_related(
            "leads",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
            "decisions",
            Prefetch("assignments", queryset=_assignment_qs()),
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting", "organ")),
            Prefetch("status_changes", queryset=WorkstreamStatusChange.objects.order_by("-changed_at", "-id")),
        ),
        pk=pk,
    )


def _assignment_qs() -> QuerySet[Any]:
    from decisions.models import Assignment

    return Assignment.objects.select_related("decision", "assignee_organ", "assignee_person")


def milestone_get(*, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("workstream__plan__owner_organ", "workstream__owner_organ"), pk=pk
    )


@dataclass
class TimelineRow:
    workstream: Workstream
    offset: int  # percent of the axis where the bar starts
    width: int  # percent of the axis the bar covers
    # (milestone, percent position, number shown in the chart and in the table)
    milestones: list[tuple[Milestone, int, int]] = field(default_factory=list)


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    years: list[tuple[int, int]]  # (year, percent position of 1 January)
    rows: list[TimelineRow]
    today: int | None


def plan_timeline(*, plan: Plan) -> Timeline:
    """Positions for a CSS-grid timeline; the page also lists the same dates in a table."""
    workstreams = list(plan.workstreams.all())
    dates = [d for ws in workstreams for d in (ws.start_date, ws.end_date) if d]
    dates += [m.due_date for ws in workstreams for m in ws.milestones.all()]
    today = timezone.localdate()
    start = min(dates, default=today).replace(month=1, day=1)
    end = max(dates, default=today).replace(month=12, day=31)
    total = max((end - start).days, 1)

    def pct(day: dt.date) -> int:
        return max(0, min(100, round((day - start).days * 100 / total)))

    rows = []
    number = 0
    for ws in workstreams:
        ws_start = ws.start_date or start
        ws_end = ws.end_date or end
        numbered = []
        for m in ws.milestones.all():
            number += 1
            numbered.append((m, pct(m.due_date), number))
        rows.append(
            TimelineRow(
                workstream=ws,
                offset=pct(ws_start),
                width=max(1, pct(ws_end) - pct(ws_start)),
                milestones=numbered,
            )
        )
    years = [(year, pct(dt.date(year, 1, 1))) for year in range(start.year, end.year + 1)]
    return Timeline(start=start, end=end, years=years, rows=rows, today=pct(today) if start <= today <= end else None)


# --- Nyckeltal --------------------------------------------------------------------------------------------------


def indicator_list(*, user: Any) -> QuerySet[Indicator]:
    return permissions.indicators_visible_to(user).select_related("owner_organ").order_by("name")


def indicator_get(*, slug: str) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("owner_organ__county"), slug=slug)


@dataclass
class IndicatorFigures:
    periods: list[str]
    county_values: dict[str, Decimal]
    # organisation name -> {period: value}
    by_organisation: dict[str, dict[str, Decimal]]
    organisation_slugs: dict[str, str]


def indicator_figures(*, indicator: Indicator) -> IndicatorFigures:
    measurements = (
        Measurement.objects.filter(indicator=indicator)
        .select_related("organisation")
        .order_by("period", "organisation__name")
    )
    periods: list[str] = []
    county_values: dict[str, Decimal] = {}
    by_organisation: dict[str, dict[str, Decimal]] = {}
    slugs: dict[str, str] = {}
    for m in measurements:
        if m.period not in periods:
            periods.append(m.period)
        if m.organisation is None:
            county_values[m.period] = m.value
        else:
            by_organisation.setdefault(m.organisation.name, {})[m.period] = m.value
            slugs[m.organisation.name] = m.organisation.slug
    return IndicatorFigures(
        periods=sorted(periods),
        county_values=county_values,
        by_organisation=dict(sorted(by_organisation.items())),
        organisation_slugs=slugs,
    )


@dataclass
class LinkChoices:
    decisions: QuerySet[Any]
    assignments: QuerySet[Any]
    agenda_items: QuerySet[AgendaItem]


def workstream_link_choices(*, workstream: Workstream) -> LinkChoices:
    """Decisions, uppdrag and agenda items of the workstream's organ and the plan's organ, newest first."""
    from decisions.models import Decision

    organs = {workstream.owner_organ_id, workstream.plan.owner_organ_id}
    decisions = Decision.objects.filter(organ_id__in=organs) | Decision.objects.filter(
        pk__in=workstream.decisions.all()
    )
    return LinkChoices(
        decisions=decisions.select_related("organ").distinct().order_by("-decided_on", "-id"),
        assignments=_assignment_qs().filter(decision__organ_id__in=organs).order_by("-decision__decided_on", "id"),
        agenda_items=AgendaItem.objects.filter(meeting__organ_id__in=organs)
        .select_related("meeting", "organ")
        .order_by("-meeting__date", "position"),
    )
