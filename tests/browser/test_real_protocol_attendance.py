"""Issue 13, seats and attendance, in Chromium with a real worker: the secretary records a vacant seat on the
organ page and a tjänstgörande ersättare for two runs of paragraphs on the närvaro page; once justerat, the public
protocol page and the public PDF (read by pdftotext) print the vacant seat and the ersättare against exactly those
paragraphs, and the member replaced as not deciding there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from groups import services as group_services
from groups.models import Membership, Organ
from lgl_portal.celery import app as celery_app
from meetings import services
from meetings.documents import selectors as document_selectors
from meetings.models import Attendance, Meeting
from tests.browser_support import axe_violations, login_in_browser, pdftotext, wait_for_worker
from tests.factories.groups import OrganFactory, PersonFactory, user_with_role
from tests.factories.meetings import meeting_with_signers

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings: Any, tmp_path: Path) -> Iterator[Any]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30) as w:
        yield w


@pytest.fixture
def setting(transactional_db: None, worker: Any) -> dict[str, Any]:
    organ = OrganFactory(
        name="Kommunstyrelsens arbetsutskott",
        slug="ksau-narvaro",
        kommunallagen_rules=True,
        paragraph_format=Organ.ParagraphFormat.YEAR,
    )
    users = {
        "secretary": user_with_role(organ, Membership.Role.SEKRETERARE, username="nsekreterare"),
        "chair": user_with_role(organ, Membership.Role.ORDFORANDE, username="nordforande"),
        "adjuster": user_with_role(organ, Membership.Role.LEDAMOT, username="njusterare"),
    }
    people = {}
    for name, party, role in (
        ("Per Nyström", "S", Membership.Role.LEDAMOT),
        ("Lena Holm", "S", Membership.Role.ERSATTARE),
    ):
        people[name] = PersonFactory(name=name, party=party, title="", organisation=None)
        group_services.membership_start(
            acting_user=None, person=people[name], organ=organ, role=role, start_date=dt.date(2023, 1, 1)
        )
    meeting = meeting_with_signers(
        organ, chair=users["chair"], adjuster=users["adjuster"], secretary=users["secretary"], items=6
    )
    return {"organ": organ, "meeting": meeting, "people": people, **users}


def test_the_vacant_seat_and_an_ersattare_for_two_runs_print_on_the_public_page_and_in_the_pdf(
    setting: dict[str, Any], live_server: Any, browser: Any
) -> None:
    organ, meeting = setting["organ"], setting["meeting"]
    per, lena = setting["people"]["Per Nyström"], setting["people"]["Lena Holm"]
    items = list(meeting.items.order_by("position"))
    page = browser.new_context(locale="sv-SE").new_page()
    login_in_browser(page, live_server, "nsekreterare")

    # The vacant seat, on the organ page.
    page.goto(f"{live_server.url}/organ/{organ.slug}/")
    page.get_by_role("link", name="Lägg till vakant plats").click()
    page.get_by_label("Parti").fill("M")
    page.get_by_label("Vakant från").fill("2025-01-01")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Den vakanta platsen har registrerats.").is_visible()
    assert "Vakant (M)" in page.locator("main").inner_text()

    # Lena Holm serves for Per Nyström in items 1 and 3–5; first a range that is refused, next to the field.
    page.goto(f"{live_server.url}/moten/{meeting.pk}/narvaro/")
    form = page.locator("main form.form")
    form.get_by_label("Person", exact=True).select_option(str(lena.pk))
    form.get_by_label("Roll").select_option(Attendance.Role.ERSATTARE)
    for n in (1, 3, 4, 5):
        form.get_by_label(f"{n}. Ärende {n}", exact=True).check()
    form.get_by_label("Ersätter ledamot").select_option(str(lena.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "En person kan inte ersätta sig själv." in page.locator("#id_replaces_error").inner_text()
    assert not Attendance.objects.filter(meeting=meeting).exists()

    form = page.locator("main form.form")
    form.get_by_label("Ersätter ledamot").select_option(str(per.pk))
    for n in (1, 3, 4, 5):
        form.get_by_label(f"{n}. Ärende {n}", exact=True).check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Närvaron har sparats.").is_visible()
    page.get_by_role("button", name="Lägg till alla ledamöter som närvarande").click()
    page.wait_for_load_state()
    row = Attendance.objects.get(meeting=meeting, person=lena)
    assert [(r.from_item_id, r.until_item_id) for r in row.ranges.order_by("id")] == [
        (items[0].pk, items[0].pk),
        (items[2].pk, items[4].pk),
    ]
    assert "punkt 1, 3–5" in page.locator("main table").inner_text()
    assert axe_violations(page) == []
    page.context.close()

    # Justering through the services; the paragraphs become § 1–6/26 (the organ's first meeting of 2026).
    secretary, chair, adjuster = setting["secretary"], setting["chair"], setting["adjuster"]
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.JUSTERAT

    expected = [
        "Vakant (M)",
        "Per Nyström (S), ej beslutande (§ 1, 3–5/26)",
        "Tjänstgörande ersättare",
        "Lena Holm (S), för Per Nyström (S) § 1, 3–5/26",
    ]
    public = browser.new_context(locale="sv-SE").new_page()
    public.goto(f"{live_server.url}/moten/{meeting.pk}/")
    block = public.locator("main .attendance").inner_text()
    for text in expected:
        assert text in block, text
    assert "§ 2" not in block and "6/26" not in block
    assert axe_violations(public) == []

    job = wait_for_worker(lambda: document_selectors.public_protocol_job(meeting=meeting))
    pdf = pdftotext(job.file.read())
    for text in expected:
        assert text in pdf, text
    public.context.close()
