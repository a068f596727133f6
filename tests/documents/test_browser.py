"""The secretary's "Skapa PDF" on the meeting page, in Chromium, with a real worker rendering behind it."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from groups.models import Membership
from meetings.documents.models import DocumentJob
from tests.browser_support import login_in_browser
from tests.documents.pdfcheck import pdf_text
from tests.factories.documents import protocol_meeting
from tests.factories.groups import OrganFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def secretary_meeting(transactional_db: None) -> Any:
    organ = OrganFactory(name="Länsgemensam ledning i samverkan", slug="lgl-pdf", kommunallagen_rules=True)
    user_with_role(organ, Membership.Role.SEKRETERARE, username="pdfsekreterare")
    return protocol_meeting(organ=organ, paragraphs=3)


def panel_violations(page: Any) -> list[dict[str, Any]]:
    results = Axe().run(
        page,
        context=".document-panel",
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
    )
    return results.response["violations"]


def test_the_secretary_clicks_skapa_pdf_and_the_panel_turns_into_a_download_link(
    secretary_meeting: Any, worker: Any, live_server: Any, page: Any
) -> None:
    login_in_browser(page, live_server, "pdfsekreterare")
    page.goto(f"{live_server.url}/moten/{secretary_meeting.pk}/")
    page.get_by_role("button", name="Skapa PDF: protokoll").click()
    page.wait_for_load_state()
    assert page.get_by_text("står i kö").is_visible()
    # htmx polls the job row until the worker is done; no reload by the test.
    link = page.get_by_role("link", name="Ladda ner PDF – Protokoll", exact=True)
    link.wait_for(timeout=60_000)
    violations = panel_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]

    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert "Anna Hasselbom Trofast" in pdf_text(response.body())
    assert DocumentJob.objects.get().status == DocumentJob.Status.DONE


def test_without_javascript_the_reload_link_shows_the_finished_pdf(
    secretary_meeting: Any, worker: Any, live_server: Any, browser: Any
) -> None:
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    try:
        login_in_browser(page, live_server, "pdfsekreterare")
        page.goto(f"{live_server.url}/moten/{secretary_meeting.pk}/")
        page.get_by_role("button", name="Skapa PDF: kallelse").click()
        page.wait_for_load_state()
        for _ in range(120):
            if DocumentJob.objects.get().status == DocumentJob.Status.DONE:
                break
            page.wait_for_timeout(500)
        page.get_by_role("link", name="Ladda om listan").click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name="Ladda ner PDF – Kallelse med föredragningslista").is_visible()
    finally:
        context.close()
