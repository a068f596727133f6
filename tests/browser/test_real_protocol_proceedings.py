"""In Chromium, with a real worker (issue 13, paragraph content): the secretary enters a roll-call vote and a
reservation on the Beslutsgång page (plain forms); after justering the public protocol page and the public PDF's
text (pdftotext) show the vote table with its computed result and the reservation under the right name.

By hand: Karin Lindqvist (S, the chair) ja, Maria Ek (C) ja, Johan Berg (M) nej: 2 ja against 1 nej, ja wins.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from groups.models import Membership, Person
from lgl_portal.celery import app as celery_app
from meetings import services
from meetings.documents import selectors as document_selectors
from meetings.models import Meeting
from tests.browser_support import axe_violations, login_in_browser, pdftotext, wait_for_worker
from tests.factories.groups import OrganFactory, PersonFactory, user_with_role
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def pdf_vote_rows(data: bytes) -> dict[str, str]:
    """The vote table as the PDF lays it out (pdftotext -layout): each member's X under its column's heading."""
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    lines = out.stdout.decode().splitlines()
    header = next(line for line in lines if re.search(r"Ledamot\s+Ja\s+Nej\s+Avstår", line))
    columns = {name: header.index(name) for name in ("Ja", "Nej", "Avstår")}
    rows: dict[str, str] = {}
    for line in lines[lines.index(header) + 1 :]:
        name = re.split(r"\s{2,}", line.strip())[0]
        if name == "Summa":
            rows[name] = " ".join(line.split()[1:])
            break
        mark = line.index("X")
        rows[name] = min(columns, key=lambda column: abs(columns[column] - mark))
    return rows


@pytest.fixture
def worker(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[Any]:
    """A real Celery worker (solo pool, in a thread) against Redis, as the documents tests start it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30) as w:
        yield w


@pytest.fixture
def held(transactional_db: None, worker: Any, settings: Any) -> dict[str, Any]:
    # The worker first: it purges the queue when it starts, which would drop the justering's PDF jobs.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    organ = OrganFactory(name="Kommunstyrelsens arbetsutskott", slug="ksau-votering", kommunallagen_rules=True)
    users = {
        "secretary": user_with_role(organ, Membership.Role.SEKRETERARE, username="vsekreterare"),
        "chair": user_with_role(organ, Membership.Role.ORDFORANDE, username="vordforande"),
        "adjuster": user_with_role(organ, Membership.Role.LEDAMOT, username="vjusterare"),
    }
    Person.objects.filter(user=users["chair"]).update(name="Karin Lindqvist", party="S")
    Person.objects.filter(user=users["adjuster"]).update(name="Maria Ek", party="C")
    johan = PersonFactory(name="Johan Berg", party="M")
    meeting = meeting_with_signers(
        organ, chair=users["chair"], adjuster=users["adjuster"], secretary=users["secretary"], items=2
    )
    for person in (person_of(users["chair"]), person_of(users["adjuster"]), johan):
        services.attendance_add(acting_user=users["secretary"], meeting=meeting, person=person)
    item = meeting.items.order_by("position").first()
    services.item_text_save(
        acting_user=users["secretary"],
        item=item,
        version=item.version,
        texts={"decision_text": "<p>Budgeten godkänns.</p>"},
    )
    return {"meeting": meeting, "item": item, "johan": johan, **users}


