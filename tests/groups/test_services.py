from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from groups import services
from groups.models import Membership, Organ
from lgl_portal.audit.models import AuditEntry
from tests.factories.groups import MembershipFactory, OrganFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


def _group_under(lgl: Organ) -> Organ:
    return OrganFactory(name="Äldre", kind=Organ.Kind.SAMORDNANDE_GRUPP, parent=lgl)


def test_it_refuses_an_end_date_before_the_start() -> None:
    person, organ = PersonFactory(), OrganFactory()
    with pytest.raises(ValidationError) as exc:
        services.membership_start(
            acting_user=None,
            person=person,
            organ=organ,
            role="ledamot",
            start_date=D(2024, 5, 1),
            end_date=D(2024, 4, 1),
        )
    assert "Slutdatum kan inte ligga före startdatum" in exc.value.message_dict["end_date"][0]
    assert not Membership.objects.exists()


def test_it_refuses_a_second_chair_in_the_same_period() -> None:
    organ = OrganFactory()
    first = PersonFactory(name="Anna Ordförande")
    services.membership_start(acting_user=None, person=first, organ=organ, role="ordforande", start_date=D(2023, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.membership_start(
            acting_user=None, person=PersonFactory(), organ=organ, role="ordforande", start_date=D(2024, 1, 1)
        )
    assert "Anna Ordförande" in exc.value.message_dict["role"][0]
    assert Membership.objects.filter(role="ordforande").count() == 1


def test_it_allows_a_new_chair_once_the_old_one_has_ended() -> None:
    organ = OrganFactory()
    old = services.membership_start(
        acting_user=None, person=PersonFactory(), organ=organ, role="ordforande", start_date=D(2023, 1, 1)
    )
    services.membership_end(acting_user=None, membership=old, end_date=D(2023, 12, 31))
    services.membership_start(
        acting_user=None, person=PersonFactory(), organ=organ, role="ordforande", start_date=D(2024, 1, 1)
    )
    assert Membership.objects.filter(organ=organ, role="ordforande").count() == 2


def test_it_refuses_a_group_chair_who_is_not_an_lgl_member() -> None:
    lgl = OrganFactory()
    group = _group_under(lgl)
    with pytest.raises(ValidationError) as exc:
        services.membership_start(
            acting_user=None,
            person=PersonFactory(name="Utan Uppdrag"),
            organ=group,
            role="ordforande",
            start_date=D(2023, 10, 1),
        )
    assert "inte ledamot" in exc.value.message_dict["person"][0]
    assert not Membership.objects.filter(organ=group).exists()


def test_it_accepts_a_group_chair_who_sits_in_lgl() -> None:
    lgl = OrganFactory()
    group = _group_under(lgl)
    person = PersonFactory()
    MembershipFactory(person=person, organ=lgl, role="ledamot", start_date=D(2023, 1, 1))
    m = services.membership_start(
        acting_user=None, person=person, organ=group, role="vice_ordforande", start_date=D(2023, 10, 1)
    )
    assert m.pk is not None


def test_replacing_a_member_ends_one_membership_and_starts_another() -> None:
    organ = OrganFactory()
    torstensson, jilken = PersonFactory(name="Karin Torstensson"), PersonFactory(name="Karin Jilkén")
    old = services.membership_start(
        acting_user=None, person=torstensson, organ=organ, role="ledamot", start_date=D(2022, 1, 1)
    )
    new = services.membership_replace(acting_user=None, membership=old, new_person=jilken, change_date=D(2023, 9, 29))
    old.refresh_from_db()
    assert old.end_date == D(2023, 9, 28)
    assert (new.person, new.role, new.start_date) == (jilken, "ledamot", D(2023, 9, 29))
    assert "Karin Torstensson" in new.note


def test_a_failed_replacement_changes_nothing() -> None:
    organ = OrganFactory()
    old = services.membership_start(
        acting_user=None, person=PersonFactory(), organ=organ, role="ledamot", start_date=D(2022, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.membership_replace(acting_user=None, membership=old, new_person=old.person, change_date=D(2023, 1, 1))
    old.refresh_from_db()
    assert old.end_date is None
    assert Membership.objects.count() == 1


def test_memberships_grant_and_revoke_object_permissions() -> None:
    organ = OrganFactory()
    user = UserFactory()
    person = PersonFactory(user=user)
    m = services.membership_start(
        acting_user=None, person=person, organ=organ, role="sekreterare", start_date=D(2020, 1, 1)
    )
    user = type(user).objects.get(pk=user.pk)  # a fresh user: guardian caches permissions per instance
    assert user.has_perm("groups.manage_organ", organ)
    assert user.has_perm("groups.view_organ_internal", organ)
    services.membership_end(acting_user=None, membership=m, end_date=D(2020, 6, 1))
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm("groups.manage_organ", organ)
    assert not user.has_perm("groups.view_organ_internal", organ)


def test_every_membership_write_is_audited() -> None:
    actor = UserFactory(username="revisor")
    services.membership_start(
        acting_user=actor, person=PersonFactory(), organ=OrganFactory(), role="ledamot", start_date=D(2023, 1, 1)
    )
    entry = AuditEntry.objects.get(action="membership_start")
    assert entry.actor == actor
    assert entry.changes["role"] == "ledamot"
