"""Role questions the foundation itself needs (two-factor, audit log), answered without importing a domain app.

`is_admin` lives here so that groups, the audit log and the accounts pages share one definition. Whether a user
runs any organ is asked through Django's permission API by name (`groups.manage_any_organ`, answered from the
user's active memberships by groups.permissions.MembershipBackend), so this module stays below the domain apps.
"""

from __future__ import annotations

from typing import Any

# Answered by groups.permissions.MembershipBackend: a sekreterare or samordnare of at least one organ today.
MANAGE_ANY_ORGAN_PERMISSION = "groups.manage_any_organ"


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def manages_any_organ(user: Any) -> bool:
    """A secretary or samordnare of at least one organ (admins manage every organ)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    return bool(user.has_perm(MANAGE_ANY_ORGAN_PERMISSION))
