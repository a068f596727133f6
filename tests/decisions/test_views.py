from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from decisions.models import Decision, Summary
from meetings.models import Meeting
from tests.factories.decisions import AgendaItemFactory, DecisionFactory, MeetingFactory, SummaryFactory

pytestmark = pytest.mark.django_db


def test_the_public_list_shows_published_summaries_only(client: Client, organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ, title="Publicerat beslut"))
    SummaryFactory(decision=DecisionFactory(organ=organ, title="Utkastet"), title="Utkastet", is_published=False)
    response = client.get("/beslut/")
    assert response.status_code == 200
    assert "Publicerat beslut" in response.content.decode()
    assert "Utkastet" not in response.content.decode()


def test_a_decision_page_shows_publicerad_and_senast_uppdaterad(client: Client, organ: Any) -> None:
    summary = SummaryFactory(decision=DecisionFactory(organ=organ, diarienummer="KS 2023/0539"))
    body = client.get(f"/beslut/{summary.decision_id}/").content.decode()
    assert "Publicerad" in body and "Senast uppdaterad" in body and "KS 2023/0539" in body


def test_a_decision_of_a_meeting_not_yet_justerat_is_hidden_until_its_summary_is_published(
    client: Client, organ: Any
) -> None:
    meeting = MeetingFactory(organ=organ, status=Meeting.Status.UNDER_JUSTERING)
    decision = DecisionFactory(organ=organ, meeting=meeting)
    assert client.get(f"/beslut/{decision.pk}/").status_code == 404
    SummaryFactory(decision=decision)
    body = client.get(f"/beslut/{decision.pk}/").content.decode()
    assert "Protokollet är inte justerat" in body
    assert "Protokollet är inte justerat" in client.get("/beslut/").content.decode()


def test_a_justerat_decision_is_public_without_the_label(client: Client, organ: Any) -> None:
    meeting = MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT)
    decision = DecisionFactory(organ=organ, meeting=meeting)
    body = client.get(f"/beslut/{decision.pk}/").content.decode()
    assert decision.title in body and "Protokollet är inte justerat" not in body


def test_a_decision_on_a_confidential_item_is_never_public(client: Client, organ: Any) -> None:
    meeting = MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT)
    item = AgendaItemFactory(meeting=meeting, is_confidential=True, confidentiality_reference="OSL 26:1")
    decision = DecisionFactory(organ=organ, meeting=meeting, agenda_item=item)
    SummaryFactory(decision=decision)
    assert client.get(f"/beslut/{decision.pk}/").status_code == 404


def test_a_depublished_summary_disappears_from_the_public_pages(role_clients: dict[str, Client], organ: Any) -> None:
    summary = SummaryFactory(decision=DecisionFactory(organ=organ, title="Snart borta"))
    anonymous = role_clients["anonymous"]
    assert "Snart borta" in anonymous.get("/beslut/").content.decode()
    response = role_clients["secretary"].post(
        f"/beslut/{summary.decision_id}/sammanfattning/avpublicera/", {"reason": "Fel datum."}
    )
    assert response.status_code == 302
    assert "Snart borta" not in anonymous.get("/beslut/").content.decode()
    assert Summary.objects.get(pk=summary.pk).depublish_reason == "Fel datum."


def test_the_list_filters_by_organ_year_and_area_and_pages_without_counting(client: Client, organ: Any) -> None:
    from tests.factories.decisions import AreaFactory, bulk_published_decisions
    from tests.factories.groups import OrganFactory

    bulk_published_decisions(organ, 30)
    other = OrganFactory(slug="annat-organ")
    area = AreaFactory(name="Äldre", slug="aldre")
    tagged = SummaryFactory(decision=DecisionFactory(organ=other, title="Äldrebeslutet"))
    tagged.decision.areas.add(area)
    first = client.get("/beslut/").content.decode()
    assert 'rel="next"' in first
    assert "Äldrebeslutet" in client.get("/beslut/?area=aldre").content.decode()
    assert "Massbeslut" not in client.get("/beslut/?area=aldre").content.decode()
    assert "Äldrebeslutet" not in client.get("/beslut/?organ=lgl-test").content.decode()
    assert "Massbeslut 29 " in client.get("/beslut/?year=2000").content.decode()
    # Rubbish in the filters is ignored, never a 500.
    assert client.get("/beslut/?year=abc&fore=nonsense&organ=x").status_code == 200
    # A NUL byte is refused for every URL with 400 (issue 15; this line used to expect 200 for organ=%00).
    assert client.get("/beslut/?year=abc&fore=nonsense&organ=%00").status_code == 400


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("outsider", 403), ("member", 403), ("chair", 403), ("secretary", 200)]
)
def test_only_the_organs_secretary_writes_summaries(
    role_clients: dict[str, Client], organ: Any, role: str, expected: int
) -> None:
    decision = DecisionFactory(organ=organ)
    assert role_clients[role].get(f"/beslut/{decision.pk}/sammanfattning/").status_code == expected
    assert role_clients[role].get("/beslut/uppdrag/").status_code == expected
    response = role_clients[role].post(f"/beslut/{decision.pk}/sammanfattning/", {"title": "X"})
    assert response.status_code == (302 if expected == 200 else expected)


