from __future__ import annotations

import pytest
from django.test import Client

from groups.models import Membership
from lgl_portal.audit.models import AuditEntry
from tests.factories.groups import MembershipFactory, OrganFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_membership_through_the_service(client: Client, admin_user: object) -> None:
    client.force_login(admin_user)
    person, organ = PersonFactory(), OrganFactory()
    response = client.post(
        "/admin/groups/membership/add/",
        {"person": person.pk, "organ": organ.pk, "role": "ledamot", "start_date": "2024-01-01"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(person=person, organ=organ).exists()
    assert AuditEntry.objects.filter(action="membership_start").exists()


def test_the_admin_refuses_a_second_chair_with_the_rule_message(client: Client, admin_user: object) -> None:
    client.force_login(admin_user)
    organ = OrganFactory()
    MembershipFactory(organ=organ, role="ordforande", person=PersonFactory(name="Sittande Ordförande"))
    response = client.post(
        "/admin/groups/membership/add/",
        {"person": PersonFactory().pk, "organ": organ.pk, "role": "ordforande", "start_date": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "Sittande Ordförande" in response.content.decode()
    assert Membership.objects.filter(organ=organ).count() == 1


def test_the_admin_can_only_end_a_membership_not_rewrite_it(client: Client, admin_user: object) -> None:
    client.force_login(admin_user)
    m = MembershipFactory()
    response = client.get(f"/admin/groups/membership/{m.pk}/change/")
    assert response.status_code == 200
    assert 'name="end_date"' in response.content.decode()
    assert 'name="person"' not in response.content.decode()
