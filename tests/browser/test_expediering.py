"""The secretary's expediering page in Chromium: naming a recipient without JavaScript, no axe violations."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser_support import axe_violations, login_in_browser
from tests.factories.documents import protocol_meeting
from tests.factories.groups import OrganisationFactory
from tests.factories.ratification import secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_names_a_recipient_for_a_paragraph(live_server: Any, browser: Any) -> None:
    meeting = protocol_meeting(paragraphs=3)
    OrganisationFactory(name="Nybro kommun", county=meeting.organ.county, registrator_email="diarium@nybro.example")
    secretary_of(meeting.organ, "browser-exp")
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    login_in_browser(page, live_server, "browser-exp")
    page.goto(f"{live_server.url}/moten/{meeting.pk}/expediering/")
    # Without JavaScript: the page and its forms work as plain HTML (axe, which needs JavaScript, runs below).
    page.get_by_label("§ 26 Nära vård – gemensam plan för primärvården, del 1").check()
    page.get_by_label("Organisation i registret").select_option(label="Nybro kommun")
    page.get_by_role("button", name="Lägg till").click()
    page.wait_for_load_state()
    text = " ".join(page.locator("main").inner_text().split())
    assert "Mottagaren har lagts till." in text
    assert "Nybro kommun <diarium@nybro.example>" in text
    context.close()

    with_js = browser.new_context(locale="sv-SE")
    page = with_js.new_page()
    login_in_browser(page, live_server, "browser-exp")
    page.goto(f"{live_server.url}/moten/{meeting.pk}/expediering/")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    with_js.close()