def test_a_roll_call_vote_and_a_reservation_entered_in_the_browser_print_on_the_public_page_and_in_the_pdf(
    held: dict[str, Any], worker: Any, live_server: Any, browser: Any
) -> None:
    meeting, item = held["meeting"], held["item"]
    page = browser.new_context(locale="sv-SE").new_page()
    login_in_browser(page, live_server, "vsekreterare")
    page.goto(f"{live_server.url}/moten/{meeting.pk}/arenden/{item.pk}/beslutsgang/")
    assert page.get_by_text("3 ledamöter beslutar i paragrafen.").is_visible()
    assert axe_violations(page) == []

    vote = page.locator("section#vote")
    vote.get_by_label("Ja innebär").fill("bifall till förslaget")
    vote.get_by_label("Nej innebär").fill("avslag")
    vote.get_by_label("Karin Lindqvist (S)").select_option("ja")
    vote.get_by_label("Maria Ek (C)").select_option("ja")
    vote.get_by_label("Johan Berg (M)").select_option("nej")
    vote.get_by_role("button", name="Spara omröstningen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ändringen har sparats.").is_visible()

    # A reservation by a member who voted for the decision is refused at the field; by Johan Berg it is taken.
    statement = page.locator("section#statement")
    statement.get_by_label("Typ").select_option("reservation")
    statement.get_by_label("Ledamot").select_option(str(person_of(held["adjuster"]).pk))
    statement.get_by_role("button", name="Lägg till").click()
    page.wait_for_load_state()
    assert (
        page.locator("#id_statement-person_error")
        .inner_text()
        .endswith("Maria Ek röstade för beslutet och kan inte reservera sig mot det.")
    )
    statement = page.locator("section#statement")
    statement.get_by_label("Typ").select_option("reservation")
    statement.get_by_label("Ledamot").select_option(str(held["johan"].pk))
    statement.get_by_label("Skriftlig text").fill("Moderaterna yrkade avslag på budgeten.")
    statement.get_by_role("button", name="Lägg till").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ändringen har sparats.").is_visible()
    page.context.close()

    secretary, chair, adjuster = held["secretary"], held["chair"], held["adjuster"]
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.JUSTERAT

    result = "Omröstningsresultat: 2 ja, 1 nej, 0 avstår. Ja har vunnit: beslut enligt bifall till förslaget."
    reservation = "Johan Berg (M) reserverar sig mot beslutet med följande skriftliga reservation:"
    public = browser.new_context(locale="sv-SE").new_page()
    public.goto(f"{live_server.url}/moten/{meeting.pk}/")
    paragraph = public.locator(f"#p{item.pk}")
    table = paragraph.locator("table.vote-table")
    assert table.locator("tbody tr").count() == 3
    assert table.locator("tfoot").inner_text().split() == ["Summa", "2", "1", "0"]
    row = table.locator("tr", has_text="Johan Berg (M)").locator("td")
    assert [row.nth(i).inner_text() for i in range(4)] == ["Johan Berg (M)", "", "X", ""]
    text = " ".join(paragraph.inner_text().split())
    assert result in text
    assert reservation + " Moderaterna yrkade avslag på budgeten." in text
    assert axe_violations(public) == []

    job = wait_for_worker(lambda: document_selectors.public_protocol_job(meeting=meeting))
    data = job.file.read()
    pdf = pdftotext(data)
    assert pdf_vote_rows(data) == {
        "Johan Berg (M)": "Nej",
        "Karin Lindqvist (S)": "Ja",
        "Maria Ek (C)": "Ja",
        "Summa": "2 1 0",
    }
    assert result in pdf
    assert reservation + " Moderaterna yrkade avslag på budgeten." in pdf
    public.context.close()


def test_a_sub_heading_and_a_table_typed_in_the_editor_are_saved_and_printed_below_the_section_heading(
    transactional_db: None, live_server: Any, browser: Any
) -> None:
    organ = OrganFactory(name="Kommunstyrelsens arbetsutskott", slug="ksau-rubrik")
    secretary = user_with_role(organ, Membership.Role.SEKRETERARE, username="rsekreterare")
    meeting = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 12, 4))
    item = services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    page = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900}).new_page()
    login_in_browser(page, live_server, "rsekreterare")
    page.goto(f"{live_server.url}/moten/{meeting.pk}/arenden/{item.pk}/protokoll/")
    editor = page.locator("div.prose-editor:has(textarea[name=summary])")
    editor.locator(".ProseMirror[role=textbox]").click()
    # "### " is the editor's own shortcut for a level-3 heading; the menu offers the same.
    page.keyboard.type("### Ekonomi")
    page.keyboard.press("Enter")
    page.keyboard.type("Kostnaderna ökar.")
    page.keyboard.press("Enter")
    editor.get_by_title("Insert table").click()
    page.locator("dialog[open] button[type=submit]").click()
    page.locator("#save-status[data-state=saved]").wait_for(timeout=10_000)

    def saved() -> Any:
        item.refresh_from_db()
        return "<table>" in item.summary and item.summary

    summary = wait_for_worker(saved, seconds=20)
    assert summary.startswith("<h3>Ekonomi</h3><p>Kostnaderna ökar.</p><table>")
    page.goto(f"{live_server.url}/moten/{meeting.pk}/protokoll/")
    section = page.locator(f"#p{item.pk}")
    assert section.locator("h4", has_text="Sammanfattning av ärendet").is_visible()
    assert section.locator("h5", has_text="Ekonomi").is_visible()
    assert section.locator("table").count() == 1
    page.context.close()
