"""Personal data: an admin exports everything about a person, and anonymises a person in public outputs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from groups import privacy
from groups.models import Membership, Person
from lgl_portal.audit.models import AuditEntry
from tests.factories.groups import OrganFactory, PersonFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_with_history(admin_user: Any) -> Person:
    organ = OrganFactory(name="Psykisk hälsa", slug="psykisk-halsa-test")
    user = user_with_role(organ, Membership.Role.SAMORDNARE, username="karin")
    person = Person.objects.get(user=user)
    Person.objects.filter(pk=person.pk).update(name="Karin Jilkén", email="karin.jilken@example.se", title="Samordnare")
    person.refresh_from_db()
    from groups import services

    services.person_update(acting_user=user, person=person, party="")
    return person


def test_the_export_holds_the_person_the_account_the_memberships_and_the_persons_own_changes(
    admin_user: Any, person_with_history: Person
) -> None:
    data = privacy.person_data_export(acting_user=admin_user, person=person_with_history)
    assert data["person"]["namn"] == "Karin Jilkén"
    assert data["person"]["e-post"] == "karin.jilken@example.se"
    assert data["konto"]["användarnamn"] == "karin"
    memberships = data["relaterat"]["groups.membership:person"]
    assert [m["role"] for m in memberships] == ["samordnare"]
    assert any(e["händelse"] == "person_update" for e in data["ändringar_gjorda_av_personen"])
    json.dumps(data)  # everything is JSON-ready
    assert AuditEntry.objects.filter(action="person_data_export", target_id=str(person_with_history.pk)).exists()


def test_the_admin_downloads_the_export_as_a_json_file(admin_user: Any, person_with_history: Person) -> None:
    client = Client()
    client.force_login(admin_user)
    response = client.get(f"/personer/{person_with_history.pk}/personuppgifter/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="personuppgifter-{person_with_history.pk}.json"'
    assert json.loads(response.content)["person"]["namn"] == "Karin Jilkén"


@pytest.mark.parametrize("path", ["personuppgifter/", "personuppgifter/export.json"])
def test_only_admins_reach_a_persons_data(
    person_with_history: Person, secretary: Any, outsider: Any, path: str
) -> None:
    url = f"/personer/{person_with_history.pk}/{path}"
    assert Client().get(url).status_code == 302
    for user in (secretary, outsider, person_with_history.user):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_anonymising_hides_the_person_in_public_pages_and_records_the_reason(
    admin_user: Any, person_with_history: Person
) -> None:
    client = Client()
    client.force_login(admin_user)
    url = f"/personer/{person_with_history.pk}/personuppgifter/"
    response = client.post(url, {"reason": "Begäran om radering enligt GDPR, inkommen 2026-11-20."})
    assert response.status_code == 302

    person_with_history.refresh_from_db()
    assert person_with_history.anonymised_at is not None
    assert person_with_history.email == ""
    assert person_with_history.title == ""
    entry = AuditEntry.objects.get(action="person_anonymise")
    assert entry.changes["reason"] == "Begäran om radering enligt GDPR, inkommen 2026-11-20."
    assert entry.changes["email"] == ["karin.jilken@example.se", ""]

    organ = person_with_history.memberships.get().organ
    for path in (f"/personer/{person_with_history.pk}/", f"/organ/{organ.slug}/"):
        page = Client().get(path).content.decode()
        assert "Karin Jilkén" not in page, path
        assert "karin.jilken@example.se" not in page
        assert "Avidentifierad person" in page


def test_anonymising_needs_a_reason(admin_user: Any, person_with_history: Person) -> None:
    client = Client()
    client.force_login(admin_user)
    response = client.post(f"/personer/{person_with_history.pk}/personuppgifter/", {"reason": "  "})
    assert response.status_code == 400
    assert "Ange skälet till avidentifieringen" in response.content.decode()
    person_with_history.refresh_from_db()
    assert person_with_history.anonymised_at is None


def test_a_person_is_anonymised_only_once(admin_user: Any) -> None:
    person = PersonFactory(name="Rune Jansson")
    privacy.person_anonymise(acting_user=admin_user, person=person, reason="GDPR")
    with pytest.raises(ValidationError) as exc:
        privacy.person_anonymise(acting_user=admin_user, person=person, reason="GDPR igen")
    assert "avidentifierades redan" in str(exc.value)


def test_the_open_data_api_does_not_show_an_anonymised_persons_name(admin_user: Any) -> None:
    person = PersonFactory(name="Sven-Erik Karlsson", email="sven-erik@example.se", user=UserFactory())
    privacy.person_anonymise(acting_user=admin_user, person=person, reason="GDPR")
    for url in ("/api/people/?limit=1000", f"/api/people/{person.pk}/"):
        response = Client().get(url)
        assert response.status_code in (200, 404)
        assert "Sven-Erik Karlsson" not in response.content.decode()
        assert "sven-erik@example.se" not in response.content.decode()
