"""The open API over HTTP: OParl errors in Swedish, filters, pages, CORS, ETag/304, gzip, and what it never shows."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from decisions.ratification import services as ratification_services
from meetings.models import Attachment, Meeting
from tests.api.oparl import VALIDATORS
from tests.factories.decisions import AgendaItemFactory, DecisionFactory, MeetingFactory, SummaryFactory
from tests.factories.groups import MembershipFactory, PersonFactory
from tests.factories.ratification import case_with_principals, rows_of

pytestmark = pytest.mark.django_db
ERROR = "https://schema.oparl.org/1.1/Error"


def _path(url: str) -> str:
    return url.removeprefix(settings.SITE_URL)


def _valid(obj: dict[str, Any]) -> bool:
    return not list(VALIDATORS[obj["type"].rsplit("/", 1)[-1]].iter_errors(obj))


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/papers/?modified_since=igår", 400, "modified_since ska vara en tidpunkt"),
        ("/api/papers/?created_until=2024-13-01T00:00:00Z", 400, "created_until ska vara en tidpunkt"),
        ("/api/meetings/?limit=0", 400, "limit ska vara ett heltal från 1 till 1000"),
        ("/api/meetings/?limit=100000000000000000000", 400, "limit ska vara ett heltal"),
        ("/api/meetings/?limit=-5", 400, "limit ska vara ett heltal"),
        ("/api/papers/?cursor=garbage", 400, "Ogiltig sidmarkör"),
        ("/api/papers/?cursor=OTk6MQ", 400, "Ogiltig sidmarkör"),  # "99:1": a source that does not exist
        ("/api/meetings/?organization=abc", 400, "organization ska vara ett id"),
        ("/api/papers/999999/", 404, "Det finns inget sådant objekt"),
        ("/api/papers/abc/", 404, "Det finns ingen sådan adress"),
        ("/api/bodies/finns-inte/", 404, "Det finns inget sådant objekt"),
        ("/api/nonsense/", 404, "Börja vid /api/"),
        ("/api/consultations/?case=finns-inte", 404, "inget ratificeringsärende"),
    ],
)
def test_misuse_gets_an_oparl_error_in_swedish_never_a_500(client: Client, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["type"] == ERROR and words in body["message"]
    assert "Decision" not in body["message"] and "query" not in body["message"]


def test_the_api_is_read_only(client: Client) -> None:
    response = client.post("/api/papers/", {})
    assert response.status_code == 405
    assert response.json()["type"] == ERROR


def test_lists_have_data_pagination_and_links_and_next_keeps_the_filters(client: Client, organ: Any) -> None:
    for n in range(7):
        SummaryFactory(decision=DecisionFactory(organ=organ, title=f"Beslut nummer {n}"))
    seen = []
    url: str | None = "/api/papers/?limit=3&modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"
    while url:
        page = client.get(_path(url)).json()
        assert set(page) == {"data", "pagination", "links"}
        assert page["pagination"]["elementsPerPage"] == 3
        seen += [p["id"] for p in page["data"]]
        url = page["links"].get("next")
        if url:
            assert "modified_since=2000-01-01T00%3A00%3A00%2B01%3A00" in url and "limit=3" in url
    assert len(seen) == len(set(seen)) == 7


def test_every_filter_is_applied(client: Client, organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ))
    now = timezone.now().isoformat()
    for name, expected in (("created_since", 0), ("modified_since", 0), ("created_until", 1), ("modified_until", 1)):
        data = client.get("/api/papers/", {name: now}).json()["data"]
        assert len(data) == expected, name
    # An unencoded "+01:00" arrives as a space; the client meant the offset.
    assert client.get("/api/papers/?modified_since=2000-01-01T00:00:00+01:00").status_code == 200


def test_omit_internal_leaves_out_the_embedded_lists(client: Client, organ: Any) -> None:
    meeting = MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT)
    AgendaItemFactory(meeting=meeting)
    full = client.get("/api/meetings/").json()["data"][0]
    short = client.get("/api/meetings/?omit_internal=true").json()["data"][0]
    assert "agendaItem" in full and "agendaItem" not in short


def test_cors_allows_every_origin_on_the_api_only(client: Client) -> None:
    response = client.get("/api/", HTTP_ORIGIN="https://annan.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/papers/", HTTP_ORIGIN="https://annan.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert not client.get("/beslut/", HTTP_ORIGIN="https://annan.example").has_header("Access-Control-Allow-Origin")


def test_an_unchanged_object_answers_304_to_its_etag_and_its_last_modified(client: Client, organ: Any) -> None:
    decision = SummaryFactory(decision=DecisionFactory(organ=organ)).decision
    first = client.get(f"/api/papers/{decision.pk}/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get(f"/api/papers/{decision.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(f"/api/papers/{decision.pk}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    listed = client.get("/api/papers/")
    assert client.get("/api/papers/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304
    DecisionFactory(organ=organ)  # a new public decision: the list is no longer the same
    assert client.get("/api/papers/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 200


def test_json_is_gzipped_for_clients_that_accept_it(client: Client, organ: Any) -> None:
    for n in range(5):
        SummaryFactory(decision=DecisionFactory(organ=organ, title=f"Ett beslut med en lång rubrik {n}"))
    response = client.get("/api/papers/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["data"]
    # Compressed, the ETag is weak and still answers 304.
    assert (
        client.get("/api/papers/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    )


def test_papers_show_only_published_summaries_with_prefixed_vendor_fields(client: Client, organ: Any) -> None:
    published = SummaryFactory(decision=DecisionFactory(organ=organ, diarienummer="KS 2023/0539"), title="Publik")
    SummaryFactory(decision=DecisionFactory(organ=organ), title="Utkast som inte syns", is_published=False)
    data = client.get("/api/papers/").json()
    paper = next(p for p in data["data"] if p["id"].endswith(f"/api/papers/{published.decision_id}/"))
    assert paper["reference"] == "KS 2023/0539" and paper["lgl:summary"]["title"] == "Publik"
    assert "Utkast som inte syns" not in json.dumps(data, ensure_ascii=False)
    assert all(key.startswith("lgl:") or key in VALIDATORS["Paper"].schema["properties"] for key in paper)
    assert _valid(paper)


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
        client.get(f"/api/{name}/?limit=1000").content.decode()
        for name in ("bodies", "organizations", "people", "memberships", "meetings", "agenda-items", "papers", "files")
    )
    assert "Öppet ärende" in everything and "Offentlig bilaga" in everything
    for secret in ("Sekretessärendet", "Planerat ärende", "Hemlig bilaga", "Intern bilaga", "Ännu ej justerat"):
        assert secret not in everything, secret
    assert "@example.se" not in everything
    assert client.get(f"/api/agenda-items/{secret_item.pk}/").status_code == 404
    assert client.get(f"/api/papers/{hidden.pk}/").status_code == 404


def test_a_meeting_has_its_times_with_offset_and_its_location_as_an_object(client: Client, organ: Any) -> None:
    import datetime as dt

    meeting = MeetingFactory(
        organ=organ, date=dt.date(2024, 7, 1), start_time=dt.time(9, 30), location="Regionhuset, Kalmar"
    )
    data = client.get(f"/api/meetings/{meeting.pk}/").json()
    assert data["start"] == "2024-07-01T09:30:00+02:00"  # CEST
    assert data["location"]["description"] == "Regionhuset, Kalmar" and _valid(data["location"])
    assert client.get(_path(data["location"]["id"])).json() == data["location"]
    assert _valid(data)


def test_a_removed_assembly_is_a_tombstone_in_modified_since_lists_and_at_its_url(client: Client) -> None:
    case = case_with_principals(3)
    row = rows_of(case)[0]
    before = timezone.now()
    keep = [r.organisation for r in rows_of(case)[1:]]
    ratification_services.case_set_required(acting_user=None, case=case, organisations=keep)
    at_url = client.get(f"/api/consultations/{row.pk}/").json()
    assert at_url["deleted"] is True and _valid(at_url)
    since = client.get("/api/consultations/", {"modified_since": before.isoformat()}).json()["data"]
    assert [c["id"] for c in since if c.get("deleted")] == [at_url["id"]]
    plain = client.get("/api/consultations/").json()["data"]
    assert at_url["id"] not in [c["id"] for c in plain]
    proposal = client.get(f"/api/proposals/{case.pk}/").json()
    assert at_url["id"] not in [c["id"] for c in proposal["consultation"]]
