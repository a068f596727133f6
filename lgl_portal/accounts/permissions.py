"""Who may use two-factor authentication: secretaries (of any organ) and admins, as the brief decides."""

from __future__ import annotations

from typing import Any

from lgl_portal.core.roles import is_admin, manages_any_organ


def can_use_two_factor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or user.is_staff or manages_any_organ(user)
