from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from groups import services as group_services
from groups.models import Membership, Organ
from meetings.models import Meeting
from plans.models import Plan, WorkStatus, WorkstreamStatusChange
from tests.factories.groups import OrganisationFactory, PersonFactory
from tests.factories.plans import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    PlanFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(organ: Organ) -> Plan:
    return PlanFactory(owner_organ=organ, name="Gemensam arbetsprocess omställning nära vård", slug="nara-vard")


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def _add_workstreams(plan: Plan, count: int) -> None:
    for _ in range(count):
        ws = WorkstreamFactory(plan=plan)
        ws.leads.add(PersonFactory(), PersonFactory())
        MilestoneFactory(workstream=ws)
        MilestoneFactory(workstream=ws, status=WorkStatus.KLAR)
        WorkstreamStatusChange.objects.create(workstream=ws, new_status=WorkStatus.PAGAR, comment="Start")


@pytest.mark.parametrize(
    "path", ["/grupper/", "/planer/", "/planer/nara-vard/", "/planer/nara-vard/tidslinje/", "/nyckeltal/"]
)
def test_the_public_pages_open_for_anyone(plan: Plan, role_clients: dict[str, Client], path: str) -> None:
    WorkstreamFactory(plan=plan, name="Kartläggning & analys av nuläge")
    response = role_clients["anonymous"].get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("outsider", 403), ("member", 403), ("chair", 403), ("secretary", 200)]
)
def test_only_the_owner_organs_secretary_may_update_a_workstreams_status(
    plan: Plan, role_clients: dict[str, Client], role: str, expected: int
) -> None:
    ws = WorkstreamFactory(plan=plan)
    assert role_clients[role].get(f"/planer/arbete/{ws.pk}/status/").status_code == expected
    response = role_clients[role].post(
        f"/planer/arbete/{ws.pk}/status/", {"status": WorkStatus.PAGAR, "progress": "10", "comment": "Igång"}
    )
    assert response.status_code == (302 if role == "secretary" else expected)
    ws.refresh_from_db()
    assert ws.status == (WorkStatus.PAGAR if role == "secretary" else WorkStatus.EJ_PABORJAD)


def test_a_status_update_shows_in_the_history_with_who_and_why(plan: Plan, role_clients: dict[str, Client]) -> None:
    ws = WorkstreamFactory(plan=plan)
    role_clients["secretary"].post(
        f"/planer/arbete/{ws.pk}/status/",
        {"status": WorkStatus.FORSENAD, "progress": "35", "comment": "Väntar på data"},
    )
    body = role_clients["anonymous"].get(f"/planer/arbete/{ws.pk}/").content.decode()
    assert "Försenad" in body and "Väntar på data" in body and "Sekreterare sekreterare" in body


