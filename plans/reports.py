"""The status report of a plan: an HTML fragment, and the document kind the PDF worker builds from it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Organ
from groups.permissions import can_view_organ_internal
from meetings.documents.models import DocumentJob
from meetings.documents.registry import Built
from meetings.documents.rendering import render_report
from plans import selectors
from plans.models import Plan


def status_report_body(*, params: dict[str, Any]) -> tuple[str, str]:
    """(title, body HTML) for `params={"plan_id": …}`: plan, workstreams, milestones, recent status changes."""
    plan_id: Any = params.get("plan_id")
    slug = Plan.objects.filter(pk=plan_id).values_list("slug", flat=True).first()
    if slug is None:
        raise ValueError(f"Plan {plan_id!r} finns inte.")
    plan = selectors.plan_get(slug=slug)
    title = _("Statusrapport: %(plan)s") % {"plan": plan.name}
    body = render_to_string(
        "plans/status_report_body.html",
        {
            "plan": plan,
            "workstreams": list(plan.workstreams.all()),
            "changes": selectors.plan_recent_changes(plan=plan, limit=15),
            "generated_on": timezone.localdate(),
        },
    )
    return title, body


# --- As a document kind of meetings.documents (registered in PlansConfig.ready) -----------------------------


def status_report_build(*, meeting_id: int | None, extract_id: int | None, params: dict[str, Any]) -> Built:
    title, body = status_report_body(params=params)
    return title, render_report(title=title, body=body, organ_name=params.get("organ_name", "")), 0


def status_report_validate(params: dict[str, Any]) -> None:
    if not params.get("plan_id"):
        raise ValidationError({"kind": _("En statusrapport behöver en plan.")})


def status_report_can_view(user: Any, job: DocumentJob) -> bool:
    """The members of the organ named in the params (the plan's owner) may follow the report."""
    organ_id = (job.params or {}).get("organ_id")
    if not organ_id:
        return False
    organ = Organ.objects.filter(pk=organ_id).first()
    return bool(organ and can_view_organ_internal(user, organ))
