"""Role questions the foundation itself needs (two-factor, audit log), answered without importing a domain app.

`is_admin` lives here so that groups, the audit log and the accounts pages share one definition. Whether a user
runs any organ is asked through the object permission the membership services grant (`groups.manage_organ`),
by its name, so this module stays below the domain apps in the layering.
"""

from __future__ import annotations

from typing import Any

from guardian.shortcuts import get_objects_for_user

# Granted by groups.services.organ_permissions_sync to an organ's sekreterare and samordnare.
MANAGE_ORGAN_PERMISSION = "groups.manage_organ"


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def manages_any_organ(user: Any) -> bool:
    """A secretary or samordnare of at least one organ (admins manage every organ)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    return get_objects_for_user(user, MANAGE_ORGAN_PERMISSION, accept_global_perms=False).exists()
