from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from lgl_portal.audit.models import AuditEntry
from lgl_portal.core.cache import public_content_changed


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)[:200]}
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# The one place that decides which writes change what an anonymous visitor can see. These never do: the autosave
# of a draft (protocol text is public only once the protocol is justerat, and then changes only by a correction),
# a member's read mark, private note or question, a justering comment, a login setting. Every other write drops
# the anonymous page cache; an action missing here costs only a cache refill, never a stale page.
PRIVATE_ACTIONS = frozenset(
    {
        "item_text_save",
        "justering_comment_add",
        "review.read_mark",
        "review.note_save",
        "review.note_delete",
        "review.question",
        "review.question_answered",
        "totp_device_start",
        "totp_device_confirm",
        "totp_device_remove",
        "person_data_export",
    }
)


def changes_public_content(action: str) -> bool:
    return action not in PRIVATE_ACTIONS


def audit_record(
    *,
    acting_user: Any,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one write. Call it inside the service's transaction so the entry and the change land together."""
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    # A write that may change what a public page shows drops the stale anonymous pages (now and on commit).
    if changes_public_content(action):
        public_content_changed()
    return AuditEntry.objects.create(
        actor=user,
        actor_repr=(user.get_username() if user else "system")[:200],
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_repr=str(target)[:300],
        changes=_jsonable(changes or {}),
    )


def model_changes(instance: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """The {field: [old, new]} of the fields a service is about to set, for the audit entry."""
    out: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(instance, name, None)
        if old != new:
            out[name] = [_jsonable(old), _jsonable(new)]
    return out
