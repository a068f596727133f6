"""The browser keeps the secretary's text until the server has confirmed it: errors never empty the draft.

A proxy in front of gunicorn answers 502 when the application is away; the tests make Chromium see that answer
(page.route) or no answer at all (offline), then let the real server answer again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from groups.models import Membership
from meetings import services
from meetings.models import AgendaItem
from tests.browser_support import login_in_browser
from tests.factories.groups import OrganFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def protocol_page(transactional_db: None, live_server: Any, browser: Any) -> Any:
    organ = OrganFactory(name="Kommunstyrelsens arbetsutskott", slug="ksau")
    secretary = user_with_role(organ, Membership.Role.SEKRETERARE, username="sekreterare")
    meeting = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 12, 4))
    item = services.item_create(acting_user=secretary, meeting=meeting, title="Information")
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login_in_browser(page, live_server, "sekreterare")
    page.lgl_url = f"{live_server.url}/moten/{meeting.pk}/arenden/{item.pk}/protokoll/"
    page.lgl_item = item
    page.lgl_key = f"lgl-protocol-draft-{item.pk}"
    page.goto(page.lgl_url)
    yield page
    context.close()


def _bad_gateway(route: Any) -> None:
    if route.request.method == "POST":
        route.fulfill(status=502, body="Bad Gateway", content_type="text/plain")
    else:
        route.continue_()


def _type_notes(page: Any, text: str) -> None:
    page.locator("div.prose-editor:has(textarea[name=notes]) .ProseMirror[role=textbox]").click()
    page.keyboard.type(text)


def test_a_5xx_on_autosave_and_then_on_the_save_button_keeps_the_draft_until_a_save_succeeds(
    protocol_page: Any,
) -> None:
    page = protocol_page
    page.route("**/moten/**", _bad_gateway)
    _type_notes(page, "Text som servern inte tog emot")
    page.get_by_text("Inte sparat – servern svarade med ett fel").wait_for(timeout=10_000)
    assert "Text som servern inte tog emot" in page.evaluate(f"localStorage.getItem('{page.lgl_key}')")

    # "Spara" after the red message: the answer is the proxy's error page, and the draft must survive it.
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    assert "Bad Gateway" in page.content()
    assert "Text som servern inte tog emot" in page.evaluate(f"localStorage.getItem('{page.lgl_key}')")
    item = AgendaItem.objects.get(pk=page.lgl_item.pk)
    assert "Text som servern inte tog emot" not in item.notes

    # The server is back: opening the page again puts the text back and saves it; then the draft goes.
    page.unroute("**/moten/**", _bad_gateway)
    page.goto(page.lgl_url)
    page.locator("#save-status[data-state=saved]").wait_for(timeout=10_000)
    item.refresh_from_db()
    assert item.notes == "<p>Text som servern inte tog emot</p>"
    assert page.evaluate(f"localStorage.getItem('{page.lgl_key}')") is None


def test_a_successful_save_button_press_leaves_no_draft_behind(protocol_page: Any) -> None:
    page = protocol_page
    page.context.set_offline(True)
    _type_notes(page, "Sparas med knappen")
    page.get_by_text("Inte sparat – ingen anslutning").wait_for(timeout=10_000)
    page.context.set_offline(False)
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    item = AgendaItem.objects.get(pk=page.lgl_item.pk)
    assert item.notes == "<p>Sparas med knappen</p>"
    # The page after the save shows the saved text; the kept draft agrees with it and is forgotten.
    page.locator("#protocol-form").wait_for()
    assert page.evaluate(f"localStorage.getItem('{page.lgl_key}')") is None
