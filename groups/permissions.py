"""Who may do what with organs, people and memberships. The one place this app asks.

Rights come from django-guardian object permissions on the organ, granted and revoked by the membership
services (`organ_permissions_sync`): any active membership gives `view_organ_internal`, a secretary's or
samordnare's gives `manage_organ`. Admins (superusers) may do everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from groups.models import Organ
from lgl_portal.core.roles import is_admin  # one definition; the apps above import it from here too


def can_view_organ_internal(user: Any, organ: Organ) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or user.has_perm("groups.view_organ_internal", organ) or can_manage_organ(user, organ)


def can_manage_organ(user: Any, organ: Organ) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or user.has_perm("groups.manage_organ", organ)


def can_manage_memberships(user: Any, organ: Organ) -> bool:
    """A secretary of the organ or of an organ above it (LGL's secretary runs its groups' rosters)."""
    current: Organ | None = organ
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        if can_manage_organ(user, current):
            return True
        seen.add(current.pk)
        current = current.parent
    return False


def can_manage_people(user: Any) -> bool:
    return is_admin(user) or bool(organs_managed_by(user).exists())


def organs_managed_by(user: Any) -> QuerySet[Organ]:
    if not getattr(user, "is_authenticated", False):
        return Organ.objects.none()
    if is_admin(user):
        return Organ.objects.all()
    return get_objects_for_user(user, "groups.manage_organ", klass=Organ, accept_global_perms=False)


def organs_visible_internally_to(user: Any) -> QuerySet[Organ]:
    """Organs whose internal material (handlingar before justering, drafts for members) the user may read."""
    if not getattr(user, "is_authenticated", False):
        return Organ.objects.none()
    if is_admin(user):
        return Organ.objects.all()
    return get_objects_for_user(
        user,
        ["groups.view_organ_internal", "groups.manage_organ"],
        klass=Organ,
        any_perm=True,
        accept_global_perms=False,
    )
