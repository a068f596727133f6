"""Who may do what with organs, people and memberships. The one place this app asks.

Rights are computed, not stored: at request time they follow from the user's active memberships
(`Membership.objects.active_on()`): any active membership lets the user read the organ's internal material
(`view_organ_internal`), a sekreterare's or samordnare's lets them manage it (`manage_organ`). One query per
user object and day answers every organ question of a request (request.user lives for one request).
`MembershipBackend` answers `user.has_perm("groups.manage_organ", organ)` the same way, so code asking Django's
permission API gets the same answer. Guardian stays only for permissions an admin grants by hand (see
docs/permissions.md); no service writes guardian rows, and no nightly sync exists to drift.
Admins (superusers) may do everything.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.db.models import QuerySet
from django.utils import timezone

from groups.models import Membership, Organ, Person
from lgl_portal.core.roles import MANAGE_ANY_ORGAN_PERMISSION, is_admin  # the apps above import is_admin from here

MANAGE_ORGAN = "groups.manage_organ"
VIEW_ORGAN_INTERNAL = "groups.view_organ_internal"
_CACHE_ATTR = "_lgl_organ_roles"


def organ_roles(user: Any) -> dict[int, frozenset[str]]:
    """organ id → the roles of the user's active memberships there today; one query, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    today = timezone.localdate()
    cached: tuple[dt.date, dict[int, frozenset[str]]] | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] == today:
        return cached[1]
    roles: dict[int, set[str]] = defaultdict(set)
    for organ_id, role in Membership.objects.active_on(today).filter(person__user=user).values_list("organ_id", "role"):
        roles[organ_id].add(role)
    result = {organ_id: frozenset(r) for organ_id, r in roles.items()}
    setattr(user, _CACHE_ATTR, (today, result))
    return result


def forget_roles(user: Any) -> None:
    """After a service changed this user's memberships within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _managed_ids(user: Any) -> set[int]:
    return {oid for oid, roles in organ_roles(user).items() if roles & set(Membership.SECRETARY_ROLES)}


def can_view_organ_internal(user: Any, organ: Organ) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or organ.pk in organ_roles(user)


def can_manage_organ(user: Any, organ: Organ) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or organ.pk in _managed_ids(user)


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
    """May open the person register's editing pages at all (which people: `can_edit_person`)."""
    return is_admin(user) or bool(_managed_ids(user))


def can_edit_person(user: Any, person: Person) -> bool:
    """A secretary edits the people of the organs they manage (now or in the past); admins edit everyone.

    Changing someone's e-mail reroutes their kallelser and justering mails, so a group's secretary must not reach
    the LGL chair (issue 15).
    """
    if is_admin(user):
        return True
    managed = _managed_ids(user)
    if not managed:
        return False
    if person.pk is None:
        return True
    organ_ids = set(Membership.objects.filter(person=person).values_list("organ_id", flat=True))
    if not organ_ids:
        # Somebody registered but on no organ yet: any secretary may complete the entry.
        return True
    return all(any(can_manage_memberships(user, organ) for organ in Organ.objects.filter(pk=oid)) for oid in organ_ids)


def organs_managed_by(user: Any) -> QuerySet[Organ]:
    if not getattr(user, "is_authenticated", False):
        return Organ.objects.none()
    if is_admin(user):
        return Organ.objects.all()
    return Organ.objects.filter(pk__in=_managed_ids(user))


def organs_visible_internally_to(user: Any) -> QuerySet[Organ]:
    """Organs whose internal material (handlingar before justering, drafts for members) the user may read."""
    if not getattr(user, "is_authenticated", False):
        return Organ.objects.none()
    if is_admin(user):
        return Organ.objects.all()
    return Organ.objects.filter(pk__in=list(organ_roles(user)))


class MembershipBackend(BaseBackend):
    """Django's permission API over the computed rights: `user.has_perm("groups.manage_organ", organ)`."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not getattr(user_obj, "is_active", False):
            return False
        if obj is None:
            return perm == MANAGE_ANY_ORGAN_PERMISSION and bool(_managed_ids(user_obj))
        if not isinstance(obj, Organ):
            return False
        if perm == MANAGE_ORGAN:
            return obj.pk in _managed_ids(user_obj)
        if perm == VIEW_ORGAN_INTERNAL:
            return obj.pk in organ_roles(user_obj)
        return False
