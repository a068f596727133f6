from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from lgl_portal.audit.models import AuditEntry


def audit_entry_list(
    *,
    action: str = "",
    target_type: str = "",
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    target_id: str = "",
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor")
    if action:
        qs = qs.filter(action__icontains=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if actor:
        qs = qs.filter(actor_repr__icontains=actor)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs


def audit_filter_choices() -> dict[str, list[str]]:
    """The actions and object types that occur, for the filter's drop-downs (two small DISTINCT queries)."""
    return {
        "actions": list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()),
        "target_types": list(
            AuditEntry.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
        ),
    }


def audit_entry_get(*, pk: int) -> AuditEntry:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(AuditEntry.objects.select_related("actor"), pk=pk)
