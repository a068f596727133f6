from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.text import slugify

from decisions.ratification import services
from decisions.ratification.models import AssemblyDecision, RatificationCase
from groups.models import County, Membership, Organ, Organisation
from tests.factories.groups import CountyFactory, OrganFactory, OrganisationFactory, UserFactory, user_with_role

PAST = dt.date(2023, 9, 25)


def county_with_principals(n: int = 13, *, name: str = "Testlän") -> tuple[County, list[Organisation]]:
    """A län with a region and n-1 kommuner, each with its fullmäktige organ named like the demo's."""
    county = CountyFactory(name=name)
    orgs = [
        OrganisationFactory(
            county=county,
            name=f"Region {name}" if i == 0 else f"Kommun {i:02d} i {name}",
            slug=f"{slugify(name)}-{'region' if i == 0 else f'kommun-{i:02d}'}",
            kind=Organisation.Kind.REGION if i == 0 else Organisation.Kind.KOMMUN,
        )
        for i in range(n)
    ]
    for org in orgs:
        OrganFactory(
            county=county,
            name=f"Fullmäktige i {org.name}",
            slug=f"fullmaktige-{org.slug}",
            kind=Organ.Kind.FULLMAKTIGE,
            organisation=org,
        )
    return county, orgs


def sending_organ(county: County, *, slug: str = "lgl-test") -> Organ:
    return OrganFactory(county=county, name="Länsgemensam ledning i samverkan", slug=slug)


def secretary_of(organ: Organ, username: str | None = None) -> Any:
    return user_with_role(organ, Membership.Role.SEKRETERARE, username=username)


def case_with_principals(
    n: int = 13, *, title: str = "Gemensam strategi", county_name: str = "Testlän"
) -> RatificationCase:
    county, _orgs = county_with_principals(n, name=county_name)
    organ = sending_organ(county, slug=f"lgl-{slugify(county_name)}")
    admin = UserFactory(username="fabrik-admin", is_superuser=True)
    return services.case_create(acting_user=admin, title=title, sending_organ=organ, deadline=dt.date(2023, 10, 31))


def rows_of(case: RatificationCase) -> list[AssemblyDecision]:
    return list(
        AssemblyDecision.objects.filter(case=case, removed_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def register(
    row: AssemblyDecision,
    outcome: str = AssemblyDecision.Outcome.BIFALL,
    decided_on: dt.date | None = PAST,
    *,
    user: Any = None,
    **extra: Any,
) -> AssemblyDecision:
    row.refresh_from_db()
    return services.assembly_decision_register(
        acting_user=user,
        assembly_decision=row,
        expected_version=row.version,
        data=services.Registration(outcome=outcome, decided_on=decided_on, **extra),
    )
