from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from meetings.models import Attachment, Meeting
from tests.factories.decisions import AgendaItemFactory, DecisionFactory, MeetingFactory, SummaryFactory
from tests.factories.groups import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_every_endpoint_including_consultations(client: Client) -> None:
    data = client.get("/api/").json()
    for name in (
        "bodies",
        "organizations",
        "people",
        "memberships",
        "meetings",
        "agenda-items",
        "papers",
        "files",
        "consultations",
    ):
        assert data["endpoints"][name].endswith(f"/api/{name}/")
    assert client.get("/api/schema/").status_code == 200


def test_papers_follow_oparl_and_show_only_published_summaries(client: Client, organ: Any) -> None:
    published = SummaryFactory(decision=DecisionFactory(organ=organ, diarienummer="KS 2023/0539"), title="Publik")
    SummaryFactory(decision=DecisionFactory(organ=organ), title="Utkast som inte syns", is_published=False)
    data = client.get("/api/papers/").json()
    papers = {p["id"].rsplit("/", 2)[-2]: p for p in data["results"]}
    paper = papers[str(published.decision_id)]
    assert paper["type"] == "https://schema.oparl.org/1.1/Paper"
    assert paper["reference"] == "KS 2023/0539"
    assert paper["summary"]["title"] == "Publik"
    assert "Utkast som inte syns" not in str(data)
    assert "next" in data


def test_the_api_never_exposes_confidential_items_unjusterat_decisions_or_email(client: Client, organ: Any) -> None:
    planned = MeetingFactory(organ=organ, status=Meeting.Status.PLANERAT)
    justerat = MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT)
    secret_item = AgendaItemFactory(
        meeting=justerat, title="Sekretessärendet", is_confidential=True, confidentiality_reference="OSL 26:1"
    )
    AgendaItemFactory(meeting=planned, title="Planerat ärende")
    open_item = AgendaItemFactory(meeting=justerat, title="Öppet ärende")
    Attachment.objects.create(item=secret_item, title="Hemlig bilaga", url="https://example.se/h", is_public=True)
    Attachment.objects.create(item=open_item, title="Intern bilaga", url="https://example.se/i", is_public=False)
    Attachment.objects.create(item=open_item, title="Offentlig bilaga", url="https://example.se/o", is_public=True)
    hidden = DecisionFactory(
        organ=organ,
        meeting=MeetingFactory(organ=organ, status=Meeting.Status.UNDER_JUSTERING),
        title="Ännu ej justerat",
    )
    person = PersonFactory(email="hemlig@example.se")
    MembershipFactory(person=person, organ=organ)
    everything = "".join(
        client.get(f"/api/{name}/").content.decode()
        for name in ("bodies", "organizations", "people", "memberships", "meetings", "agenda-items", "papers", "files")
    )
    assert "Öppet ärende" in everything and "Offentlig bilaga" in everything
    for secret in (
        "Sekretessärendet",
        "Planerat ärende",
        "Hemlig bilaga",
        "Intern bilaga",
        "Ännu ej justerat",
        "@example.se",
    ):
        assert secret not in everything, secret
    assert client.get(f"/api/agenda-items/{secret_item.pk}/").status_code == 404
    assert client.get(f"/api/papers/{hidden.pk}/").status_code == 404


def test_api_misuse_gets_a_json_4xx(client: Client) -> None:
    response = client.get("/api/papers/999999/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    response = client.get("/api/meetings/?organization=abc")
    assert response.status_code == 400 and "organization" in response.json()
    response = client.get("/api/papers/?cursor=garbage")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert client.post("/api/papers/").status_code in (403, 405)
    response = client.get("/api/nonsense/")
    assert response.status_code == 404 and response.json()["index"] == "/api/"
    assert client.get("/api/papers/abc/").status_code == 404
    assert client.get("/api/consultations/").status_code == 200
