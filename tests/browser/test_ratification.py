from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from decisions.ratification import services
from decisions.ratification.models import AssemblyDecision, RatificationCase
from tests.browser_support import axe_violations, login_in_browser
from tests.factories.ratification import case_with_principals, register, rows_of, secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Outcome = AssemblyDecision.Outcome


@pytest.fixture
def twelve_of_thirteen(transactional_db: None) -> RatificationCase:
    case = case_with_principals(13, title="Länsgemensam målbild och strategi för Nära vård")
    for row in rows_of(case)[:12]:
        register(row, decided_on=dt.date(2023, 9, 25))
    return case


def assert_no_axe_violations(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_registering_the_thirteenth_decision_switches_the_public_page_to_galler(
    twelve_of_thirteen: RatificationCase, live_server: Any, page: Any, browser: Any
) -> None:
    case = twelve_of_thirteen
    secretary_of(case.sending_organ, "browser-sekr")
    last = rows_of(case)[12]
    public = browser.new_context(locale="sv-SE").new_page()
    public.goto(f"{live_server.url}/ratificering/{case.slug}/")
    assert public.get_by_text("12 av 13 har beslutat").is_visible()
    assert public.locator(".ratification-summary .badge").inner_text().strip() == "◔ Pågår"

    login_in_browser(page, live_server, "browser-sekr")
    page.goto(f"{live_server.url}/ratificering/{case.slug}/")
    page.get_by_role("link", name=f"Registrera {last.organisation.name}").click()
    page.get_by_label("Utfall").select_option("bifall")
    page.get_by_label("Beslutsdatum").fill("2023-10-02")
    page.get_by_label("Paragraf").fill("§ 140/23")
    page.get_by_role("button", name="Registrera").click()
    page.wait_for_url(f"**/ratificering/{case.slug}/")
    assert page.get_by_text(f"Beslutet för {last.organisation.name} har registrerats.").is_visible()

    public.reload()
    summary = public.locator(".ratification-summary")
    assert summary.locator(".badge").inner_text().strip() == "✔ Gäller"
    assert summary.get_by_text("13 av 13 har beslutat").is_visible()
    assert summary.get_by_text("beslutet gäller sedan 2 oktober 2023").is_visible()
    row = public.locator(f"#fullmaktige-{last.pk}")
    assert row.get_by_text("§ 140/23").is_visible()
    public.goto(f"{live_server.url}/ratificering/")
    assert public.get_by_text("13 av 13 har beslutat").is_visible()
    public.context.close()


def test_a_future_date_is_shown_next_to_the_field_in_the_browser(
    twelve_of_thirteen: RatificationCase, live_server: Any, page: Any
) -> None:
    case = twelve_of_thirteen
    secretary_of(case.sending_organ, "browser-sekr2")
    last = rows_of(case)[12]
    login_in_browser(page, live_server, "browser-sekr2")
    page.goto(f"{live_server.url}/ratificering/{case.slug}/{last.pk}/registrera/")
    page.get_by_label("Utfall").select_option("bifall")
    page.get_by_label("Beslutsdatum").fill((dt.date.today() + dt.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Registrera").click()
    assert page.get_by_text("Datumet ligger i framtiden").first.is_visible()
    assert page.get_by_label("Beslutsdatum").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(page)


@pytest.mark.parametrize("state", ["pagar", "galler", "blockerat_och_granskas"])
def test_public_ratification_pages_have_no_axe_violations(
    twelve_of_thirteen: RatificationCase, live_server: Any, page: Any, state: str
) -> None:
    case = twelve_of_thirteen
    rows = rows_of(case)
    if state == "galler":
        register(
            rows[12], decided_on=dt.date(2023, 10, 2), posted_on=dt.date(2023, 10, 5), justerat_on=dt.date(2023, 10, 4)
        )
    elif state == "blockerat_och_granskas":
        register(rows[0], Outcome.AVSLAG)
        register(rows[1], Outcome.ATERREMISS)
        register(rows[2], Outcome.BIFALL_MED_ANDRING)
        register(rows[3], Outcome.EJ_BEHANDLAT, None)
    services.case_set_required(acting_user=None, case=case, organisations=[r.organisation for r in rows])
    for path in ("/ratificering/", f"/ratificering/{case.slug}/"):
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page)


def test_the_case_page_is_complete_without_javascript(
    twelve_of_thirteen: RatificationCase, live_server: Any, browser: Any
) -> None:
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/ratificering/{twelve_of_thirteen.slug}/")
    assert page.locator("table.ratification-table tbody tr").count() == 13
    assert page.locator(".outcome-tile").count() == 13
    context.close()


@pytest.mark.parametrize("suffix", ["dag/", "saknas/", "fullmaktige/", "redigera/"])
def test_the_secretarys_pages_have_no_axe_violations(
    twelve_of_thirteen: RatificationCase, live_server: Any, page: Any, suffix: str
) -> None:
    case = twelve_of_thirteen
    register(rows_of(case)[0], Outcome.BIFALL_MED_ANDRING)
    secretary_of(case.sending_organ, "axe-sekr")
    login_in_browser(page, live_server, "axe-sekr")
    page.goto(f"{live_server.url}/ratificering/{case.slug}/{suffix}")
    assert_no_axe_violations(page)
