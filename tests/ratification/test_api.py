from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from decisions.ratification.models import AssemblyDecision
from tests.factories.ratification import case_with_principals, register, rows_of

pytestmark = pytest.mark.django_db
Outcome = AssemblyDecision.Outcome


def test_each_required_assembly_is_an_oparl_consultation(client: Client) -> None:
    case = case_with_principals(13)
    register(rows_of(case)[0])
    body = client.get(f"/api/consultations/?case={case.slug}").json()
    assert body["count"] == 13
    item = next(i for i in body["results"] if "bifall" in i["keyword"])
    assert item["type"] == "https://schema.oparl.org/1.1/Consultation"
    assert item["authoritative"] is True
    assert item["meeting"] is None
    assert item["paper"].endswith(f"/ratificering/{case.slug}/")
    assert item["organization"][0].endswith("/organ/fullmaktige-testlan-kommun-01/")
    assert item["id"].endswith(f"/api/consultations/{rows_of(case)[0].pk}/")
    assert {"agendaItem", "role", "created", "modified"} <= set(item)
    detail = client.get(item["id"].split("testserver")[1]).json()
    assert detail == item


def test_the_consultation_list_takes_constant_queries(client: Client, django_assert_num_queries: Any) -> None:
    case_with_principals(3)
    with django_assert_num_queries(2):
        client.get("/api/consultations/")
    case_with_principals(6, title="Fler", county_name="Jönköpings län")
    with django_assert_num_queries(2):
        assert client.get("/api/consultations/").json()["count"] == 9


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/consultations/?case=finns-inte", 404),
        ("/api/consultations/?modified_since=igår", 400),
        ("/api/consultations/abc/", 404),
        ("/api/consultations/999999/", 404),
    ],
)
def test_api_misuse_gets_a_json_4xx(client: Client, url: str, status: int) -> None:
    case_with_principals(2)
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_the_api_is_read_only(client: Client) -> None:
    case_with_principals(1)
    response = client.post("/api/consultations/", {})
    assert response.status_code in (403, 405)
    assert response["Content-Type"].startswith("application/json")


def test_modified_since_filters(client: Client) -> None:
    case_with_principals(2)
    assert client.get("/api/consultations/?modified_since=2000-01-01T00:00:00Z").json()["count"] == 2
    assert client.get("/api/consultations/?modified_since=2999-01-01T00:00:00").json()["count"] == 0
