from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from groups.demo import DEMO_USERS
from groups.models import Organ
from meetings.models import Attachment, Meeting
from members.models import PrivateNote, ReadMark
from tests.browser_support import axe_violations, login_in_browser
from tests.factories.decisions import AgendaItemFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_member_marks_an_item_read_and_writes_a_private_note(demo: None, live_server: Any, page: Any) -> None:
    lgl = Organ.objects.get(slug="lgl")
    meeting = MeetingFactory(organ=lgl, status=Meeting.Status.KALLAT, date=timezone.localdate() + dt.timedelta(days=5))
    item = AgendaItemFactory(meeting=meeting, title="Testplan för webbläsaren", proposal="<p>Godkänn.</p>")
    Attachment.objects.create(item=item, title="Förslag till plan", url="https://example.se/plan.pdf")
    login_in_browser(page, live_server, "ledamot", DEMO_USERS["ledamot"][0])
    page.goto(f"{live_server.url}/mina-sidor/")
    assert page.get_by_role("link", name="Förslag till plan").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Markera som läst Testplan för webbläsaren", exact=True).click()
    page.get_by_role("button", name="✓ Läst Testplan för webbläsaren", exact=True).wait_for()
    assert ReadMark.objects.filter(item=item, user__username="ledamot").exists()
    page.locator(f"#arende-{item.pk} summary", has_text="Min anteckning").click()
    page.locator(f"#note-{item.pk}").fill("Fråga om finansieringen")
    page.get_by_role("button", name="Spara anteckningen Testplan för webbläsaren").click()
    page.wait_for_load_state()
    assert PrivateNote.objects.get(item=item).text == "Fråga om finansieringen"
    assert page.get_by_text("Din anteckning är sparad.").is_visible()


def test_the_read_mark_works_without_javascript(demo: None, live_server: Any, browser: Any) -> None:
    lgl = Organ.objects.get(slug="lgl")
    AgendaItemFactory(meeting=MeetingFactory(organ=lgl), title="Utan skript")
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    login_in_browser(page, live_server, "ledamot", DEMO_USERS["ledamot"][0])
    page.goto(f"{live_server.url}/mina-sidor/")
    page.get_by_role("button", name="Markera som läst Utan skript").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="✓ Läst Utan skript", exact=True).is_visible()
    context.close()
