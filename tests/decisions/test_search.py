from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from decisions import selectors
from meetings.models import AgendaItem, Meeting
from tests.factories.decisions import AgendaItemFactory, DecisionFactory, MeetingFactory, SummaryFactory

pytestmark = pytest.mark.django_db


def test_a_search_for_beslutet_finds_beslut_with_swedish_stemming(client: Client, organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ, title="Sammanträdesplan 2024"), bullets="Ett beslut fattades.")
    body = client.get("/sok/?q=beslutet").content.decode()
    assert "Sammanträdesplan 2024" in body
    assert "<mark>" in body


def test_a_title_hit_ranks_above_a_body_hit(organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ), title="Övrigt", bullets="Något om primärvården i länet.")
    SummaryFactory(decision=DecisionFactory(organ=organ), title="Gemensam plan för primärvården", bullets="Godkänns.")
    hits = selectors.search(q="primärvård").groups["sammanfattning"]
    assert [h.title for h in hits] == ["Gemensam plan för primärvården", "Övrigt"]


def test_search_never_returns_drafts_confidential_items_or_planned_meetings(organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ), title="Hemligt utkast om kompetens", is_published=False)
    justerat = MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT)
    AgendaItemFactory(
        meeting=justerat, title="Kompetens sekretess", is_confidential=True, confidentiality_reference="OSL"
    )
    AgendaItemFactory(meeting=MeetingFactory(organ=organ, status=Meeting.Status.PLANERAT), title="Kompetens planerat")
    AgendaItemFactory(meeting=justerat, title="Kompetens öppet")
    results = selectors.search(q="kompetens")
    titles = [h.title for hits in results.groups.values() for h in hits]
    assert titles == ["Kompetens öppet"]


def test_the_draft_text_of_a_called_meeting_is_not_searchable(organ: Any) -> None:
    kallat = MeetingFactory(organ=organ, status=Meeting.Status.KALLAT)
    AgendaItemFactory(meeting=kallat, title="Ärende", summary="<p>Utkastmarkör om budgeten</p>")
    results = selectors.search(q="utkastmarkör")
    assert [h for hits in results.groups.values() for h in hits] == []


def test_snippets_escape_the_text_and_only_mark_the_hits(organ: Any) -> None:
    SummaryFactory(decision=DecisionFactory(organ=organ), title="Plan", bullets="<script>x</script> primärvård & AB")
    hit = selectors.search(q="primärvård").groups["sammanfattning"][0]
    assert "<script" not in hit.snippet and "&amp; AB" in hit.snippet
    assert "<mark>primärvård</mark>" in hit.snippet


def test_search_filters_by_organ_year_and_kind(client: Client, organ: Any) -> None:
    from tests.factories.groups import OrganFactory

    other = OrganFactory(slug="annat")
    SummaryFactory(decision=DecisionFactory(organ=organ, title="Vård A"))
    SummaryFactory(decision=DecisionFactory(organ=other, title="Vård B"))
    body = client.get("/sok/?q=vård&organ=annat").content.decode()
    assert "Vård B" in body and "Vård A" not in body
    assert "Vård" not in client.get("/sok/?q=vård&year=2001").content.decode().split("Sökresultat")[-1]
    assert client.get("/sok/?q=vård&year=abc").status_code == 400
    assert client.get("/sok/?q=" + "x" * 500).status_code == 400
    assert client.get("/sok/?q=%22%26%7C!(").status_code == 200


def test_the_search_match_is_served_by_the_gin_index(organ: Any) -> None:
    """On a tiny table the planner may prefer a scan; forbidding it shows the match can use the GIN index."""
    SummaryFactory(decision=DecisionFactory(organ=organ), title="Primärvården i länet")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM decisions_summary WHERE search_vector @@ to_tsquery('swedish', %s)",
            [selectors.tsquery_text("primärvården")],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "summary_search_gin" in plan


def test_the_agenda_item_search_is_served_by_its_expression_index(organ: Any) -> None:
    """The query's document and the index's come from one expression (decisions/search.py), so they match."""
    from decisions import search as documents

    AgendaItemFactory(meeting=MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT), title="Primärvården")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    query = documents.search_query(tsquery=selectors.tsquery_text("primärvården"), text="primärvården")
    matches = AgendaItem.objects.alias(document=documents.agenda_item_document()).filter(document=query)
    assert "agendaitem_search_gin" in matches.values("pk").explain()
    assert [item.title for item in matches] == ["Primärvården"]


def test_a_snippet_marks_the_typed_word_and_the_compounds_it_begins_but_not_a_compounds_later_part(
    organ: Any,
) -> None:
    SummaryFactory(
        decision=DecisionFactory(organ=organ),
        title="Plan",
        bullets="Handlingsprogram för kompetensförsörjning. Kompetens i primärvården och vård i hemmet.",
    )
    snippet = selectors.search(q="kompetens").groups["sammanfattning"][0].snippet
    assert "<mark>kompetensförsörjning</mark>" in snippet and "<mark>Kompetens</mark>" in snippet
    snippet = selectors.search(q="vård").groups["sammanfattning"][0].snippet
    # Decided (README, Sökning): found through its later part, shown, but not marked; the word itself is.
    assert "primärvården" in snippet and "<mark>primärvården</mark>" not in snippet
    assert "<mark>vård</mark>" in snippet


def test_a_search_can_be_narrowed_to_a_year_whose_only_hits_are_agenda_items(client: Client, organ: Any) -> None:
    import datetime as dt

    SummaryFactory(decision=DecisionFactory(organ=organ, decided_on=dt.date(2023, 9, 25), has_published_summary=True))
    justerat = MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT, date=dt.date(2026, 10, 13))
    AgendaItemFactory(meeting=justerat, title="Budget för vård och omsorg")
    response = client.get("/sok/?q=budget&year=2026")
    assert response.status_code == 200
    assert "Budget för vård och omsorg" in response.content.decode()
    # The list of Beslut i korthet still offers only the years it has summaries in.
    choices = selectors.public_filter_choices()
    assert choices["years"] == [2023]
    assert choices["search_years"] == [2026, 2025, 2024, 2023]
