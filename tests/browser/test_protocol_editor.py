"""The one-document protocol editor in Chromium: a whole meeting on one page, two writers, read-only states."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from groups.models import Membership
from meetings import services
from meetings.models import AgendaItem, Meeting
from tests.browser_support import axe_violations, login_in_browser
from tests.factories.groups import OrganFactory, user_with_role
from tests.factories.meetings import person_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLES = [
    "Val av justerare",
    "Godkännande av dagordningen",
    "Slutrapport Nära vård – Hälsa tillsammans",
    "Länsgemensam målbild för Nära vård",
    "Kompetensförsörjningsplan Nära vård",
    "Handlingsplan Psykisk hälsa",
    "Sammanträdesplan 2027",
    "Rapport från samordnande grupp Äldre",
    "Övriga frågor",
    "Nästa möte",
]


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def people(transactional_db: None) -> dict[str, Any]:
    organ = OrganFactory(name="Länsgemensam ledning i samverkan", slug="lgl-dokument")
    return {
        "organ": organ,
        "secretary": user_with_role(organ, Membership.Role.SEKRETERARE, username="sekreterare"),
        "coordinator": user_with_role(organ, Membership.Role.SAMORDNARE, username="samordnare"),
        "chair": user_with_role(organ, Membership.Role.ORDFORANDE, username="ordforande"),
        "adjuster": user_with_role(organ, Membership.Role.LEDAMOT, username="justerare"),
        "member": user_with_role(organ, Membership.Role.LEDAMOT, username="ledamot"),
        "adjunct": user_with_role(organ, Membership.Role.ADJUNGERAD, username="adjungerad"),
    }


def _as(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login_in_browser(page, live_server, username)
    return page


def _until(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("villkoret uppfylldes inte i tid")
        time.sleep(0.1)


def _section(page: Any, heading: str, item: AgendaItem) -> Any:
    return page.get_by_role("textbox", name=f"{heading} – {item.position}. {item.title}", exact=True)


def _all_saved(page: Any) -> bool:
    return page.locator(".section-status[data-state=unsaved], .section-status[data-state=saving]").count() == 0


def test_the_whole_ten_paragraph_protocol_is_written_on_one_page_in_few_page_loads(
    people: dict[str, Any], live_server: Any, browser: Any
) -> None:
    page = _as(browser, live_server, "sekreterare")
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)

    # Creation.
    page.goto(f"{live_server.url}/moten/nytt/")
    page.locator("#id_organ").select_option(str(people["organ"].pk))
    page.locator("#id_date").fill("2026-12-11")
    page.locator("#id_chair").select_option(str(person_of(people["chair"]).pk))
    page.locator("#id_adjusters").select_option([str(person_of(people["adjuster"]).pk)])
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    meeting = Meeting.objects.get(organ=people["organ"])

    # The agenda, pasted as ten lines on the protocol page.
    page.get_by_role("link", name="Skriv protokollet").click()
    # (The form is open while the agenda is empty.)
    page.get_by_label("Rubriker, en per rad").fill("\n".join(TITLES))
    page.get_by_label("Typ", exact=True).select_option("beslutsarende")
    page.get_by_role("button", name="Lägg till ärendena").click()
    page.wait_for_load_state()
    items = list(meeting.items.order_by("position"))
    assert [it.title for it in items] == TITLES

    # Närvaro: everyone in, from the membership.
    page.get_by_role("link", name="Närvaro", exact=True).first.click()
    page.get_by_role("button", name="Lägg till alla ledamöter som närvarande").click()
    page.wait_for_load_state()
    roles = dict(meeting.attendances.values_list("person__user__username", "role"))
    assert roles["adjungerad"] == "ovrig" and roles["ledamot"] == "beslutande"
    page.goto(f"{live_server.url}/moten/{meeting.pk}/protokoll/skriv/")

    # Every paragraph: Sammanfattning, then Alt+↓ down to Beslut, then Alt+Shift+↓ to the next paragraph.
    _section(page, "Sammanfattning av ärendet", items[0]).click()
    for n in range(1, len(items) + 1):
        page.keyboard.type(f"Bakgrund till punkt {n}.")
        for _step in range(5):  # förslag, anteckningar, yrkanden, omröstning, beslut
            page.keyboard.press("Alt+ArrowDown")
        page.keyboard.type(f"Länsgemensam ledning beslutar i punkt {n}.")
        if n < len(items):
            page.keyboard.press("Alt+Shift+ArrowDown")
    _until(lambda: _all_saved(page), timeout=30)
    for n, item in enumerate(meeting.items.order_by("position"), start=1):
        assert item.summary == f"<p>Bakgrund till punkt {n}.</p>"
        assert item.decision_text == f"<p>Länsgemensam ledning beslutar i punkt {n}.</p>"
    assert page.locator("[data-toc-state][data-state=saved]").count() == 10
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]

    # To justering.
    page.goto(f"{live_server.url}/moten/{meeting.pk}/")
    page.get_by_role("button", name="Markera mötet som genomfört").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Protokoll", exact=True).click()
    page.get_by_role("button", name="Skicka för justering").click()
    page.wait_for_load_state()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.UNDER_JUSTERING
    print(f"\nsidladdningar från nytt möte till justering, 10 paragrafer: {len(loads)}")
    assert len(loads) < 25, loads
    page.context.close()


def _meeting_with_text(people: dict[str, Any]) -> tuple[Meeting, AgendaItem]:
    secretary = people["secretary"]
    meeting = services.meeting_create(
        acting_user=secretary,
        organ=people["organ"],
        date=dt.date(2026, 12, 11),
        secretary=person_of(secretary),
        chair=person_of(people["chair"]),
        adjusters=[person_of(people["adjuster"])],
    )
    item = services.item_create(acting_user=secretary, meeting=meeting, title="Slutrapport")
    services.item_text_save(acting_user=secretary, item=item, version=1, texts={"decision_text": "<p>Godkänns.</p>"})
    return meeting, item


def _server_refuses(page: Any, live_server: Any, meeting: Meeting, item: AgendaItem) -> None:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/moten/{meeting.pk}/protokoll/skriv/{item.pk}/spara/",
        form={"field": "decision_text", "base_version": "2", "base_hash": "x", "text": "<p>Ändrat ändå</p>"},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert response.status == 423
    assert item.__class__.objects.get(pk=item.pk).decision_text == "<p>Godkänns.</p>"


def _nothing_to_type_in(page: Any, item: AgendaItem) -> None:
    assert page.locator("[contenteditable=true]").count() == 0
    assert page.locator("textarea:not([readonly]):not([disabled])").count() == 0
    page.get_by_text("Godkänns.").click()
    page.keyboard.type("Skrivet ändå")
    time.sleep(1.5)
    assert AgendaItem.objects.get(pk=item.pk).decision_text == "<p>Godkänns.</p>"
    assert page.get_by_text("Skrivet ändå").count() == 0


def test_under_justering_and_after_the_lock_nothing_can_be_typed_and_the_server_refuses(
    people: dict[str, Any], live_server: Any, browser: Any
) -> None:
    meeting, item = _meeting_with_text(people)
    page = _as(browser, live_server, "sekreterare")
    editor = f"{live_server.url}/moten/{meeting.pk}/protokoll/skriv/"
    # A draft left in this browser from before the protocol was sent.
    page.goto(editor)
    draft = {"item": str(item.pk), "field": "notes", "base": {}, "text": "<p>Min osparade anteckning</p>"}
    page.evaluate(f"localStorage.setItem('lgl-section-draft:{item.pk}:notes', {json.dumps(json.dumps(draft))})")
    services.meeting_mark_held(acting_user=people["secretary"], meeting=meeting)
    services.justering_send(acting_user=people["secretary"], meeting=meeting)

    page.goto(editor)
    assert page.get_by_text("Protokollet är under justering.", exact=True).is_visible()
    assert page.get_by_role("link", name="Se justeringen").is_visible()
    _nothing_to_type_in(page, item)
    # The refused draft is shown with the reason and a way to copy it, and kept until the secretary says so.
    assert page.get_by_text("Inte sparat: Protokollet är under justering.").first.is_visible()
    assert page.get_by_role("button", name="Kopiera texten").is_visible()
    assert "Min osparade anteckning" in page.locator(".section-conflict textarea").input_value()
    _server_refuses(page, live_server, meeting, item)
    page.goto(f"{live_server.url}/moten/{meeting.pk}/arenden/{item.pk}/protokoll/")
    assert page.locator("[contenteditable=true]").count() == 0

    for user in (people["chair"], people["adjuster"]):
        services.justering_decide(acting_user=user, meeting=meeting, approve=True)
    page.goto(editor)
    assert page.get_by_text("Protokollet är justerat och låst.", exact=True).is_visible()
    assert page.get_by_role("link", name="Rätta protokollet").is_visible()
    _nothing_to_type_in(page, item)
    _server_refuses(page, live_server, meeting, item)
    page.get_by_role("button", name="Släng min osparade text").click()
    assert page.evaluate(f"localStorage.getItem('lgl-section-draft:{item.pk}:notes')") is None
    page.context.close()


def test_two_writers_on_one_section_see_both_texts_and_keep_both(
    people: dict[str, Any], live_server: Any, browser: Any
) -> None:
    meeting, item = _meeting_with_text(people)
    other = services.item_create(acting_user=people["secretary"], meeting=meeting, title="Nästa möte")
    a = _as(browser, live_server, "sekreterare")
    b = _as(browser, live_server, "samordnare")
    for page in (a, b):
        page.goto(f"{live_server.url}/moten/{meeting.pk}/protokoll/skriv/")

    # B writes in one section, and A, whose page is older, in another: both land without asking.
    _section(b, "Protokollsanteckningar", item).click()
    b.keyboard.type("B:s anteckning")
    _until(lambda: "B:s anteckning" in AgendaItem.objects.get(pk=item.pk).protocol_notes)
    _section(a, "Beslut", other).click()
    a.keyboard.type("A:s beslut i nästa ärende")
    _until(lambda: "A:s beslut" in AgendaItem.objects.get(pk=other.pk).decision_text)
    # A sees that B is in the protocol, and where.
    a.get_by_text("Också i protokollet just nu: samordnare").wait_for(timeout=20_000)

    # Both change the same Beslut: B first; A is shown both texts, nothing chosen for A.
    _section(b, "Beslut", item).click()
    b.keyboard.press("End")
    b.keyboard.type(" B lägger till.")
    _until(lambda: "B lägger till." in AgendaItem.objects.get(pk=item.pk).decision_text)
    _section(a, "Beslut", item).click()
    a.keyboard.press("End")
    a.keyboard.type(" A lägger till.")
    conflict = a.locator(f"#s-{item.pk}-decision_text .section-conflict")
    conflict.get_by_role("button", name="Behåll båda").wait_for(timeout=10_000)
    assert "B lägger till." in conflict.inner_text() and "A lägger till." in conflict.inner_text()
    assert "B lägger till." in AgendaItem.objects.get(pk=item.pk).decision_text
    conflict.get_by_role("button", name="Behåll båda").click()
    _until(lambda: "A lägger till." in AgendaItem.objects.get(pk=item.pk).decision_text)
    saved = AgendaItem.objects.get(pk=item.pk)
    assert "B lägger till." in saved.decision_text and "B:s anteckning" in saved.protocol_notes
    a.context.close()
    b.context.close()


def test_a_draft_written_on_an_older_text_goes_through_the_conflict_view_and_one_on_the_current_text_is_saved(
    people: dict[str, Any], live_server: Any, browser: Any
) -> None:
    meeting, item = _meeting_with_text(people)
    page = _as(browser, live_server, "sekreterare")
    editor = f"{live_server.url}/moten/{meeting.pk}/protokoll/skriv/"
    page.goto(editor)
    stale = {
        "item": str(item.pk),
        "field": "decision_text",
        "base": {"version": "1", "hash": "e3b0c44298fc1c149afbf4c8", "text": ""},
        "text": "<p>Avslås.</p>",
    }
    current = {
        "item": str(item.pk),
        "field": "notes",
        "base": {"version": "2", "hash": "e3b0c44298fc1c149afbf4c8", "text": ""},
        "text": "<p>Kvar från i går.</p>",
    }
    for name, draft in (("decision_text", stale), ("notes", current)):
        key = f"lgl-section-draft:{item.pk}:{name}"
        page.evaluate(f"localStorage.setItem('{key}', {json.dumps(json.dumps(draft))})")
    page.goto(editor)
    # The notes were written on the text still stored: put back and saved.
    _until(lambda: AgendaItem.objects.get(pk=item.pk).notes == "<p>Kvar från i går.</p>")
    # The decision was written on an older text: both are shown, nothing is saved until the secretary chooses.
    conflict = page.locator(f"#s-{item.pk}-decision_text .section-conflict")
    conflict.get_by_role("button", name="Använd den sparade texten").wait_for(timeout=10_000)
    assert "Godkänns." in conflict.inner_text() and "Avslås." in conflict.inner_text()
    time.sleep(2)
    assert AgendaItem.objects.get(pk=item.pk).decision_text == "<p>Godkänns.</p>"
    conflict.get_by_role("button", name="Använd den sparade texten").click()
    assert page.evaluate(f"localStorage.getItem('lgl-section-draft:{item.pk}:decision_text')") is None
    assert AgendaItem.objects.get(pk=item.pk).decision_text == "<p>Godkänns.</p>"
    page.context.close()
