"""The secretary's expediering page: naming recipients, and what is refused (in Swedish, nothing half-saved)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from meetings.expediering.models import Dispatch, Recipient
from tests.factories.documents import protocol_meeting
from tests.factories.groups import OrganisationFactory, PersonFactory
from tests.factories.ratification import secretary_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary_client() -> tuple[Client, Any]:
    meeting = protocol_meeting(paragraphs=3, locked=False)
    client = Client()
    client.force_login(secretary_of(meeting.organ, "exp-sekr"))
    return client, meeting


def page_text(response: Any) -> str:
    return " ".join(response.content.decode().split())


def test_one_recipient_is_named_for_several_paragraphs_at_once(secretary_client: tuple[Client, Any]) -> None:
    client, meeting = secretary_client
    items = list(meeting.items.order_by("position"))
    nybro = OrganisationFactory(
        name="Nybro kommun", county=meeting.organ.county, registrator_email="diarium@nybro.example"
    )
    url = f"/moten/{meeting.pk}/expediering/"
    response = client.post(f"{url}mottagare/", {"items": [items[0].pk, items[1].pk], "organisation": nybro.pk})
    assert response.status_code == 302
    assert list(Recipient.objects.filter(organisation=nybro).values_list("item_id", flat=True).order_by("item_id")) == [
        items[0].pk,
        items[1].pk,
    ]
    text = page_text(client.get(url))
    assert text.count("Nybro kommun &lt;diarium@nybro.example&gt;") == 2
    # Naming the same recipient again changes nothing.
    client.post(f"{url}mottagare/", {"items": [items[0].pk], "organisation": nybro.pk})
    assert Recipient.objects.filter(organisation=nybro).count() == 2


def test_a_recipient_must_be_exactly_one_of_organisation_person_or_address(
    secretary_client: tuple[Client, Any],
) -> None:
    client, meeting = secretary_client
    item = meeting.items.first()
    url = f"/moten/{meeting.pk}/expediering/mottagare/"
    person = PersonFactory(name="Sofia Hartz", email="sofia@region.example")
    for data in ({"items": [item.pk]}, {"items": [item.pk], "person": person.pk, "email": "a@b.example"}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Välj en organisation, en person eller skriv en e-postadress – en av dem." in page_text(response)
    response = client.post(url, {"person": person.pk})
    assert response.status_code == 400
    assert "Välj minst en paragraf." in page_text(response)
    response = client.post(url, {"items": [item.pk], "email": "inte en adress"})
    assert response.status_code == 400
    assert not Recipient.objects.exists()


def test_nothing_is_sent_before_justering(secretary_client: tuple[Client, Any]) -> None:
    client, meeting = secretary_client
    item = meeting.items.first()
    url = f"/moten/{meeting.pk}/expediering/"
    client.post(f"{url}mottagare/", {"items": [item.pk], "email": "registrator@nybro.example"})
    text = page_text(client.post(f"{url}skicka/", follow=True))
    assert "Protokollet måste vara justerat innan besluten expedieras." in text
    assert not Dispatch.objects.exists()


def test_a_removed_recipient_is_gone_from_the_paragraph(secretary_client: tuple[Client, Any]) -> None:
    client, meeting = secretary_client
    item = meeting.items.first()
    url = f"/moten/{meeting.pk}/expediering/"
    client.post(f"{url}mottagare/", {"items": [item.pk], "email": "registrator@nybro.example"})
    recipient = Recipient.objects.get()
    assert client.post(f"{url}mottagare/ta-bort/", {"recipient": recipient.pk}).status_code == 302
    assert not Recipient.objects.exists()
    assert "Ingen mottagare" in page_text(client.get(url))


def test_another_organs_secretary_cannot_manage_expediering(secretary_client: tuple[Client, Any]) -> None:
    _client, meeting = secretary_client
    other = protocol_meeting(paragraphs=1)
    client = Client()
    client.force_login(secretary_of(other.organ, "annan-sekr"))
    assert client.get(f"/moten/{meeting.pk}/expediering/").status_code == 403
    assert client.post(f"/moten/{meeting.pk}/expediering/skicka/").status_code == 403
