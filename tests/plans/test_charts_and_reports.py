from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from groups.models import Organ
from plans import selectors, services
from plans.charts import Series, bar_chart, format_number, line_chart, timeline_svg
from plans.models import WorkStatus
from plans.reports import status_report_body
from tests.factories.groups import PersonFactory, UserFactory
from tests.factories.plans import MilestoneFactory, PlanFactory, WorkstreamFactory

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own generated SVG, not untrusted input


def test_swedish_numbers_have_a_decimal_comma_and_no_trailing_zeros() -> None:
    assert format_number(Decimal("12.50")) == "12,5"
    assert format_number(Decimal("60")) == "60"
    assert format_number(Decimal("1234.25")) == "1\u202f234,25"
    assert format_number(None) == "–"


def test_a_line_chart_is_a_described_image_with_every_series_named_in_text() -> None:
    svg = line_chart(
        chart_id="c",
        title="Andel <fast> läkarkontakt",
        description="Beskrivning",
        periods=["2021", "2022"],
        series=[
            Series("Hela länet", {"2021": Decimal("60"), "2022": Decimal("61.5")}),
            Series("Kalmar", {"2022": Decimal("58")}),
        ],
        unit="%",
    )
    root = _parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Andel <fast> läkarkontakt"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Hela länet: 61,5" in texts and "Kalmar: 58" in texts
    # Never colour alone: the second series has its own dash pattern.
    lines = list(root.iter(f"{SVG}polyline"))
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray")


def test_a_bar_chart_writes_each_value_beside_its_bar() -> None:
    svg = bar_chart(
        chart_id="b",
        title="Per organisation",
        description="d",
        bars=[("Borgholm", Decimal("57.6"), False), ("Hela länet", Decimal("62.3"), True)],
        unit="%",
    )
    root = _parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Borgholm", "57,6 %", "Hela länet", "62,3 %"]
    reference = list(root.iter(f"{SVG}rect"))[-1]
    assert reference.get("fill") == "#ffffff" and reference.get("stroke-dasharray")


@pytest.mark.django_db
def test_the_timeline_puts_status_in_words_and_numbers_every_milestone(organ: Organ) -> None:
    plan = PlanFactory(owner_organ=organ)
    ws = WorkstreamFactory(plan=plan, name="Förstärkt gemensam systemledning", status=WorkStatus.FORSENAD, progress=40)
    MilestoneFactory(workstream=ws, title="Bemanna styrgruppen", due_date=dt.date(2024, 1, 1))
    timeline = selectors.plan_timeline(plan=selectors.plan_get(slug=plan.slug))
    root = _parse(timeline_svg(timeline=timeline, title=plan.name))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Förstärkt gemensam systemledning – Försenad, 40 %" in texts
    assert "1" in texts
    assert any("Bemanna styrgruppen" in (t.text or "") for t in root.iter(f"{SVG}title"))


@pytest.mark.django_db
def test_the_status_report_body_has_plan_workstreams_milestones_and_recent_changes(organ: Organ) -> None:
    plan = PlanFactory(owner_organ=organ, name="Gemensam arbetsprocess omställning nära vård")
    ws = WorkstreamFactory(plan=plan, name="Gemensam plan för primärvården i länet")
    ws.leads.add(PersonFactory(name="Marie Ragnarsson"))
    MilestoneFactory(workstream=ws, title="Uppdragsbeskrivningen stäms av mot skolcheferna")
    services.workstream_status_change(
        acting_user=UserFactory(), workstream=ws, status=WorkStatus.PAUSAD, comment="Inväntar skolcheferna"
    )
    title, body = status_report_body(params={"plan_id": plan.pk})
    assert title == "Statusrapport: Gemensam arbetsprocess omställning nära vård"
    for text in (
        "Gemensam plan för primärvården i länet",
        "Marie Ragnarsson",
        "Pausad",
        "Inväntar skolcheferna",
        "Uppdragsbeskrivningen stäms av mot skolcheferna",
    ):
        assert text in body
    with pytest.raises(ValueError):
        status_report_body(params={"plan_id": 0})
