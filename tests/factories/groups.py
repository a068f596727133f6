from __future__ import annotations

import datetime as dt
from functools import lru_cache

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from groups.models import County, Membership, Organ, Organisation, Person

TEST_PASSWORD = "korrekt-häst-batteri-häftklammer"


@lru_cache(maxsize=1)
def _hashed_password() -> str:
    # Argon2 is deliberately slow; hash once per test session, not once per user.
    return make_password(TEST_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.se")
    password = factory.LazyFunction(_hashed_password)


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("name",)

    name = "Kalmar län"
    code = "08"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kommun {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.KOMMUN
    county = factory.SubFactory(CountyFactory)
    is_principal = True
    contact_email = factory.LazyAttribute(lambda o: f"registrator@{o.slug}.example")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Socialchef"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.se")


class OrganFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organ

    name = factory.Sequence(lambda n: f"Organ {n}")
    slug = factory.Sequence(lambda n: f"organ-{n}")
    kind = Organ.Kind.LEDNINGSGRUPP
    county = factory.SubFactory(CountyFactory)
    is_public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    """Writes the row directly. Tests of the rules call groups.services instead."""

    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organ = factory.SubFactory(OrganFactory)
    role = Membership.Role.LEDAMOT
    start_date = dt.date(2023, 1, 1)


def user_with_role(organ: Organ, role: str, *, username: str | None = None) -> object:
    """A user whose person holds `role` in `organ`, with permissions granted the way the portal grants them."""
    from groups import services

    user = UserFactory(username=username) if username else UserFactory()
    person = PersonFactory(user=user, name=f"{role.title()} {user.username}")
    services.membership_start(acting_user=None, person=person, organ=organ, role=role, start_date=dt.date(2020, 1, 1))
    return user
