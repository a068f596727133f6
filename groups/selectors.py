from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import County, Membership, Organ, Organisation, Person, VacantSeat

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def organ_list_public() -> QuerySet[Organ]:
    return Organ.objects.filter(is_public=True).select_related("county", "parent").order_by("county__name", "name")


def organ_list_featured() -> QuerySet[Organ]:
    """The joint organs a visitor looks for first; the many assemblies are reached from the organ list."""
    return organ_list_public().exclude(kind__in=[Organ.Kind.FULLMAKTIGE, Organ.Kind.STYRELSE])


def organ_get(*, slug: str) -> Organ:
    return get_object_or_404(Organ.objects.select_related("county", "parent", "organisation"), slug=slug)


def organ_children(*, organ: Organ) -> QuerySet[Organ]:
    return organ.children.filter(is_public=True).order_by("name")


@dataclass
class OrganRoster:
    """An organ's memberships, current and past, ready for the page."""

    by_role: OrderedDict[str, list[Membership]] = field(default_factory=OrderedDict)
    by_organisation: OrderedDict[str, list[Membership]] = field(default_factory=OrderedDict)
    history: list[Membership] = field(default_factory=list)
    upcoming: list[Membership] = field(default_factory=list)


def organ_roster(*, organ: Organ, day: dt.date | None = None) -> OrganRoster:
    day = day or timezone.localdate()
    memberships = list(
        Membership.objects.filter(organ=organ)
        .select_related("person__organisation", "representing", "decision_link__decision")
        .order_by("start_date", "person__name")
    )
    roster = OrganRoster()
    role_order = [value for value, _label in Membership.Role.choices]
    current = sorted(
        (m for m in memberships if m.is_active_on(day)), key=lambda m: (role_order.index(m.role), m.person.name)
    )
    for m in current:
        roster.by_role.setdefault(m.get_role_display(), []).append(m)
        org = m.representing or m.person.organisation
        roster.by_organisation.setdefault(org.name if org else _("Utan organisation"), []).append(m)
    roster.by_organisation = OrderedDict(sorted(roster.by_organisation.items()))
    roster.history = sorted(
        (m for m in memberships if m.end_date is not None and m.end_date < day),
        key=lambda m: cast(dt.date, m.end_date),
        reverse=True,
    )
    roster.upcoming = [m for m in memberships if m.start_date > day]
    return roster


def person_get(*, pk: int) -> Person:
    return get_object_or_404(
        Person.objects.select_related("organisation", "user").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organ", "representing").order_by("-start_date"),
            )
        ),
        pk=pk,
    )


def person_list(*, query: str = "") -> QuerySet[Person]:
    qs = Person.objects.select_related("organisation").order_by("name")
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(organisation__name__icontains=query) | Q(title__icontains=query))
    return qs


def membership_get(*, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("organ__parent", "person", "representing"), pk=pk)


def organisation_list(*, county: County | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("county")
    if county is not None:
        qs = qs.filter(county=county)
    return qs


def principals_of_county(*, county: County) -> QuerySet[Organisation]:
    """The huvudmän of a län: its region and kommuner, as registered (never a hard-coded count)."""
    return Organisation.objects.filter(county=county, is_principal=True).order_by("kind", "name")


def active_members(*, organ: Organ, day: dt.date | None = None) -> QuerySet[Membership]:
    return Membership.objects.active_on(day).filter(organ=organ).select_related("person__user", "representing")


def person_for_user(*, user: object) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=cast("User", user)).select_related("organisation").first()


@dataclass(frozen=True)
class Seats:
    """The organ's seats on a day: the deciding memberships and the vacant seats, together the quorum's base."""

    members: list[Membership]
    vacant: list[VacantSeat]

    @property
    def count(self) -> int:
        return len(self.members) + len(self.vacant)


def organ_seats(*, organ_id: int, day: dt.date) -> Seats:
    members = list(
        Membership.objects.active_on(day)
        .filter(organ_id=organ_id, role__in=Membership.DECIDING_ROLES)
        .select_related("person")
        .order_by("person__name")
    )
    vacant = list(
        VacantSeat.objects.filter(organ_id=organ_id, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("party", "id")
    )
    return Seats(members=members, vacant=vacant)


def organ_vacant_seats(*, organ: Organ, day: dt.date | None = None) -> list[VacantSeat]:
    """The seats vacant today or later, for the organ page."""
    day = day or timezone.localdate()
    return list(organ.vacant_seats.filter(Q(end_date__isnull=True) | Q(end_date__gte=day)).order_by("start_date"))


def vacant_seat_get(*, pk: int) -> VacantSeat:
    return get_object_or_404(VacantSeat.objects.select_related("organ"), pk=pk)
