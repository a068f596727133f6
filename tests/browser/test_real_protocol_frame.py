"""Issue 13, the protocol's frame, in Chromium with a real worker: the secretary enters an ajournering, a tillägg,
an item that bordläggs, the planned justering and the approval of the list; after justering the public page and
the public PDF (read by poppler's pdftotext) print each part, and the signature block names the signers with the
time of their digital approval. The demo's LGL protocol (seed 002) is numbered "1.", "2." as LGL writes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.utils import timezone

from groups.models import Membership
from lgl_portal.celery import app as celery_app
from meetings import services
from meetings.documents import rendering
from meetings.documents import selectors as document_selectors
from meetings.documents.models import DocumentJob
from meetings.models import AgendaItem, JusteringSignature, Meeting
from tests.browser_support import axe_violations, login_in_browser, pdftotext, wait_for_worker
from tests.factories.groups import OrganFactory, user_with_role
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november",
          "december"]  # fmt: skip
REASON = "Samrådsredogörelsen är inte klar."


def _as(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_context(locale="sv-SE").new_page()
    login_in_browser(page, live_server, username)
    return page


def _swedish(moment: dt.datetime) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}", f"{local:%H:%M}"


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }


@pytest.fixture
def worker(media: None) -> Iterator[Any]:
    """A real Celery worker (solo pool, in a thread) against Redis, as the documents tests start it."""
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30) as w:
        yield w


@pytest.fixture
def setting(transactional_db: None, worker: Any, settings: Any) -> dict[str, Any]:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    organ = OrganFactory(name="Kommunstyrelsens arbetsutskott", slug="ksau-ram", kommunallagen_rules=True)
    people = {
        "secretary": user_with_role(organ, Membership.Role.SEKRETERARE, username="fsekreterare"),
        "chair": user_with_role(organ, Membership.Role.ORDFORANDE, username="fordforande"),
        "adjuster": user_with_role(organ, Membership.Role.LEDAMOT, username="fjusterare"),
    }
    meeting = meeting_with_signers(
        organ,
        chair=people["chair"],
        adjuster=people["adjuster"],
        secretary=people["secretary"],
        items=2,
        date=dt.date(2026, 10, 13),
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 30),
        location="Sammanträdesrummet Kristallen",
    )
    return {"meeting": meeting, **people}


def test_the_secretary_enters_the_frame_and_the_public_page_and_pdf_print_it(
    setting: dict[str, Any], worker: Any, live_server: Any, browser: Any
) -> None:
    meeting: Meeting = setting["meeting"]
    base = f"{live_server.url}/moten/{meeting.pk}"
    secretary = _as(browser, live_server, "fsekreterare")

    # The ajournering: a wrong one is refused in Swedish next to the field, the right one saved.
    secretary.goto(f"{base}/")
    secretary.get_by_role("link", name="Ajourneringar").click()
    secretary.get_by_label("Från kl.").fill("14:15")
    secretary.get_by_label("Till kl.").fill("14:00")
    secretary.get_by_role("button", name="Spara ajourneringen").click()
    assert "Ajourneringen måste sluta efter att den börjar." in secretary.locator("#id_end_time_error").inner_text()
    assert not meeting.adjournments.exists()
    secretary.get_by_label("Från kl.").fill("14:00")
    secretary.get_by_label("Till kl.").fill("14:15")
    secretary.get_by_label("Anteckning").fill("Ajournering för gruppöverläggningar")
    secretary.get_by_role("button", name="Spara ajourneringen").click()
    secretary.wait_for_load_state()
    assert [str(a) for a in meeting.adjournments.all()] == ["14:00–14:15"]

    # The second item bordläggs: first without a reason (refused), then with it.
    second = meeting.items.order_by("position")[1]
    secretary.goto(f"{base}/arenden/{second.pk}/redigera/")
    secretary.get_by_label("Handläggning").select_option("bordlaggs")
    secretary.get_by_role("button", name="Spara uppgifterna").click()
    assert "Ange skälet till att ärendet bordläggs." in secretary.locator("#id_item-handling_reason_error").inner_text()
    secretary.get_by_label("Skäl till att ärendet utgår eller bordläggs").fill(REASON)
    secretary.get_by_role("button", name="Spara uppgifterna").click()
    secretary.wait_for_load_state()
    second.refresh_from_db()
    assert (second.handling, second.handling_reason) == ("bordlaggs", REASON)

    # A tillägg added at the meeting, then the list approved med tillägg and the justering planned.
    secretary.goto(f"{base}/arenden/nytt/")
    secretary.locator("#id_title").fill("Yttrande över remiss om kompetensförsörjning")
    secretary.locator("#id_kind").select_option("tillagg")
    secretary.get_by_role("button", name="Spara", exact=True).click()
    secretary.wait_for_load_state()
    assert meeting.items.filter(kind=AgendaItem.Kind.TILLAGG).count() == 1
    secretary.goto(f"{base}/redigera/")
    secretary.get_by_label("Justeringens plats").fill("Kommunledningskontoret")
    secretary.get_by_label("Justeringens dag").fill("2026-10-16")
    secretary.get_by_label("Föredragningslistan").select_option("med_tillagg")
    secretary.get_by_role("button", name="Spara", exact=True).click()
    secretary.wait_for_load_state()
    meeting.refresh_from_db()
    assert (meeting.agenda_approval, meeting.justering_date) == ("med_tillagg", dt.date(2026, 10, 16))
    secretary.context.close()

    services.meeting_mark_held(acting_user=setting["secretary"], meeting=meeting)
    services.justering_send(acting_user=setting["secretary"], meeting=meeting)
    services.justering_decide(acting_user=setting["chair"], meeting=meeting, approve=True)
    services.justering_decide(acting_user=setting["adjuster"], meeting=meeting, approve=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.JUSTERAT
    approvals = {s.person_id: _swedish(s.decided_at) for s in JusteringSignature.objects.filter(meeting=meeting)}
    chair, adjuster = person_of(setting["chair"]), person_of(setting["adjuster"])
    secretary_name = person_of(setting["secretary"]).name

    public = browser.new_context(locale="sv-SE").new_page()
    public.goto(f"{base}/")
    frame = public.locator("dl.protocol-frame").inner_text()
    assert "Ajournering kl. 14:00–14:15 (Ajournering för gruppöverläggningar)" in frame
    assert "Föredragningslistan godkänns med tillägg." in frame
    assert "Paragrafer\n1–3" in frame or "Paragrafer\t1–3" in frame
    assert public.locator("#p{} h3".format(meeting.items.get(kind="tillagg").pk)).inner_text().endswith("Tillägg")
    assert public.get_by_text(f"Ärendet bordläggs. Skäl: {REASON}").is_visible()
    block = public.locator("dl.signature-block").inner_text()
    assert "Planerad på Kommunledningskontoret den 16 oktober 2026" in block
    assert secretary_name in block
    for person in (chair, adjuster):
        day, clock = approvals[person.pk]
        assert f"{person.name} – justerat digitalt {day} kl. {clock}" in block
    assert axe_violations(public) == []

    job = wait_for_worker(lambda: document_selectors.public_protocol_job(meeting=meeting))
    public.reload()
    href = public.get_by_role("link", name="Ladda ner protokollet som PDF").get_attribute("href")
    assert str(job.pk) in href
    text = pdftotext(public.request.get(live_server.url + href).body())
    for expected in (
        "Ajournering kl. 14:00–14:15 (Ajournering för gruppöverläggningar)",
        "Föredragningslistan godkänns med tillägg.",
        "Paragrafer 1–3",
        "§ 3 Yttrande över remiss om kompetensförsörjning (Tillägg)",
        f"Ärendet bordläggs. Skäl: {REASON}",
        "Planerad på Kommunledningskontoret den 16 oktober 2026",
        secretary_name,
    ):
        assert expected in text, expected
    for person in (chair, adjuster):
        day, clock = approvals[person.pk]
        assert person.name in text
        assert f"Godkänt digitalt {day} kl. {clock} (protokollversion 1)" in text
    public.context.close()


@pytest.fixture
def demo(transactional_db: None, media: None) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_lgl_numbers_its_points_1_2_on_the_seed_meeting_page_and_in_its_pdf(
    demo: None, live_server: Any, page: Any
) -> None:
    seed = Meeting.objects.get(organ__slug="lgl", date=dt.date(2023, 9, 29))
    page.goto(f"{live_server.url}/moten/{seed.pk}/")
    headings = page.locator("section.paragraph h3").all_inner_texts()
    assert headings[:2] == ["1. Välkomna", "2. Föregående mötesprotokoll"]
    assert not any("§" in h for h in headings)
    assert "Punkter\n1–9" in page.locator("dl.protocol-frame").inner_text()
    # The seed's inner heading (an h4 in the text) stays a sub-heading inside the paragraph text, below the
    # paragraph (h3) and its section headings (h4): two levels down, an h6.
    assert page.locator("section.paragraph .rich h6", has_text="Förstärkt gemensam systemledning").count() == 1

    # The PDF as the worker makes it (the same build and the same WeasyPrint call), read by pdftotext.
    built = rendering.build_input(kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting_id=seed.pk, extract_id=None, params={})
    data, _pages = rendering.html_to_pdf(built.html)
    text = pdftotext(data)
    assert "Punkter 1–9" in text
    assert "1. Välkomna" in text and "2. Föregående mötesprotokoll" in text
    assert "§ 1" not in text

    # The demo's KSAU protocol under Kommunallagen: its frame on the public page.
    ksau = Meeting.objects.get(organ__slug="nybro-ksau")
    page.goto(f"{live_server.url}/moten/{ksau.pk}/")
    frame = page.locator("dl.protocol-frame").inner_text()
    assert "Ajournering kl. 14:00–14:15 (Ajournering för gruppöverläggningar)" in frame
    assert "Föredragningslistan godkänns med tillägg." in frame
    assert page.get_by_text("Justering sker på Kommunledningskontoret den 16 oktober 2026.").is_visible()
    assert page.get_by_text("Ärendet bordläggs. Skäl:").first.is_visible()
