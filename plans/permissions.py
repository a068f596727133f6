"""Who may do what with plans, handlingsplaner and nyckeltal. The one place this app decides.

Rights come from the organs (groups.permissions): a plan or workstream is edited by the secretaries of its
owner organ, a handlingsplan by its group's secretaries/samordnare or the secretary of the organ above it,
indicators by the secretaries of their owner organ. Admins may do everything; everyone reads public pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from groups.models import Organ
from groups.permissions import (
    can_manage_organ,
    can_view_organ_internal,
    organs_managed_by,
    organs_visible_internally_to,
)
from plans.models import ActionPlan, Indicator, Plan, Workstream


def can_view_plan(user: Any, plan: Plan) -> bool:
    return plan.is_public or can_view_organ_internal(user, plan.owner_organ)


def can_edit_plan(user: Any, plan: Plan) -> bool:
    return can_manage_organ(user, plan.owner_organ)


def can_edit_workstream(user: Any, workstream: Workstream) -> bool:
    return can_manage_organ(user, workstream.owner_organ) or can_edit_plan(user, workstream.plan)


def can_request_status_report(user: Any, plan: Plan) -> bool:
    return can_edit_plan(user, plan)


def can_edit_action_plan_of(user: Any, organ: Organ) -> bool:
    if can_manage_organ(user, organ):
        return True
    return organ.parent is not None and can_manage_organ(user, organ.parent)


def can_edit_action_plan(user: Any, action_plan: ActionPlan) -> bool:
    return can_edit_action_plan_of(user, action_plan.organ)


def can_view_indicator(user: Any, indicator: Indicator) -> bool:
    return indicator.is_public or can_view_organ_internal(user, indicator.owner_organ)


def can_manage_indicator(user: Any, indicator: Indicator) -> bool:
    return can_manage_organ(user, indicator.owner_organ)


def can_import_measurements(user: Any) -> bool:
    return indicators_managed_by(user).exists()


def indicators_visible_to(user: Any) -> QuerySet[Indicator]:
    """Public indicators, and the non-public ones of organs the user belongs to."""
    if not getattr(user, "is_authenticated", False):
        return Indicator.objects.filter(is_public=True)
    return Indicator.objects.filter(Q(is_public=True) | Q(owner_organ__in=organs_visible_internally_to(user)))


def indicators_managed_by(user: Any) -> QuerySet[Indicator]:
    if not getattr(user, "is_authenticated", False):
        return Indicator.objects.none()
    return Indicator.objects.filter(owner_organ__in=organs_managed_by(user))


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    if not getattr(user, "is_authenticated", False):
        return Plan.objects.filter(is_public=True)
    return Plan.objects.filter(Q(is_public=True) | Q(owner_organ__in=organs_visible_internally_to(user)))
