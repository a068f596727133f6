"""The Beslutsgång page (issue 13) in the browser without JavaScript: who may write, errors next to the field
with nothing saved, and nothing written once the protocol is justerat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Organ, Person
from meetings import services, voting
from meetings.models import AgendaItem, Attendance, Ballot, Meeting, MemberStatement, Motion, Vote
from tests.factories.groups import PersonFactory
from tests.factories.meetings import person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraph(organ: Organ, secretary: Any, chair: Any) -> tuple[Meeting, AgendaItem, dict[str, Person]]:
    """Anna (chair), Bo and Cilla decide; Gun is jävig; Frida is absent."""
    people = {"anna": person_of(chair)} | {
        key: PersonFactory(name=name, party=party)
        for key, name, party in [("bo", "Bo Berg", "M"), ("cilla", "Cilla Ek", "C"), ("gun", "Gun Ås", "L")]
    }
    people["frida"] = PersonFactory(name="Frida Vik", party="V")
    meeting = services.meeting_create(
        acting_user=secretary, organ=organ, date=dt.date(2026, 10, 13), chair=people["anna"]
    )
    item = services.item_create(acting_user=secretary, meeting=meeting, title="Budget 2027")
    for key in ("anna", "bo", "cilla", "gun"):
        services.attendance_add(acting_user=secretary, meeting=meeting, person=people[key])
    services.attendance_add(
        acting_user=secretary, meeting=meeting, person=people["frida"], presence=Attendance.Presence.FRANVARANDE
    )
    services.recusal_add(acting_user=secretary, item=item, person=people["gun"])
    return meeting, item, people


def _url(meeting: Meeting, item: AgendaItem) -> str:
    return reverse("meetings:item_proceedings", args=[meeting.pk, item.pk])


def _vote_post(people: dict[str, Person], ballots: dict[str, str]) -> dict[str, str]:
    data = {"form": "vote", "vote-yes_means": "bifall", "vote-no_means": "återremiss"}
    for name, choice in ballots.items():
        data[f"vote-{voting.ballot_field(people[name].pk)}"] = choice
    return data


def test_anonymous_is_sent_to_log_in_and_outsiders_and_members_are_refused(
    client: Client, paragraph: Any, outsider: Any, member: Any
) -> None:
    meeting, item, people = paragraph
    url = _url(meeting, item)
    assert client.get(url).status_code == 302
    assert client.post(url, _vote_post(people, {"anna": "ja"})).status_code == 302
    for user in (outsider, member):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, _vote_post(people, {"anna": "ja"})).status_code == 403
    assert not Vote.objects.exists()


def test_the_secretary_enters_a_vote_and_a_reservation(client: Client, paragraph: Any, secretary: Any) -> None:
    meeting, item, people = paragraph
    client.force_login(secretary)
    page = client.get(_url(meeting, item))
    assert page.status_code == 200
    assert "2 ledamöter" not in page.content.decode()  # three decide: Anna, Bo, Cilla
    response = client.post(_url(meeting, item), _vote_post(people, {"anna": "ja", "bo": "nej", "cilla": "ja"}))
    assert response.status_code == 302
    assert sorted(Ballot.objects.values_list("choice", flat=True)) == ["ja", "ja", "nej"]
    response = client.post(
        _url(meeting, item),
        {
            "form": "statement",
            "statement-kind": "reservation",
            "statement-person": people["bo"].pk,
            "statement-text": "Vi ville återremittera.",
        },
    )
    assert response.status_code == 302
    protocol = client.get(reverse("meetings:protocol", args=[meeting.pk])).content.decode()
    assert "Omröstningsresultat: 2 ja, 1 nej, 0 avstår. Ja har vunnit: beslut enligt bifall." in protocol
    assert "Bo Berg (M) reserverar sig mot beslutet med följande skriftliga reservation:" in protocol


def test_a_ballot_by_a_javig_member_is_refused_next_to_their_field(
    client: Client, paragraph: Any, secretary: Any
) -> None:
    meeting, item, people = paragraph
    client.force_login(secretary)
    response = client.post(_url(meeting, item), _vote_post(people, {"anna": "ja", "gun": "nej"}))
    assert response.status_code == 400
    html = response.content.decode()
    field_id = f"id_vote-{voting.ballot_field(people['gun'].pk)}_error"
    assert f'id="{field_id}"' in html
    assert "Gun Ås är jävig i ärendet och deltar inte i beslutet." in html
    assert not Vote.objects.exists()


def test_a_ballot_for_someone_not_on_the_narvarolista_is_refused(
    client: Client, paragraph: Any, secretary: Any
) -> None:
    meeting, item, people = paragraph
    client.force_login(secretary)
    response = client.post(_url(meeting, item), _vote_post(people, {"anna": "ja", "frida": "nej"}))
    assert response.status_code == 400
    assert "Omröstningen nämner någon som inte finns i närvarolistan." in response.content.decode()
    assert not Vote.objects.exists()


def test_more_ballots_than_members_deciding_is_refused(client: Client, paragraph: Any, secretary: Any) -> None:
    meeting, item, people = paragraph
    client.force_login(secretary)
    response = client.post(
        _url(meeting, item), _vote_post(people, {"anna": "ja", "bo": "ja", "cilla": "nej", "gun": "ja"})
    )
    assert response.status_code == 400
    assert "4 röster är fler än de 3 ledamöter som beslutar i paragrafen." in response.content.decode()
    assert not Vote.objects.exists()


def test_a_reservation_by_someone_not_deciding_is_refused_next_to_the_field(
    client: Client, paragraph: Any, secretary: Any
) -> None:
    meeting, item, people = paragraph
    client.force_login(secretary)
    response = client.post(
        _url(meeting, item),
        {"form": "statement", "statement-kind": "reservation", "statement-person": people["gun"].pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_statement-person_error"' in html
    assert "Bara den som beslutar kan reservera sig." in html
    assert not MemberStatement.objects.exists()


def test_a_yrkande_by_someone_absent_is_refused_next_to_the_field(
    client: Client, paragraph: Any, secretary: Any
) -> None:
    meeting, item, people = paragraph
    client.force_login(secretary)
    response = client.post(
        _url(meeting, item), {"form": "motion", "motion-mover": people["frida"].pk, "motion-text": "avslag"}
    )
    assert response.status_code == 400
    assert 'id="id_motion-mover_error"' in response.content.decode()
    assert not Motion.objects.exists()


def test_nothing_is_written_once_the_protocol_is_justerat(client: Client, paragraph: Any, secretary: Any) -> None:
    meeting, item, people = paragraph
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.JUSTERAT)
    client.force_login(secretary)
    response = client.post(_url(meeting, item), _vote_post(people, {"anna": "ja", "bo": "nej"}))
    assert response.status_code == 400
    assert "Protokollet är justerat och låst." in response.content.decode()
    response = client.post(_url(meeting, item), {"form": "point", "point-text": "att godkänna"})
    assert response.status_code == 400
    assert not Vote.objects.exists() and not item.decision_points.exists()


def test_a_beslutspunkt_is_added_and_changed_in_place(client: Client, paragraph: Any, secretary: Any) -> None:
    meeting, item, _people = paragraph
    client.force_login(secretary)
    for text in ("att godkänna budgeten", "att ge ett uppdrag"):
        assert client.post(_url(meeting, item), {"form": "point", "point-text": text}).status_code == 302
    first = item.decision_points.get(position=1)
    response = client.post(
        _url(meeting, item), {"form": "update_point", "pk": first.pk, f"point-{first.pk}-text": "att anta budgeten"}
    )
    assert response.status_code == 302
    assert list(item.decision_points.values_list("position", "text")) == [
        (1, "<p>att anta budgeten</p>"),
        (2, "<p>att ge ett uppdrag</p>"),
    ]
    page = client.get(_url(meeting, item)).content.decode()
    assert '<li value="2"><p>att ge ett uppdrag</p></li>' in page  # the preview, numbered as the protocol prints


def test_a_refused_change_of_a_beslutspunkt_keeps_the_typed_text_at_the_point(
    client: Client, paragraph: Any, secretary: Any
) -> None:
    meeting, item, _people = paragraph
    client.force_login(secretary)
    assert client.post(_url(meeting, item), {"form": "point", "point-text": "att godkänna budgeten"}).status_code == 302
    point = item.decision_points.get()
    # Meanwhile, in another tab, the protocol went to the signers: the change is refused, the text kept.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.UNDER_JUSTERING)
    response = client.post(
        _url(meeting, item),
        {"form": "update_point", "pk": point.pk, f"point-{point.pk}-text": "att anta budgeten med ändringar"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="point-{point.pk}-text-error"' in page
    assert ">att anta budgeten med ändringar</textarea>" in page
    point.refresh_from_db()
    assert point.text == "<p>att godkänna budgeten</p>"
