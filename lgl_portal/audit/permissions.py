"""Who may read the audit log: admins only. Nobody may change it through the portal."""

from __future__ import annotations

from typing import Any

from lgl_portal.core.roles import is_admin


def can_read_audit_log(user: Any) -> bool:
    return is_admin(user)
