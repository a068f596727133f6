"""In Chromium, with a real worker: a rättelse proposed, compared and approved by both signers, then the anslag.

The public page and the regenerated public PDF show the rättelse note; posting the anslag regenerates the public
PDF with the right dates without the secretary clicking anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from groups.models import Membership
from meetings import services
from meetings.documents import selectors as document_selectors
from meetings.models import Meeting
from tests.browser_support import axe_violations, login_in_browser, pdftotext, wait_for_worker
from tests.factories.groups import OrganFactory, user_with_role
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def justerat(transactional_db: None, worker: Any, settings: Any) -> dict[str, Any]:
    # The worker first: it purges the queue when it starts, which would drop the justering's PDF jobs.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    organ = OrganFactory(name="Socialnämnden", slug="sn-rattelse", kommunallagen_rules=True)
    people = {
        "secretary": user_with_role(organ, Membership.Role.SEKRETERARE, username="rsekreterare"),
        "chair": user_with_role(organ, Membership.Role.ORDFORANDE, username="rordforande"),
        "adjuster": user_with_role(organ, Membership.Role.LEDAMOT, username="rjusterare"),
    }
    meeting = meeting_with_signers(
        organ, chair=people["chair"], adjuster=people["adjuster"], secretary=people["secretary"], items=2
    )
    item = meeting.items.order_by("position").first()
    services.item_text_save(
        acting_user=people["secretary"],
        item=item,
        version=1,
        texts={"decision_text": "<p>Planen gäller från 1 mars.</p>"},
    )
    services.meeting_mark_held(acting_user=people["secretary"], meeting=meeting)
    services.justering_send(acting_user=people["secretary"], meeting=meeting)
    services.justering_decide(acting_user=people["chair"], meeting=meeting, approve=True)
    services.justering_decide(acting_user=people["adjuster"], meeting=meeting, approve=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.JUSTERAT
    # Justerat Monday 1 December 2025, so the anslag below can be a day that has already come.
    Meeting.objects.filter(pk=meeting.pk).update(justerat_at=timezone.make_aware(dt.datetime(2025, 12, 1, 15, 0)))
    meeting.refresh_from_db()
    return {"meeting": meeting, "item": item, **people}


def _as(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_context(locale="sv-SE").new_page()
    login_in_browser(page, live_server, username)
    return page


def test_a_rattelse_is_proposed_compared_approved_by_both_and_printed_then_the_anslag_regenerates_the_pdf(
    justerat: dict[str, Any], worker: Any, live_server: Any, browser: Any
) -> None:
    meeting = justerat["meeting"]
    first = wait_for_worker(lambda: document_selectors.public_protocol_job(meeting=meeting))
    assert "Rättelse" not in pdftotext(first.file.read())

    # The secretary proposes the rättelse.
    secretary = _as(browser, live_server, "rsekreterare")
    secretary.goto(f"{live_server.url}/moten/{meeting.pk}/rattelse/")
    secretary.get_by_label("Paragraf").select_option(str(justerat["item"].pk))
    secretary.get_by_label("Textfält").select_option("decision_text")
    secretary.get_by_label("Ny text").fill("Planen gäller från 12 mars.")
    secretary.get_by_label("Skäl till rättelsen").fill("Skrivfel i datumet.")
    secretary.get_by_role("button", name="Föreslå rättelsen").click()
    secretary.wait_for_load_state()
    assert secretary.get_by_text("Rättelsen har skickats till ordföranden och justerarna").is_visible()
    secretary.context.close()

    # The chair and the justerare each see the difference and approve.
    for username in ("rordforande", "rjusterare"):
        signer = _as(browser, live_server, username)
        signer.goto(f"{live_server.url}/moten/{meeting.pk}/justering/")
        review = signer.locator("section.correction-review")
        assert "Skrivfel i datumet." in review.inner_text()
        assert review.locator("del").first.inner_text().endswith("1")
        assert review.locator("ins").first.inner_text().endswith("12")
        assert axe_violations(signer) == []
        signer.get_by_role("button", name="Godkänn rättelsen").click()
        signer.wait_for_load_state()
        assert signer.get_by_text("Du har godkänt rättelsen.").is_visible()
        signer.context.close()
    meeting.refresh_from_db()
    assert meeting.protocol_version == 2

    # The public page prints the rättelse note and the corrected text.
    public = browser.new_context(locale="sv-SE").new_page()
    public.goto(f"{live_server.url}/moten/{meeting.pk}/")
    notes = public.locator("section.corrections").inner_text()
    chair_name, adjuster_name = person_of(justerat["chair"]).name, person_of(justerat["adjuster"]).name
    assert "Rättelse, protokollversion 2" in notes and "Skrivfel i datumet." in notes
    assert chair_name in notes and adjuster_name in notes
    assert public.get_by_text("Planen gäller från 12 mars.").is_visible()
    assert axe_violations(public) == []

    # The worker made the public PDF of version 2 on its own; the page links it.
    v2 = wait_for_worker(lambda: document_selectors.public_protocol_job(meeting=meeting))
    public.reload()
    href = public.get_by_role("link", name="Ladda ner protokollet som PDF").get_attribute("href")
    assert href.endswith(f"/{v2.pk}/") or str(v2.pk) in href
    text = pdftotext(public.request.get(live_server.url + href).body())
    assert "Rättelse, protokollversion 2" in text and "Skrivfel i datumet." in text
    assert "Planen gäller från 12 mars." in text
    assert "Rättelse godkänd" in text and "(protokollversion 2)" in text
    assert "tillkännagivits genom anslag" not in text

    # The anslag: posted Wednesday 3 December 2025; three weeks on is julafton, then juldagen, annandag jul and
    # the weekend, so the last day for överklagande is Monday 29 December 2025; take-down 30 December (by hand).
    secretary = _as(browser, live_server, "rsekreterare")
    secretary.goto(f"{live_server.url}/moten/{meeting.pk}/anslag/")
    secretary.get_by_label("Anslaget den").fill("2025-12-03")
    secretary.get_by_role("button", name="Anslå").click()
    secretary.wait_for_load_state()
    secretary.context.close()

    def regenerated() -> Any:
        job = document_selectors.public_protocol_job(meeting=meeting)
        return job if job and job.pk != v2.pk else None

    posted = wait_for_worker(regenerated)
    public.reload()
    href = public.get_by_role("link", name="Ladda ner protokollet som PDF").get_attribute("href")
    text = pdftotext(public.request.get(live_server.url + href).body())
    assert "Justeringen har tillkännagivits genom anslag" in text
    assert "Datum då anslaget sätts upp 3 december 2025" in text
    assert "Sista dag för överklagande 29 december 2025" in text
    assert "Datum då anslaget tas ned 30 december 2025" in text
    assert posted.protocol_version == 2
    public.context.close()
