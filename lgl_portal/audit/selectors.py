from __future__ import annotations

from django.db.models import QuerySet

from lgl_portal.audit.models import AuditEntry


def audit_entry_list(*, action: str = "", target_type: str = "", actor: str = "") -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor")
    if action:
        qs = qs.filter(action__icontains=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if actor:
        qs = qs.filter(actor_repr__icontains=actor)
    return qs
