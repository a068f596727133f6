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


def test_a_service_refusal_in_the_organ_admin_is_shown_at_the_form_not_as_a_server_error(
    client: Client, admin_user: object
) -> None:
    from django.forms.models import model_to_dict

    from groups import services

    client.force_login(admin_user)
    organ = OrganFactory(name="Styrgruppen")
    data = {k: v for k, v in model_to_dict(organ, fields=services.ORGAN_UPDATE_FIELDS).items() if v is not None}
    data |= {"parent": organ.pk, "is_public": "on" if organ.is_public else ""}
    response = client.post(f"/admin/groups/organ/{organ.pk}/change/", data)
    assert response.status_code == 200
    assert "Ett organ kan inte ligga under sig självt." in response.content.decode()
    organ.refresh_from_db()
    assert organ.parent_id is None
    assert not AuditEntry.objects.filter(action="organ_update").exists(), "the dry run left no audit row"
