"""Issue 15, "smaller" holes: NUL and invalid UTF-8 in parameters, Permissions-Policy, robots.txt, document ids."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from lgl_portal.core.views import ROBOTS_DISALLOW
from meetings.documents.models import DocumentJob
from tests.factories.meetings import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("secretary", "/personer/?q=%00"),
        ("secretary", "/moten/nytt/?organ=%00"),
        ("anonymous", "/api/consultations/?case=%00"),
        ("anonymous", "/sok/?q=a%00b"),
        ("anonymous", "/beslut/?year=%00"),
        ("anonymous", "/moten/?x%00=1"),
    ],
)
def test_a_nul_byte_in_any_parameter_is_refused_with_400(role_clients: dict[str, Client], role: str, url: str) -> None:
    response = role_clients[role].get(url)
    assert response.status_code == 400
    is_json = response["Content-Type"].startswith("application/json")
    # The open API answers with an OParl Error object, whose text is `message`.
    assert "otillåtna tecken" in (response.json()["message"] if is_json else response.content.decode())


@pytest.mark.parametrize("url", ["/sok/?q=%ff%fe", "/beslut/?organ=%c3%28", "/api/papers/?q=%80"])
def test_invalid_utf8_in_a_parameter_is_refused_with_400(client: Client, url: str) -> None:
    assert client.get(url).status_code == 400


def test_a_nul_byte_in_a_posted_form_is_refused_with_400(role_clients: dict[str, Client]) -> None:
    response = role_clients["secretary"].post("/personer/ny/", {"name": "Anna\x00Andersson"})
    assert response.status_code == 400


def test_ordinary_swedish_parameters_pass(client: Client) -> None:
    assert client.get("/sok/?q=%C3%A4ldre+prim%C3%A4rv%C3%A5rd").status_code == 200


def test_every_page_refuses_browser_features_with_a_permissions_policy(client: Client) -> None:
    for url in ("/", "/beslut/", "/robots.txt", "/finns-inte/"):
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, (url, policy)


def test_robots_txt_keeps_drafts_and_member_pages_out_and_public_pages_in(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    assert disallowed == set(ROBOTS_DISALLOW)
    for private in ("/mina-sidor/", "/moten/*/protokoll/", "/moten/*/justering/", "/beslut/*/sammanfattning/"):
        assert private in disallowed
    for public in ("/", "/beslut/", "/moten/", "/anslagstavla/", "/ratificering/", "/planer/"):
        assert public not in disallowed


def test_an_internal_document_answers_an_anonymous_visitor_exactly_like_a_missing_one(
    client: Client, organ: Any
) -> None:
    meeting = MeetingFactory(organ=organ)
    job = DocumentJob.objects.create(kind=DocumentJob.Kind.PROTOCOL, meeting=meeting)
    missing = DocumentJob.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    for suffix in ("", "fil/"):
        existing = client.get(f"/dokument/{job.pk}/{suffix}")
        absent = client.get(f"/dokument/{missing}/{suffix}")
        assert existing.status_code == absent.status_code == 404
        # The page offers the login to a visitor who may be a member.
        assert "/konto/logga-in/?next=" in existing.content.decode()

        def anonymised(body: bytes, pk: int) -> str:
            text = body.decode().replace(f"/dokument/{pk}/", "/dokument/N/").replace(f"%2Fdokument%2F{pk}%2F", "N")
            return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

        assert anonymised(existing.content, job.pk) == anonymised(absent.content, missing)
