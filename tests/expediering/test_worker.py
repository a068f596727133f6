"""Expediering through the real worker and Redis: 13 principals get LGL's recommendation, one address fails."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client

from decisions.ratification import services as ratification_services
from meetings.documents import sealing
from meetings.documents.models import SealedFile
from meetings.expediering import services as expediering_services
from meetings.expediering.models import Dispatch
from meetings.expediering.tasks import requeue_pending_dispatches
from tests.documents.pdfcheck import CLOSED_PORT_BROKER, broker_at, pdf_text
from tests.expediering import mail as refusing
from tests.factories.decisions import DecisionFactory
from tests.factories.documents import protocol_meeting
from tests.factories.groups import UserFactory
from tests.factories.ratification import county_with_principals, secretary_of, sending_organ

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FAILING = "registrator@stangd.example"


def wait_until_delivered(meeting: Any, *, seconds: float = 120) -> list[Dispatch]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = list(Dispatch.objects.filter(meeting=meeting))
        if rows and all(d.status in (Dispatch.Status.SENT, Dispatch.Status.FAILED) for d in rows):
            return rows
        time.sleep(0.2)
    pytest.fail(f"Utskicken blev aldrig klara: {[(d.name, d.status, d.error) for d in rows]}")


@pytest.fixture
def ratified_proposal(transactional_db: None) -> dict[str, Any]:
    """LGL's meeting where § 26 sent a joint proposal to the 13 principals of a län for ratification."""
    county, principals = county_with_principals(13, name="Kalmar testlän")
    for org in principals:
        # The registrator's own address, not the general contact, is where a decision is diarieförd.
        org.registrator_email = f"diarium@{org.slug}.example"
        org.save(update_fields=["registrator_email"])
    lgl = sending_organ(county)
    meeting = protocol_meeting(organ=lgl, paragraphs=3)
    items = list(meeting.items.order_by("position"))
    decision = DecisionFactory(organ=lgl, meeting=meeting, agenda_item=items[0], title=items[0].title)
    case = ratification_services.case_create(
        acting_user=UserFactory(is_superuser=True),
        title="Länsgemensam målbild för Nära vård",
        sending_organ=lgl,
        originating_decision=decision,
    )
    secretary = secretary_of(lgl, "expediering-sekr")
    client = Client()
    client.force_login(secretary)
    return {
        "meeting": meeting,
        "items": items,
        "case": case,
        "principals": principals,
        "client": client,
        "user": secretary,
    }


def test_thirteen_principals_get_their_extract_and_a_refused_address_is_retried_and_reported(
    ratified_proposal: dict[str, Any], worker: Any, refusing_mail: None, dev_seal: Path
) -> None:
    meeting, items, case = ratified_proposal["meeting"], ratified_proposal["items"], ratified_proposal["case"]
    principals, client = ratified_proposal["principals"], ratified_proposal["client"]
    url = f"/moten/{meeting.pk}/expediering/"

    # The secretary names one more recipient for § 27: an address whose mail server refuses it.
    response = client.post(f"{url}mottagare/", {"items": [items[1].pk], "email": FAILING})
    assert response.status_code == 302, response.content.decode()
    page = " ".join(client.get(url).content.decode().split())
    assert "Region Kalmar testlän" in page and "huvudman i ratificeringsärendet" in page
    assert FAILING in page

    # One action sends everything.
    assert client.post(f"{url}skicka/").status_code == 302
    rows = wait_until_delivered(meeting)
    assert len(rows) == 14

    # 13 messages, one per principal, each to its registrator, each with its own extract of § 26 only.
    assert len(mail.outbox) == 13
    expected = {f"diarium@{org.slug}.example": org for org in principals}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)
    for message in mail.outbox:
        org = expected[message.to[0]]
        assert message.subject == "Protokollsutdrag: Länsgemensam ledning i samverkan 2023-09-29, § 26"
        [(name, data, mimetype)] = message.attachments
        assert mimetype == "application/pdf" and name.endswith("-2023-09-29-26.pdf")
        text = " ".join(pdf_text(data).split())
        assert f"Till: {org.name}" in text
        assert "Utdragsbestyrkande" in text and "§ 26" in text and "§ 27" not in text
        # Sealed, and /verifiera/ knows it as this extract.
        assert sealing.check_seal(data).valid
        assert SealedFile.objects.get(sha256=sealing.sha256(data)).job.extract.recipient == org

    # The refused address was tried four times, then reported with the server's answer.
    failed = Dispatch.objects.get(address=FAILING)
    assert failed.status == Dispatch.Status.FAILED
    assert failed.attempts == 4
    assert refusing.attempts_refused == [FAILING] * 4
    assert "SMTPRecipientsRefused" in failed.error and "Mailbox unavailable" in failed.error
    page = " ".join(client.get(url).content.decode().split())
    assert "✗ Misslyckades" in page and "4 försök" in page and "Mailbox unavailable" in page
    assert page.count("✓ Skickat") == 13

    # The record says who got what when.
    sent = Dispatch.objects.filter(status=Dispatch.Status.SENT).prefetch_related("extract__items")
    assert {d.organisation_id for d in sent} == {org.pk for org in principals}
    for dispatch in sent:
        assert [i.pk for i in dispatch.extract.items.all()] == [items[0].pk]
        assert dispatch.sent_at is not None and dispatch.attempts == 1

    # The protocol shows "Expedierat till … datum" under § 26, and the case which principals received it.
    protocol = " ".join(client.get(f"/moten/{meeting.pk}/").content.decode().split())
    assert "Expedierat till Kommun 01 i Kalmar testlän" in protocol
    day = sent[0].sent_at.astimezone().strftime("%-d")
    case_page = " ".join(Client().get(f"/ratificering/{case.slug}/").content.decode().split())
    assert "LGL:s utdrag skickat" in case_page
    assert case_page.count(f"<td>{day} ") >= 13

    # Sending again sends nothing new; a retry sends the failed one again.
    response = client.post(f"{url}skicka/", follow=True)
    assert "Det finns inget nytt att expediera" in response.content.decode()
    assert client.post(f"{url}forsok-igen/").status_code == 302
    wait_until_delivered(meeting)
    assert Dispatch.objects.get(address=FAILING).attempts == 4
    assert refusing.attempts_refused == [FAILING] * 8
    assert len(mail.outbox) == 13


def test_with_the_broker_down_the_dispatch_waits_and_the_beat_sends_it_later(worker: Any, refusing_mail: None) -> None:
    meeting = protocol_meeting(paragraphs=1)
    item = meeting.items.get()
    user = secretary_of(meeting.organ, "beat-sekr")
    expediering_services.recipient_add(acting_user=user, items=[item], email="registrator@nybro.example")
    with broker_at(CLOSED_PORT_BROKER), transaction.atomic():
        [dispatch] = expediering_services.expediering_send(acting_user=user, meeting=meeting)
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.PENDING and not mail.outbox

    Dispatch.objects.filter(pk=dispatch.pk).update(updated_at=dispatch.created_at.replace(year=2000))
    assert requeue_pending_dispatches() == 1
    [dispatch] = wait_until_delivered(meeting)
    assert dispatch.status == Dispatch.Status.SENT
    assert [m.to for m in mail.outbox] == [["registrator@nybro.example"]]
