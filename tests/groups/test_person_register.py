"""Issue 15: a secretary edits only the people of the organs they manage; an e-mail change is audited and told
at the old address (a group secretary could reroute the LGL chair's kallelse and justering mails)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from groups import services
from groups.models import Membership, Organ, Person
from lgl_portal.audit.models import AuditEntry
from tests.factories.groups import OrganFactory, PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def lgl_and_group() -> tuple[Organ, Organ]:
    lgl = OrganFactory(name="LGL", slug="lgl-reg")
    group = OrganFactory(name="Äldre", slug="aldre-reg", parent=lgl)
    return lgl, group


def _member(organ: Organ, name: str, email: str, role: str = Membership.Role.LEDAMOT) -> Person:
    person = PersonFactory(name=name, email=email)
    services.membership_start(acting_user=None, person=person, organ=organ, role=role, start_date=dt.date(2020, 1, 1))
    return person


def test_a_group_secretary_cannot_edit_the_lgl_chair(lgl_and_group: tuple[Organ, Organ]) -> None:
    lgl, group = lgl_and_group
    chair = _member(lgl, "Anna Ordförande", "anna@region.se", Membership.Role.ORDFORANDE)
    client = Client()
    client.force_login(user_with_role(group, Membership.Role.SEKRETERARE))
    assert client.get(f"/personer/{chair.pk}/redigera/").status_code == 403
    response = client.post(f"/personer/{chair.pk}/redigera/", {"name": chair.name, "email": "kapad@example.se"})
    assert response.status_code == 403
    chair.refresh_from_db()
    assert chair.email == "anna@region.se"
    # Reading stays open.
    assert client.get(f"/personer/{chair.pk}/").status_code == 200
    assert client.get("/personer/").status_code == 200


def test_a_group_secretary_edits_the_people_of_their_own_group(lgl_and_group: tuple[Organ, Organ]) -> None:
    _lgl, group = lgl_and_group
    member = _member(group, "Bo Ledamot", "bo@kommun.se")
    client = Client()
    client.force_login(user_with_role(group, Membership.Role.SEKRETERARE))
    response = client.post(
        f"/personer/{member.pk}/redigera/", {"name": "Bo Ledamot", "title": "Chef", "email": "bo@kommun.se"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.title == "Chef"


def test_the_lgl_secretary_edits_the_people_of_the_groups_under_lgl(lgl_and_group: tuple[Organ, Organ]) -> None:
    lgl, group = lgl_and_group
    member = _member(group, "Bo Ledamot", "bo@kommun.se")
    client = Client()
    client.force_login(user_with_role(lgl, Membership.Role.SEKRETERARE))
    assert client.get(f"/personer/{member.pk}/redigera/").status_code == 200


def test_an_email_change_is_audited_and_told_at_the_old_address(
    lgl_and_group: tuple[Organ, Organ], mailoutbox: list, mail_at_commit: Any
) -> None:
    lgl, _group = lgl_and_group
    person = _member(lgl, "Cecilia Ledamot", "cecilia@region.se")
    secretary = user_with_role(lgl, Membership.Role.SEKRETERARE)
    with mail_at_commit():
        services.person_update(acting_user=secretary, person=person, email="cecilia.ny@region.se")
    entry = AuditEntry.objects.get(action="person_update", target_id=str(person.pk))
    assert entry.changes["email"] == ["cecilia@region.se", "cecilia.ny@region.se"]
    assert [m.to for m in mailoutbox] == [["cecilia@region.se"]]
    assert "cecilia.ny@region.se" in mailoutbox[0].body
    assert "har ändrats" in mailoutbox[0].subject


def test_a_change_that_leaves_the_email_alone_sends_nothing(
    lgl_and_group: tuple[Organ, Organ], mailoutbox: list, mail_at_commit: Any
) -> None:
    lgl, _group = lgl_and_group
    person = _member(lgl, "Cecilia Ledamot", "cecilia@region.se")
    with mail_at_commit():
        services.person_update(acting_user=None, person=person, title="Direktör")
    assert mailoutbox == []
