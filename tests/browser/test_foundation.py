from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from groups.demo import DEMO_USERS
from tests.browser_support import axe_violations, login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize("username", ["sekreterare", "ordforande", "justerare", "ledamot", "admin"])
def test_each_demo_role_can_log_in(demo: None, live_server: Any, page: Any, username: str) -> None:
    login_in_browser(page, live_server, username, DEMO_USERS[username][0])
    assert page.get_by_role("button", name="Logga ut").is_visible()


def test_the_secretary_sees_lgl_with_its_members(demo: None, live_server: Any, page: Any) -> None:
    login_in_browser(page, live_server, "sekreterare", DEMO_USERS["sekreterare"][0])
    page.goto(f"{live_server.url}/organ/lgl/")
    assert page.get_by_role("heading", name="Länsgemensam ledning i samverkan", level=1).is_visible()
    assert page.get_by_text("Anna Hasselbom Trofast").first.is_visible()
    assert page.get_by_role("link", name="Lägg till uppdrag").is_visible()


@pytest.mark.parametrize("path", ["/", "/organ/", "/organ/lgl/", "/organ/aldre/", "/konto/logga-in/"])
def test_public_foundation_pages_have_no_axe_violations(demo: None, live_server: Any, page: Any, path: str) -> None:
    page.goto(f"{live_server.url}{path}")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_the_login_page_says_what_went_wrong(demo: None, live_server: Any, page: Any) -> None:
    login_in_browser(page, live_server, "sekreterare", "fel-lösenord")
    assert page.get_by_text("Fel användarnamn eller lösenord").is_visible()