def test_a_status_update_without_comment_is_shown_next_to_the_field_with_status_400(
    plan: Plan, role_clients: dict[str, Client]
) -> None:
    ws = WorkstreamFactory(plan=plan)
    response = role_clients["secretary"].post(
        f"/planer/arbete/{ws.pk}/status/", {"status": WorkStatus.PAGAR, "progress": "150", "comment": ""}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Skriv en kommentar" in body and "0–100" in body and 'aria-invalid="true"' in body
    assert not WorkstreamStatusChange.objects.exists()


def test_a_secretary_adds_and_edits_a_milestone(plan: Plan, role_clients: dict[str, Client]) -> None:
    ws = WorkstreamFactory(plan=plan)
    client = role_clients["secretary"]
    response = client.post(
        f"/planer/arbete/{ws.pk}/delmal/ny/",
        {"title": "Bemanna styrgruppen", "due_date": "2023-12-31", "status": WorkStatus.EJ_PABORJAD},
    )
    assert response.status_code == 302
    milestone = ws.milestones.get()
    assert (
        client.post(
            f"/planer/delmal/{milestone.pk}/",
            {"title": "Bemanna styrgruppen", "due_date": "inte-ett-datum", "status": "klar"},
        ).status_code
        == 400
    )
    client.post(
        f"/planer/delmal/{milestone.pk}/", {"title": "Bemanna styrgruppen", "due_date": "2024-01-15", "status": "klar"}
    )
    milestone.refresh_from_db()
    assert (milestone.due_date, milestone.status) == (dt.date(2024, 1, 15), WorkStatus.KLAR)


def test_the_plan_page_takes_the_same_number_of_queries_for_3_and_12_workstreams(
    plan: Plan, client: Client, django_assert_num_queries: Any
) -> None:
    _add_workstreams(plan, 3)
    client.get("/planer/nara-vard/")  # warm-up: sessions, translations
    small = _queries(client, "/planer/nara-vard/")
    _add_workstreams(plan, 9)
    with django_assert_num_queries(small):
        client.get("/planer/nara-vard/")


@pytest.mark.parametrize("path", ["/planer/", "/planer/nara-vard/tidslinje/"])
def test_list_and_timeline_take_the_same_number_of_queries_as_workstreams_grow(
    plan: Plan, client: Client, django_assert_num_queries: Any, path: str
) -> None:
    _add_workstreams(plan, 2)
    client.get(path)
    small = _queries(client, path)
    _add_workstreams(plan, 10)
    with django_assert_num_queries(small):
        client.get(path)


def test_the_workstream_page_takes_the_same_number_of_queries_as_its_history_grows(
    plan: Plan, client: Client, django_assert_num_queries: Any
) -> None:
    ws = WorkstreamFactory(plan=plan)
    MilestoneFactory(workstream=ws)
    client.get(f"/planer/arbete/{ws.pk}/")
    small = _queries(client, f"/planer/arbete/{ws.pk}/")
    for _ in range(8):
        MilestoneFactory(workstream=ws)
        ws.leads.add(PersonFactory())
        WorkstreamStatusChange.objects.create(workstream=ws, new_status=WorkStatus.PAGAR, comment="x")
    with django_assert_num_queries(small):
        client.get(f"/planer/arbete/{ws.pk}/")


def test_an_indicator_page_takes_the_same_number_of_queries_as_measurements_grow(
    organ: Organ, client: Client, django_assert_num_queries: Any
) -> None:
    indicator = IndicatorFactory(owner_organ=organ, slug="sip")
    orgs = [OrganisationFactory(county=organ.county) for _ in range(3)]
    for org in orgs:
        MeasurementFactory(indicator=indicator, organisation=org, period="2022")
    client.get("/nyckeltal/sip/")
    small = _queries(client, "/nyckeltal/sip/")
    orgs += [OrganisationFactory(county=organ.county) for _ in range(10)]
    for period in ("2021", "2023", "2024"):
        for org in orgs:
            MeasurementFactory(indicator=indicator, organisation=org, period=period)
        MeasurementFactory(indicator=indicator, organisation=None, period=period)
    with django_assert_num_queries(small):
        client.get("/nyckeltal/sip/")


def test_a_non_public_indicator_is_only_for_members_of_its_organ(organ: Organ, role_clients: dict[str, Client]) -> None:
    IndicatorFactory(owner_organ=organ, slug="internt", name="Internt nyckeltal", is_public=False)
    IndicatorFactory(owner_organ=organ, slug="publikt", name="Publikt nyckeltal")
    assert role_clients["anonymous"].get("/nyckeltal/internt/").status_code == 302
    assert role_clients["outsider"].get("/nyckeltal/internt/").status_code == 404
    assert role_clients["member"].get("/nyckeltal/internt/").status_code == 200
    public_list = role_clients["anonymous"].get("/nyckeltal/").content.decode()
    assert "Publikt nyckeltal" in public_list and "Internt nyckeltal" not in public_list
    assert "Internt nyckeltal" in role_clients["member"].get("/nyckeltal/").content.decode()


def test_the_indicator_page_shows_both_charts_with_the_same_figures_in_tables(organ: Organ, client: Client) -> None:
    indicator = IndicatorFactory(owner_organ=organ, slug="fast-lakarkontakt", unit="%", is_demo=True)
    borgholm = OrganisationFactory(name="Borgholms kommun", slug="borgholm", county=organ.county)
    kalmar = OrganisationFactory(name="Kalmar kommun", slug="kalmar", county=organ.county)
    MeasurementFactory(indicator=indicator, organisation=borgholm, period="2022", value=Decimal("57.6"))
    MeasurementFactory(indicator=indicator, organisation=kalmar, period="2022", value=Decimal("67.8"))
    MeasurementFactory(indicator=indicator, organisation=None, period="2022", value=Decimal("62.3"))
    MeasurementFactory(indicator=indicator, organisation=None, period="2023", value=Decimal("61.5"))
    body = client.get("/nyckeltal/fast-lakarkontakt/?period=2022&organisation=kalmar").content.decode()
    assert body.count('role="img"') == 2
    assert 'aria-labelledby="chart-over-time-title chart-over-time-desc"' in body
    assert "Demodata – påhittade värden" in body
    # The bar chart and its table say the same: Kalmar 67,8 and Borgholm 57,6, the län 62,3.
    assert body.count("67,8") >= 3 and body.count("57,6") >= 2 and body.count("62,3") >= 3
    assert "<caption>" in body


def test_a_measurement_is_entered_with_a_decimal_comma(organ: Organ, role_clients: dict[str, Client]) -> None:
    indicator = IndicatorFactory(owner_organ=organ, slug="sip")
    org = OrganisationFactory(county=organ.county)
    url = "/nyckeltal/sip/varde/nytt/"
    assert role_clients["member"].get(url).status_code == 403
    bad = role_clients["secretary"].post(url, {"organisation": org.pk, "period": "2023", "value": "tolv"})
    assert bad.status_code == 400 and "Ange ett tal" in bad.content.decode()
    role_clients["secretary"].post(url, {"organisation": org.pk, "period": "2023", "value": "12,5"})
    assert indicator.measurements.get().value == Decimal("12.5")


def _group(organ: Organ) -> Organ:
    group = Organ.objects.create(
        name="Barn och unga",
        slug="barn-och-unga-test",
        kind=Organ.Kind.SAMORDNANDE_GRUPP,
        county=organ.county,
        parent=organ,
        purpose="Samordnande grupp för barn och unga.",
    )
    chair = PersonFactory(name="Cecilia Wahlström")
    vice = PersonFactory(name="Johan Rosenqvist")
    for person, role in ((chair, Membership.Role.ORDFORANDE), (vice, Membership.Role.VICE_ORDFORANDE)):
        group_services.membership_start(
            acting_user=None, person=person, organ=organ, role=Membership.Role.LEDAMOT, start_date=dt.date(2023, 1, 1)
        )
        group_services.membership_start(
            acting_user=None, person=person, organ=group, role=role, start_date=dt.date(2023, 10, 1)
        )
    return group


def test_a_group_page_shows_purpose_chairs_members_meetings_and_its_handlingsplan(organ: Organ, client: Client) -> None:
    group = _group(organ)
    Meeting.objects.create(organ=group, date=dt.date(2024, 2, 1), title="Gruppmöte")
    ActionFactory(action_plan=ActionPlanFactory(organ=group, title="Handlingsplan Barn och unga"), title="SIP-rutin")
    body = client.get(f"/grupper/{group.slug}/").content.decode()
    for text in (
        "Samordnande grupp för barn och unga.",
        "Cecilia Wahlström",
        "Vice ordförande",
        "Johan Rosenqvist",
        "Gruppmöte",
        "/moten/",
        "Handlingsplan Barn och unga",
        "SIP-rutin",
    ):
        assert text in body
    assert "Barn och unga" in client.get("/grupper/").content.decode()


def test_the_groups_secretary_reports_the_plan_to_lgl_and_the_page_says_so(
    organ: Organ, role_clients: dict[str, Client], secretary: Any
) -> None:
    group = _group(organ)
    action_plan = ActionPlanFactory(organ=group)
    ActionFactory(action_plan=action_plan, title="SIP-rutin", status=WorkStatus.PAGAR)
    meeting = Meeting.objects.create(organ=organ, date=dt.date(2024, 3, 15))
    item = meeting.items.create(
        organ=organ, position=1, title="Rapport från samordnande grupper", paragraph_number=12, paragraph_year=2024
    )
    url = f"/grupper/handlingsplan/{action_plan.pk}/rapportera/"
    # LGL's secretary manages the organ above the group, so may report for it.
    assert role_clients["member"].get(url).status_code == 403
    assert role_clients["secretary"].post(url, {"agenda_item": ""}).status_code == 400
    assert role_clients["secretary"].post(url, {"agenda_item": item.pk}).status_code == 302
    body = role_clients["anonymous"].get(f"/grupper/{group.slug}/").content.decode()
    assert "Rapporterad till" in body and "15 mars 2024" in body and "§ 12" in body


def test_the_status_report_button_orders_a_document_job_for_the_plan(
    plan: Plan, role_clients: dict[str, Client]
) -> None:
    from meetings.documents.models import DocumentJob

    WorkstreamFactory(plan=plan)
    assert role_clients["member"].post("/planer/nara-vard/statusrapport/").status_code == 403
    response = role_clients["secretary"].post("/planer/nara-vard/statusrapport/")
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dokument/{job.pk}/"
    assert job.kind == DocumentJob.Kind.STATUS_REPORT and job.params["plan_id"] == plan.pk


def test_a_group_page_takes_the_same_number_of_queries_as_actions_and_meetings_grow(
    organ: Organ, client: Client, django_assert_num_queries: Any
) -> None:
    group = _group(organ)
    action_plan = ActionPlanFactory(organ=group)
    ActionFactory(action_plan=action_plan, owner=PersonFactory())
    Meeting.objects.create(organ=group, date=dt.date(2024, 2, 1))
    path = f"/grupper/{group.slug}/"
    client.get(path)
    small = _queries(client, path)
    for day in range(2, 10):
        ActionFactory(action_plan=action_plan, owner=PersonFactory())
        Meeting.objects.create(organ=group, date=dt.date(2024, 3, day))
    with django_assert_num_queries(small):
        client.get(path)


def test_a_secretary_links_the_decisions_and_agenda_items_that_drive_a_workstream(
    plan: Plan, organ: Organ, role_clients: dict[str, Client]
) -> None:
    from decisions.models import Assignment, Decision

    ws = WorkstreamFactory(plan=plan)
    meeting = Meeting.objects.create(organ=organ, date=dt.date(2023, 9, 29))
    item = meeting.items.create(organ=organ, position=4, title="Gemensam plan för primärvård")
    decision = Decision.objects.create(organ=organ, decided_on=dt.date(2023, 9, 29), title="Uppdrag: gemensam plan")
    assignment = Assignment.objects.create(decision=decision, description="Arbeta fram en gemensam plan")
    url = f"/planer/arbete/{ws.pk}/kopplingar/"
    assert role_clients["member"].get(url).status_code == 403
    assert role_clients["secretary"].post(url, {"decisions": ["999999"]}).status_code == 400
    response = role_clients["secretary"].post(
        url, {"decisions": [decision.pk], "assignments": [assignment.pk], "agenda_items": [item.pk]}
    )
    assert response.status_code == 302
    body = role_clients["anonymous"].get(f"/planer/arbete/{ws.pk}/").content.decode()
    assert "Uppdrag: gemensam plan" in body and "Arbeta fram en gemensam plan" in body
    assert "Gemensam plan för primärvård" in body
    role_clients["secretary"].post(url, {"decisions": [decision.pk]})
    assert not ws.agenda_items.exists() and list(ws.decisions.all()) == [decision]
