from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from decisions.models import Decision
from tests.browser_support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _seed_000() -> Decision:
    return Decision.objects.get(diarienummer="KS 2023/0539", paragraph_label="§ 157/23")


def test_public_decision_pages_have_no_axe_violations(demo: None, live_server: Any, page: Any) -> None:
    paths = [
        "/beslut/",
        f"/beslut/{_seed_000().pk}/",
        "/sok/",
        "/sok/?q=primärvård",
        "/sok/?q=zzzz",
        "/tillganglighet/",
        "/beslut/?area=nara-vard",
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])


def test_a_visitor_finds_seed_000_by_searching_primarvard_and_beslutet(demo: None, live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/sok/")
    page.get_by_label("Sökord").fill("primärvård")
    page.get_by_role("button", name="Sök", exact=True).click()
    link = page.get_by_role("link", name="Länsgemensam målbild och strategi för Nära vård", exact=False).first
    assert link.is_visible()
    link.click()
    assert page.get_by_text("Paragraf § 157/23, ärendenummer KS 2023/0539").is_visible()
    assert page.get_by_text("17 oktober 2023").is_visible() and page.get_by_text("30 januari 2024").is_visible()
    page.goto(f"{live_server.url}/sok/?q=beslutet")
    assert page.get_by_role(
        "link", name="Länsgemensam målbild och strategi för Nära vård", exact=False
    ).first.is_visible()
