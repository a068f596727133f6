"""The three ways protocol text used to disappear silently (issue 12), replayed in Chromium.

Each test does what a secretary did when the text was lost, and then reads the database: nothing typed and
accepted may be gone, and what could not be saved must be on the screen.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest

from groups.models import Membership
from meetings import services
from meetings.models import AgendaItem, Attendance
from tests.browser_support import login_in_browser
from tests.factories.groups import OrganFactory, user_with_role
from tests.factories.meetings import person_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(transactional_db: None) -> dict[str, Any]:
    organ = OrganFactory(name="Länsgemensam ledning i samverkan", slug="lgl-forlust")
    secretary = user_with_role(organ, Membership.Role.SEKRETERARE, username="sekreterare")
    coordinator = user_with_role(organ, Membership.Role.SAMORDNARE, username="samordnare")
    meeting = services.meeting_create(
        acting_user=secretary, organ=organ, date=dt.date(2026, 12, 4), secretary=person_of(secretary)
    )
    items = [services.item_create(acting_user=secretary, meeting=meeting, title=f"Ärende {n}") for n in (1, 2, 3)]
    return {"organ": organ, "secretary": secretary, "coordinator": coordinator, "meeting": meeting, "items": items}


def _context(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    login_in_browser(context.new_page(), live_server, username)
    return context


def _item_page(context: Any, live_server: Any, item: AgendaItem) -> Any:
    page = context.new_page()
    page.goto(f"{live_server.url}/moten/{item.meeting_id}/arenden/{item.pk}/protokoll/")
    return page


def _type_into(page: Any, label: str, text: str) -> None:
    page.get_by_role("textbox", name=label, exact=True).click()
    page.keyboard.type(text)


def _until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("villkoret uppfylldes inte i tid")
        time.sleep(0.1)


def _field(item: AgendaItem, name: str) -> str:
    return getattr(AgendaItem.objects.get(pk=item.pk), name)


def test_a_stale_draft_left_in_the_browser_never_overwrites_newer_text(
    setting: dict[str, Any], live_server: Any, browser: Any
) -> None:
    item = setting["items"][0]
    context = _context(browser, live_server, "sekreterare")
    tab_x = _item_page(context, live_server, item)
    tab_y = _item_page(context, live_server, item)

    _type_into(tab_x, "Beslut", "X:s beslut")
    _until(lambda: "X:s beslut" in _field(item, "decision_text"))
    # Tab Y still holds the page as it was before X saved: its save is refused and kept in local storage.
    _type_into(tab_y, "Beslut", "Y:s text")
    tab_y.get_by_text("Inte sparat").first.wait_for(timeout=10_000)
    tab_x.close()
    tab_y.close()

    reopened = _item_page(context, live_server, item)
    # The kept draft is offered, never saved over X's newer text behind the secretary's back.
    reopened.get_by_text("Y:s text").first.wait_for(timeout=10_000)
    time.sleep(3)  # longer than any autosave delay: a silent re-send would have landed by now
    assert "X:s beslut" in _field(item, "decision_text")
    # The way forward is the comparison: both texts side by side, nothing chosen for the secretary.
    reopened.get_by_role("button", name="Jämför versionerna").first.click()
    reopened.wait_for_load_state()
    assert reopened.get_by_text("X:s beslut").first.is_visible()
    assert reopened.get_by_text("Y:s text").first.is_visible()
    assert reopened.locator("input[type=radio]:checked").count() == 0
    assert "X:s beslut" in _field(item, "decision_text")
    context.close()


def test_a_note_added_by_someone_else_survives_my_default_action(
    setting: dict[str, Any], live_server: Any, browser: Any
) -> None:
    item = setting["items"][1]
    a = _context(browser, live_server, "sekreterare")
    b = _context(browser, live_server, "samordnare")
    page_a = _item_page(a, live_server, item)
    page_b = _item_page(b, live_server, item)

    _type_into(page_b, "Protokollsanteckningar", "B:s anteckning")
    _until(lambda: "B:s anteckning" in _field(item, "protocol_notes"))
    _type_into(page_a, "Beslut", "A:s beslut")
    time.sleep(3)
    # Whatever A is shown, A takes the default: the preselected choice and the first button.
    compare = page_a.get_by_role("button", name="Jämför versionerna")
    if compare.count() and compare.first.is_visible():
        compare.first.click()
        page_a.wait_for_load_state()
        page_a.get_by_role("button", name="Spara den valda texten").click()
        page_a.wait_for_load_state()
    _until(lambda: "A:s beslut" in _field(item, "decision_text"))
    assert "B:s anteckning" in _field(item, "protocol_notes")
    a.close()
    b.close()


def test_changing_a_persons_presence_keeps_the_rows_note_replaces_and_range(
    setting: dict[str, Any], live_server: Any, browser: Any
) -> None:
    organ, meeting, items = setting["organ"], setting["meeting"], setting["items"]
    substitute = person_of(user_with_role(organ, Membership.Role.ERSATTARE, username="ersattare"))
    member = person_of(user_with_role(organ, Membership.Role.LEDAMOT, username="ledamot"))
    row = services.attendance_add(
        acting_user=setting["secretary"],
        meeting=meeting,
        person=substitute,
        role=Attendance.Role.ERSATTARE,
        replaces=member,
        ranges=[(items[0], items[0]), (items[2], items[2])],
        note="ersätter Bo Eliasson (V) § 1, 3–6",
    )
    context = _context(browser, live_server, "sekreterare")
    page = context.new_page()
    page.goto(f"{live_server.url}/moten/{meeting.pk}/narvaro/")
    page.locator(f"#presence-{row.pk}").select_option("via_lank")
    page.get_by_role("button", name=f"Spara {substitute.name}").click()
    page.wait_for_load_state()

    row.refresh_from_db()
    assert row.presence == Attendance.Presence.VIA_LANK
    assert row.note == "ersätter Bo Eliasson (V) § 1, 3–6"
    assert (row.role, row.replaces_id) == (Attendance.Role.ERSATTARE, member.pk)
    assert [(r.from_item_id, r.until_item_id) for r in row.ranges.order_by("id")] == [
        (items[0].pk, items[0].pk),
        (items[2].pk, items[2].pk),
    ]
    # The page shows the note, so a change to it is seen.
    assert page.get_by_text("ersätter Bo Eliasson (V) § 1, 3–6").first.is_visible()
    context.close()
