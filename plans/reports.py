"""The status report of a plan, as an HTML fragment the PDF worker wraps in its layout."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

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
