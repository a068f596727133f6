"""Publishing text with a Swedish personal identity number is stopped, with a message saying where it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from decisions.models import Decision, Summary
from groups.models import Organ
from lgl_portal.core.personnummer import ensure_no_personnummer
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.security import crawl_support as cs

pytestmark = pytest.mark.django_db
PNR = "19121212-1212"


def test_the_core_check_raises_under_the_named_field() -> None:
    with pytest.raises(ValidationError) as exc:
        ensure_no_personnummer({"§ 33 Beslut": f"Stöd beviljas {PNR}."}, error_field="posted_on")
    assert PNR in exc.value.message_dict["posted_on"][0]
    assert "§ 33 Beslut" in exc.value.message_dict["posted_on"][0]
    ensure_no_personnummer({"Beslut": "KS 2023/0539, § 157/23, 2023-09-29"})  # nothing to find: no error


def test_publishing_a_summary_with_a_personnummer_is_refused_with_where_it_is() -> None:
    cs.load_demo()
    lgl = Organ.objects.get(slug="lgl")
    decision = Decision.objects.filter(organ=lgl, summary__isnull=True).first() or Decision.objects.create(
        organ=lgl, decided_on=dt.date(2023, 9, 29), title="Beslut"
    )
    summary = Summary.objects.create(
        decision=decision,
        title="Stöd till enskild",
        background=f"<p>Ansökan från person med personnummer {PNR} har prövats.</p>",
        bullets="Ansökan beviljas",
        organ=lgl,
        decided_on=decision.decided_on,
    )
    client = Client()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="sekreterare"))
    response = client.post(f"/beslut/{decision.pk}/sammanfattning/publicera/")
    assert response.status_code == 400
    body = response.content.decode()
    assert "ser ut som ett personnummer" in body
    assert PNR in body
    assert "Bakgrund" in body
    summary.refresh_from_db()
    assert not summary.is_published


def test_a_protocol_with_a_personnummer_cannot_be_sent_towards_publication(admin_user: Any) -> None:
    """Justering makes the protocol public; the secretary must hear about the number while it can be edited."""
    cs.load_demo()
    lgl = Organ.objects.get(slug="lgl")
    from groups.models import Person

    meeting = meeting_services.meeting_create(
        acting_user=admin_user,
        organ=lgl,
        date=dt.date(2026, 10, 2),
        chair=Person.objects.get(name="Anna Hasselbom Trofast"),
        adjusters=[Person.objects.get(name="Johanna Fors")],
    )
    item = meeting_services.item_create(acting_user=admin_user, meeting=meeting, title="Ansökan om stöd")
    meeting_services.item_text_save(
        acting_user=admin_user,
        item=item,
        version=item.version,
        texts={"decision_text": f"<p>Ansökan från {PNR} beviljas.</p>"},
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.GENOMFORT)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        meeting_services.justering_send(acting_user=admin_user, meeting=meeting)
    assert PNR in " ".join(exc.value.messages)