def test_the_secretary_writes_and_publishes_a_summary_through_the_pages(
    role_clients: dict[str, Client], organ: Any
) -> None:
    secretary = role_clients["secretary"]
    response = secretary.post(
        "/beslut/nytt/",
        {
            "organ": organ.pk,
            "title": "Gemensam plan för primärvården",
            "decided_on": "2023-09-29",
            "kind": Decision.Kind.UPPDRAG,
            "status": Decision.Status.FATTAT,
            "text": "LGL får i uppdrag att arbeta fram en gemensam plan.",
        },
    )
    decision = Decision.objects.get(title="Gemensam plan för primärvården")
    assert response.status_code == 302
    url = f"/beslut/{decision.pk}/sammanfattning/"
    assert secretary.post(url, {"title": "Plan för primärvården", "bullets": "Godkänns."}).status_code == 302
    # Issue 15: a decision without a meeting is an utkast until the secretary publishes it (this line said 200).
    assert role_clients["anonymous"].get(f"/beslut/{decision.pk}/").status_code == 404
    assert secretary.post(f"/beslut/{decision.pk}/publicera/").status_code == 302
    assert role_clients["anonymous"].get(f"/beslut/{decision.pk}/").status_code == 200
    assert "Plan för primärvården" not in role_clients["anonymous"].get("/beslut/").content.decode()
    assert secretary.post(f"{url}publicera/").status_code == 302
    assert "Plan för primärvården" in role_clients["anonymous"].get("/beslut/").content.decode()


