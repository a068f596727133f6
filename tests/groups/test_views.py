from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from groups.models import Membership, Organ
from tests.factories.groups import MembershipFactory, OrganFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_organ_page_lists_members_by_role(client: Client, organ: Organ) -> None:
    MembershipFactory(organ=organ, person=PersonFactory(name="Anna Hasselbom Trofast"), role="ordforande")
    response = client.get(f"/organ/{organ.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Hasselbom Trofast" in html
    assert "Ordförande" in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("secretary", 200), ("chair", 403)],
)
def test_only_the_secretary_may_open_the_membership_form(
    role_clients: dict[str, Client], organ: Organ, role: str, expected: int
) -> None:
    response = role_clients[role].get(f"/organ/{organ.slug}/uppdrag/nytt/")
    assert response.status_code == expected


def test_a_second_chair_is_refused_next_to_the_field_and_nothing_is_saved(
    role_clients: dict[str, Client], organ: Organ
) -> None:
    # role_clients' chair already holds the ordförande role in this organ.
    newcomer = PersonFactory()
    before = Membership.objects.count()
    response = role_clients["secretary"].post(
        f"/organ/{organ.slug}/uppdrag/nytt/",
        {"person": newcomer.pk, "role": "ordforande", "start_date": "2024-01-01"},
    )
    assert response.status_code == 400
    assert "redan en ordförande" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Membership.objects.count() == before


def test_an_end_before_the_start_is_refused_in_swedish(role_clients: dict[str, Client], organ: Organ) -> None:
    response = role_clients["secretary"].post(
        f"/organ/{organ.slug}/uppdrag/nytt/",
        {"person": PersonFactory().pk, "role": "ledamot", "start_date": "2024-05-01", "end_date": "2024-01-01"},
    )
    assert response.status_code == 400
    assert "Slutdatum kan inte ligga före startdatum" in response.content.decode()


def test_a_malformed_date_gets_a_clear_message(role_clients: dict[str, Client], organ: Organ) -> None:
    response = role_clients["secretary"].post(
        f"/organ/{organ.slug}/uppdrag/nytt/", {"person": PersonFactory().pk, "role": "ledamot", "start_date": "igår"}
    )
    assert response.status_code == 400
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in response.content.decode()


def test_a_group_chair_outside_lgl_is_refused_through_the_form(role_clients: dict[str, Client], organ: Organ) -> None:
    group = OrganFactory(kind=Organ.Kind.SAMORDNANDE_GRUPP, parent=organ)
    response = role_clients["secretary"].post(
        f"/organ/{group.slug}/uppdrag/nytt/",
        {"person": PersonFactory().pk, "role": "ordforande", "start_date": "2024-01-01"},
    )
    assert response.status_code == 400
    assert "inte ledamot" in response.content.decode()
    assert not Membership.objects.filter(organ=group).exists()


def test_the_secretary_replaces_a_member(role_clients: dict[str, Client], organ: Organ) -> None:
    old = MembershipFactory(organ=organ, role="ledamot", start_date=dt.date(2022, 1, 1))
    new_person = PersonFactory(name="Karin Jilkén")
    response = role_clients["secretary"].post(
        f"/medlemskap/{old.pk}/ersatt/", {"new_person": new_person.pk, "change_date": "2023-09-29"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.end_date == dt.date(2023, 9, 28)
    assert Membership.objects.filter(person=new_person, organ=organ, end_date__isnull=True).exists()
