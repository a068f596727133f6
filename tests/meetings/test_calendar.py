"""Calendars every client reads: VTIMEZONE, stable UIDs, SEQUENCE on change, and cancelled or moved meetings.

Each feed is read back by two independent libraries (icalendar and vobject); the expected local times and UTC
offsets are worked out by hand from the EU summer-time rule (CEST from the last Sunday of March, 02:00 CET,
to the last Sunday of October): 2027-01-15 is winter (+01:00), 2027-03-28 the first summer day (+02:00),
2027-07-01 summer (+02:00), 2027-10-31 the first winter day again (+01:00).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pytest
import vobject
from django.conf import settings
from django.core import mail
from django.test import Client

from groups.models import Organ
from meetings import services
from meetings.models import Meeting, MeetingChange
from tests.factories.meetings import AgendaItemFactory, MeetingFactory, person_of

pytestmark = pytest.mark.django_db

HAND_WORKED = [
    (dt.date(2027, 1, 15), "+01:00"),
    (dt.date(2027, 3, 28), "+02:00"),
    (dt.date(2027, 7, 1), "+02:00"),
    (dt.date(2027, 10, 31), "+01:00"),
]


def _feed(client: Client, path: str = "/kalender.ics") -> str:
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return response.content.decode()


def _icalendar_events(text: str) -> dict[str, Any]:
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


def _vobject_events(text: str) -> dict[str, Any]:
    return {e.uid.value: e for e in vobject.readOne(text).vevent_list}


def test_local_times_have_a_vtimezone_and_both_libraries_read_the_hand_worked_offsets(organ: Organ) -> None:
    meetings = [
        MeetingFactory(organ=organ, date=day, start_time=dt.time(9, 30), status=Meeting.Status.KALLAT)
        for day, _offset in HAND_WORKED
    ]
    text = _feed(Client())
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Stockholm" in text
    assert "DTSTART;TZID=Europe/Stockholm:20270328T093000" in text
    ical, vobj = _icalendar_events(text), _vobject_events(text)
    for meeting, (day, offset) in zip(meetings, HAND_WORKED, strict=True):
        uid = f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname}"
        expected = f"{day.isoformat()}T09:30:00{offset}"
        assert ical[uid].decoded("dtstart").isoformat() == expected
        assert vobj[uid].dtstart.value.isoformat() == expected
        assert vobj[uid].status.value == "CONFIRMED"
    # The VTIMEZONE itself, as vobject reads it, gives the same offsets (not only the TZID's name).
    zone = vobject.readOne(text).vtimezone.gettzinfo()
    for day, offset in HAND_WORKED:
        utcoffset = dt.datetime.combine(day, dt.time(9, 30), tzinfo=zone).utcoffset()
        assert utcoffset == dt.timedelta(hours=int(offset[1:3])), day


def test_the_uid_does_not_follow_the_host_header(organ: Organ) -> None:
    meeting = MeetingFactory(organ=organ, start_time=dt.time(9))
    a = _icalendar_events(_feed(Client(HTTP_HOST="127.0.0.1")))
    b = _icalendar_events(_feed(Client(HTTP_HOST="localhost")))
    assert set(a) == set(b) and any(uid.startswith(f"meeting-{meeting.pk}@") for uid in a)


def test_moving_raises_the_sequence_keeps_the_uid_and_tells_the_members(
    organ: Organ, secretary: Any, member: Any, mail_at_commit: Any
) -> None:
    meeting = MeetingFactory(organ=organ, date=dt.date(2027, 2, 5), start_time=dt.time(9), end_time=dt.time(12))
    before = _icalendar_events(_feed(Client()))
    (uid,) = before
    with mail_at_commit():
        services.meeting_move(
            acting_user=secretary,
            meeting=meeting,
            date=dt.date(2027, 2, 12),
            start_time=dt.time(13),
            end_time=dt.time(15),
            location="Regionhuset, Kalmar",
            reason="Krockar med regionfullmäktige.",
        )
    text = _feed(Client())
    after, vobj = _icalendar_events(text), _vobject_events(text)
    assert set(after) == {uid}
    assert int(after[uid]["sequence"]) == int(before[uid]["sequence"]) + 1
    assert after[uid].decoded("dtstart").isoformat() == "2027-02-12T13:00:00+01:00"
    assert vobj[uid].dtstart.value.isoformat() == "2027-02-12T13:00:00+01:00"
    assert str(after[uid]["location"]) == "Regionhuset, Kalmar"
    assert person_of(member).email in {m.to[0] for m in mail.outbox}
    body = mail.outbox[0].body
    assert "flyttat" in body and "Krockar med regionfullmäktige." in body and "2027-02-12 13:00–15:00" in body
    page = Client().get(f"/moten/{meeting.pk}/").content.decode()
    assert "Sammanträdet är flyttat från 5 februari 2027." in page and "Krockar med regionfullmäktige." in page


def test_a_cancelled_meeting_is_cancelled_in_both_libraries_on_the_page_and_in_the_api(
    organ: Organ, secretary: Any, member: Any, mail_at_commit: Any
) -> None:
    meeting = MeetingFactory(
        organ=organ, date=dt.date(2027, 3, 28), start_time=dt.time(9), status=Meeting.Status.KALLAT
    )
    AgendaItemFactory(meeting=meeting)
    with mail_at_commit():
        services.meeting_cancel(acting_user=secretary, meeting=meeting, reason="Inga beslutsärenden.")
    text = _feed(Client())
    (event,) = _icalendar_events(text).values()
    (vevent,) = _vobject_events(text).values()
    assert str(event["status"]) == "CANCELLED" and vevent.status.value == "CANCELLED"
    assert int(event["sequence"]) == 1 and int(vevent.sequence.value) == 1
    assert "Inga beslutsärenden." in vevent.description.value
    assert next(m.subject for m in mail.outbox if person_of(member).email in m.to).startswith("Inställt:")
    page = Client().get(f"/moten/{meeting.pk}/").content.decode()
    assert "Sammanträdet är inställt." in page and "Inga beslutsärenden." in page and "Inställt" in page
    api = Client().get(f"/api/meetings/{meeting.pk}/").json()
    assert api["cancelled"] is True and api["lgl:cancellationReason"] == "Inga beslutsärenden."


def test_cancelling_or_moving_needs_a_reason_and_a_meeting_not_yet_held(organ: Organ, secretary: Any) -> None:
    from django.core.exceptions import ValidationError

    meeting = MeetingFactory(organ=organ)
    with pytest.raises(ValidationError) as exc:
        services.meeting_cancel(acting_user=secretary, meeting=meeting, reason="  ")
    assert "Ange varför sammanträdet ställs in." in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.meeting_move(
            acting_user=secretary,
            meeting=meeting,
            date=meeting.date,
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            location=meeting.location,
            reason="Samma tid",
        )
    assert "Ange en ny dag, tid eller plats" in str(exc.value)
    held = MeetingFactory(organ=organ, status=Meeting.Status.GENOMFORT)
    with pytest.raises(ValidationError):
        services.meeting_cancel(acting_user=secretary, meeting=held, reason="För sent")
    assert not MeetingChange.objects.exists()
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and meeting.cancelled_at is None


def test_editing_the_time_or_place_raises_the_sequence_and_the_title_does_not(organ: Organ, secretary: Any) -> None:
    meeting = MeetingFactory(organ=organ, start_time=dt.time(9))
    services.meeting_update(acting_user=secretary, meeting=meeting, title="Extra möte")
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    services.meeting_update(acting_user=secretary, meeting=meeting, start_time=dt.time(10))
    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_the_secretary_cancels_through_the_form_and_bad_input_gets_a_swedish_400(
    organ: Organ, secretary: Any, outsider: Any, mail_at_commit: Any
) -> None:
    meeting = MeetingFactory(organ=organ)
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/moten/{meeting.pk}/stall-in/").status_code in (403, 404)
    client.force_login(secretary)
    response = client.post(f"/moten/{meeting.pk}/stall-in/", {"reason": ""})
    assert response.status_code == 400 and "Det här fältet är obligatoriskt." in response.content.decode()
    response = client.post(f"/moten/{meeting.pk}/flytta/", {"date": "inte ett datum", "reason": "x"})
    assert response.status_code == 400 and "Fyll i ett giltigt datum." in response.content.decode()
    with mail_at_commit():
        response = client.post(f"/moten/{meeting.pk}/stall-in/", {"reason": "Sjukdom i presidiet."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancellation_reason == "Sjukdom i presidiet."