def test_bad_input_is_shown_next_to_the_field_with_status_400(role_clients: dict[str, Client], organ: Any) -> None:
    secretary = role_clients["secretary"]
    response = secretary.post("/beslut/nytt/", {"organ": organ.pk, "title": "", "decided_on": "igår"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    decision = DecisionFactory(organ=organ)
    secretary.post(f"/beslut/{decision.pk}/sammanfattning/", {"title": "T", "bullets": "Personnr 811218-9876"})
    response = secretary.post(f"/beslut/{decision.pk}/sammanfattning/publicera/")
    assert response.status_code == 400
    assert "personnummer" in response.content.decode()
    assert "Beslutspunkter" in response.content.decode()
    response = secretary.post(f"/beslut/{decision.pk}/sammanfattning/avpublicera/", {"reason": ""})
    assert response.status_code in (400, 404)


def test_the_uppdrag_overview_separates_overdue_from_open(role_clients: dict[str, Client], organ: Any) -> None:
    import datetime as dt

    from tests.factories.decisions import AssignmentFactory

    AssignmentFactory(
        decision=DecisionFactory(organ=organ),
        description="Sen plan",
        due_date=dt.date(2020, 1, 1),
        assignee_organ=organ,
    )
    AssignmentFactory(decision=DecisionFactory(organ=organ), description="Kommande plan", assignee_organ=organ)
    page = role_clients["secretary"].get("/beslut/uppdrag/").content.decode()
    body = page[page.index('<h2 id="organ-') :]
    assert body.index("Försenade") < body.index("Sen plan") < body.index("Öppna") < body.index("Kommande plan")


def test_the_atom_feed_lists_published_summaries_only(client: Client, organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ), title="I flödet")
    SummaryFactory(decision=DecisionFactory(organ=organ), title="Inte i flödet", is_published=False)
    response = client.get("/beslut/flode.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    assert "I flödet" in response.content.decode() and "Inte i flödet" not in response.content.decode()


def test_a_decision_registered_on_an_agenda_item_takes_its_meeting(role_clients: dict[str, Client], organ: Any) -> None:
    item = AgendaItemFactory(meeting=MeetingFactory(organ=organ), title="Nya hälsovalsuppdraget")
    response = role_clients["secretary"].post(
        "/beslut/nytt/",
        {
            "organ": organ.pk,
            "title": "Hälsovalet",
            "decided_on": "2023-09-29",
            "kind": Decision.Kind.TILL_HANDLINGARNA,
            "status": Decision.Status.FATTAT,
            "agenda_item": item.pk,
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(title="Hälsovalet")
    assert decision.agenda_item == item and decision.meeting == item.meeting
    other = AgendaItemFactory()
    response = role_clients["secretary"].post(
        "/beslut/nytt/",
        {
            "organ": organ.pk,
            "title": "Fel",
            "decided_on": "2023-09-29",
            "kind": "beslut",
            "status": "fattat",
            "agenda_item": other.pk,
        },
    )
    assert response.status_code == 400


def test_an_uppdrag_given_to_the_secretarys_organ_by_another_organ_is_followed_up_there(
    role_clients: dict[str, Client], organ: Any
) -> None:
    from tests.factories.decisions import AssignmentFactory
    from tests.factories.groups import OrganFactory

    assembly = OrganFactory(slug="fullmaktige-x")
    assignment = AssignmentFactory(
        decision=DecisionFactory(organ=assembly), assignee_organ=organ, description="Gemensam plan för primärvården"
    )
    assert "Gemensam plan för primärvården" in role_clients["secretary"].get("/beslut/uppdrag/").content.decode()
    assert role_clients["secretary"].get(f"/beslut/uppdrag/{assignment.pk}/").status_code == 200
    assert role_clients["member"].get(f"/beslut/uppdrag/{assignment.pk}/").status_code == 403


def test_an_uppdrag_past_its_due_date_is_marked_forsenad_on_the_decision_page_until_it_is_reported_back(
    client: Client, organ: Any
) -> None:
    import datetime as dt

    from decisions.models import Assignment
    from tests.factories.decisions import AssignmentFactory

    summary = SummaryFactory(decision=DecisionFactory(organ=organ))
    late = AssignmentFactory(decision=summary.decision, description="Sen plan", due_date=dt.date(2020, 1, 1))
    body = client.get(f"/beslut/{summary.decision_id}/").content.decode()
    assert "Sen plan" in body and "Försenad" in body
    Assignment.objects.filter(pk=late.pk).update(status=Assignment.Status.AVRAPPORTERAT)
    body = client.get(f"/beslut/{summary.decision_id}/?v=2").content.decode()
    assert "Sen plan" in body and "Försenad" not in body


def test_a_decision_page_that_shows_everything_reads_the_decision_its_meeting_point_and_summary_in_one_query(
    role_clients: dict[str, Client], organ: Any, secretary: Any
) -> None:
    """The page's one query selects only the columns it shows (decisions.selectors._DECISION_PAGE_COLUMNS); a
    field the page shows but the query left out would be read by a query of its own, on every page."""
    import datetime as dt

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions import services
    from decisions.ratification.models import ConditionalDecision
    from meetings import services as meeting_services
    from meetings.services import proceedings
    from tests.factories.decisions import AreaFactory, AssignmentFactory
    from tests.factories.ratification import case_with_principals

    meeting = meeting_services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 10, 13))
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget 2027")
    point = proceedings.decision_point_add(acting_user=secretary, item=item, text="att ge nämnden ett uppdrag")
    decision = services.decision_create(
        acting_user=secretary,
        organ=organ,
        title="Uppdrag om budget",
        decided_on=dt.date(2026, 10, 13),
        decision_point=point,
    )
    Decision.objects.filter(pk=decision.pk).update(
        diarienummer="KS 2026/0042", condition_text="Under förutsättning att fullmäktige godkänner."
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ANSLAGET)
    SummaryFactory(decision=Decision.objects.get(pk=decision.pk), title="Nämnden får ett uppdrag om budgeten")
    decision.areas.add(AreaFactory(name="Äldre", slug="aldre"))
    AssignmentFactory(decision=decision, description="Redovisa budgeten", due_date=dt.date(2027, 3, 1))
    ConditionalDecision.objects.create(decision=decision, case=case_with_principals(3, title="Gemensam budget"))

    shown = [
        "Nämnden får ett uppdrag om budgeten",  # the summary's title
        "Bakgrund på klarspråk",  # its background
        "Förslaget godkänns",  # its bullets
        "ärendenummer KS 2026/0042",
        "Under förutsättning att fullmäktige godkänner.",
        "Punkt 1 i 1 Budget 2027",  # the beslutspunkt and its paragraph (position 1: not numbered yet)
        "att ge nämnden ett uppdrag",
        "13 oktober 2026",  # the meeting's date (and the decision's)
        f'href="/moten/{meeting.pk}/"',
        "Äldre",
        "Redovisa budgeten",
        "Följ ratificeringen: Gemensam budget",
        "Senast uppdaterad",
    ]
    for role in ("anonymous", "member", "secretary"):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = role_clients[role].get(f"/beslut/{decision.pk}/")
        assert response.status_code == 200, role
        html = response.content.decode()
        assert [text for text in shown if text not in html] == [], role
        assert "Protokollet är inte justerat" not in html  # anslaget: the meeting's status was read
        reads = [q["sql"] for q in ctx.captured_queries]
        # The page's query and its areas' are prepared once per connection (lgl_portal/core/prepared.py): then
        # only their EXECUTEs show.
        page_query = [sql for sql in reads if sql.startswith(("PREPARE lgl_prep_", "EXECUTE lgl_prep_"))]
        assert len(page_query) == 2, (role, reads)
        others = [sql for sql in reads if sql not in page_query]
        for table in ("decisions_decision", "meetings_meeting", "decisions_summary", "meetings_decisionpoint"):
            assert [sql for sql in others if f'FROM "{table}"' in sql] == [], (role, table)
        assert [sql for sql in others if 'FROM "meetings_agendaitem"' in sql] == [], role
