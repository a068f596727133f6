"""A client that knows only /api/ reaches every public object of the demo, and all of it is valid OParl 1.1."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Q
from django.test import Client

from decisions.models import Decision
from decisions.ratification.models import AssemblyDecision, ProposalDocument, RatificationCase
from groups.models import Membership, Organ, Organisation, Person
from meetings.documents.models import DocumentJob
from meetings.models import AgendaItem, Attachment, Meeting
from tests.api.oparl import Walk

pytestmark = pytest.mark.django_db

# Written out here from the portal's rules (README, "Beslut om domänen"), not imported from the API's code.
LOCKED = ("justerat", "anslaget")


def expected_public_counts() -> dict[str, int]:
    """The public objects in the demo, counted straight from the tables."""
    public_organs = Organ.objects.filter(is_public=True)
    joint_counties = (
        public_organs.filter(Q(organisation__isnull=True) | Q(organisation__is_principal=False))
        .values("county")
        .distinct()
    )
    bodies = Organisation.objects.filter(is_principal=True).count() + joint_counties.count()
    meetings = Meeting.objects.filter(organ__is_public=True).exclude(status="planerat")
    items = AgendaItem.objects.filter(meeting__in=meetings, is_confidential=False)
    decisions = Decision.objects.filter(organ__is_public=True).filter(
        Q(agenda_item__isnull=True) | Q(agenda_item__is_confidential=False),
        Q(meeting__isnull=True) | Q(meeting__status__in=LOCKED) | Q(summary__is_published=True),
    )
    cases = RatificationCase.objects.filter(sending_organ__is_public=True)
    files = (
        Attachment.objects.filter(is_public=True, item__in=items, item__meeting__status__in=LOCKED).count()
        + DocumentJob.objects.filter(
            kind="public_protocol", status="done", meeting__in=meetings.filter(status__in=LOCKED)
        ).count()
        + ProposalDocument.objects.filter(case__in=cases).count()
    )
    consultations = (
        decisions.filter(agenda_item__in=items).count()
        + AssemblyDecision.objects.filter(case__in=cases, removed_at__isnull=True).count()
    )
    return {
        "System": 1,
        "Body": bodies,
        "LegislativeTerm": expected_terms(bodies_with_years()),
        "Organization": public_organs.count(),
        "Person": Person.objects.filter(memberships__organ__is_public=True).distinct().count(),
        "Membership": Membership.objects.filter(organ__is_public=True).count(),
        "Meeting": meetings.count(),
        "Location": meetings.exclude(location="").count(),
        "AgendaItem": items.count(),
        "Paper": decisions.count() + cases.count(),
        "Consultation": consultations,
        "File": files,
    }


def bodies_with_years() -> list[list[int]]:
    """Per Body, the years its public organs have meetings or memberships in (plus this year)."""
    today = dt.date.today().year
    out = []
    groups = [Q(organisation=o) for o in Organisation.objects.filter(is_principal=True)]
    for county in Organ.objects.order_by().values_list("county", flat=True).distinct():
        joint = Q(county=county) & (Q(organisation__isnull=True) | Q(organisation__is_principal=False))
        if Organ.objects.filter(joint, is_public=True).exists():
            groups.append(joint)
    for q in groups:
        organs = Organ.objects.filter(q, is_public=True)
        years = [d.year for d in Meeting.objects.filter(organ__in=organs).values_list("date", flat=True)]
        years += [d.year for d in Membership.objects.filter(organ__in=organs).values_list("start_date", flat=True)]
        out.append([today, *years])
    return out


def expected_terms(year_lists: list[list[int]]) -> int:
    # Swedish mandatperioder: 2019–2022, 2023–2026, 2027–2030 ... (elections every fourth year since 2018).
    def term(year: int) -> int:
        return 2023 + (year - 2023) // 4 * 4

    return sum((term(max(years)) - term(min(years))) // 4 + 1 for years in year_lists)


def test_a_client_starting_at_api_reaches_every_public_object_and_all_of_it_validates(demo: None) -> None:
    client = Client()
    walk = Walk(get=client.get, site=settings.SITE_URL).run()
    assert walk.problems == []
    counts = walk.counts()
    expected = expected_public_counts()
    print("objects reached per type:", dict(sorted(counts.items())), "responses:", walk.fetched)
    assert dict(counts) == {kind: n for kind, n in expected.items() if n}
    # The demo is not empty in any of the types a client cares about.
    for kind in ("Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper", "Consultation"):
        assert counts[kind] > 0, kind


def test_every_reference_is_reachable_from_its_body(demo: None) -> None:
    client = Client()
    system = client.get("/api/").json()
    bodies = client.get(system["body"].removeprefix(settings.SITE_URL) + "?limit=1000").json()["data"]
    organizations = set()
    for body in bodies:
        page = client.get(body["organization"].removeprefix(settings.SITE_URL) + "?limit=1000").json()
        organizations |= {o["id"] for o in page["data"]}
        assert all(o["body"] == body["id"] for o in page["data"])
    # Every organization a meeting, membership or consultation names is in some Body's organization list.
    walk = Walk(get=client.get, site=settings.SITE_URL).run()
    named = set()
    for obj in walk.objects.values():
        if obj["type"].endswith("/Body"):
            continue  # a Body's `organization` is its list
        value = obj.get("organization")
        named |= set(value if isinstance(value, list) else [value] if value else [])
    assert named and named <= organizations


def test_the_lgl_body_holds_lgl_and_its_groups(demo: None) -> None:
    client = Client()
    bodies = client.get("/api/bodies/?limit=1000").json()["data"]
    lgl = next(b for b in bodies if b["shortName"] == "LGL")
    names = {o["name"] for o in client.get(lgl["organization"].removeprefix(settings.SITE_URL)).json()["data"]}
    assert {"Länsgemensam ledning i samverkan", "Äldre", "Psykisk hälsa"} <= names
    kalmar = next(b for b in bodies if b["name"] == "Kalmar kommun")
    names = {o["name"] for o in client.get(kalmar["organization"].removeprefix(settings.SITE_URL)).json()["data"]}
    assert names == {"Kommunfullmäktige i Kalmar kommun"}


def test_each_ratifying_assembly_is_a_consultation_of_the_joint_proposal(demo: None) -> None:
    client = Client()
    case = RatificationCase.objects.get()
    paper = client.get(f"/api/proposals/{case.pk}/").json()
    consultations = paper["consultation"]
    assert len(consultations) == 13
    organizations = {c["organization"][0] for c in consultations}
    names = {client.get(u.removeprefix(settings.SITE_URL)).json()["name"] for u in organizations}
    assert "Kommunfullmäktige i Kalmar kommun" in names and "Regionfullmäktige, Region Kalmar län" in names
    assert all(c["paper"] == paper["id"] for c in consultations)
    # The kommun's own conditional decision links to the proposal it depends on.
    kalmar = Decision.objects.get(diarienummer="KS 2023/0539")
    assert paper["id"] in client.get(f"/api/papers/{kalmar.pk}/").json()["relatedPaper"]


def test_ids_come_from_the_configured_site_never_from_the_host_header(demo: None, settings: Any) -> None:
    body = Client(HTTP_HOST="127.0.0.1").get("/api/").json()
    assert body["id"] == "https://lgl.example.se/api/"
    assert "127.0.0.1" not in str(body)
