"""Members' review before a meeting, and the privacy of private notes through every path."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from meetings.models import Meeting
from members.models import MemberQuestion, PrivateNote, ReadMark
from tests.factories.decisions import AgendaItemFactory, DecisionFactory, MeetingFactory, SummaryFactory

pytestmark = pytest.mark.django_db

SECRET = "Min-privata-anteckning-xyzzy"


@pytest.fixture
def item(organ: Any) -> Any:
    meeting = MeetingFactory(organ=organ, status=Meeting.Status.KALLAT)
    return AgendaItemFactory(meeting=meeting, title="Gemensam plan för primärvård", proposal="<p>Godkänn planen.</p>")


def test_a_member_sees_the_coming_meeting_with_its_items_and_proposals(
    role_clients: dict[str, Client], item: Any
) -> None:
    body = role_clients["member"].get("/mina-sidor/").content.decode()
    assert "Gemensam plan för primärvård" in body and "Godkänn planen." in body
    assert "Gemensam plan för primärvård" not in role_clients["outsider"].get("/mina-sidor/").content.decode()
    assert role_clients["anonymous"].get("/mina-sidor/").status_code == 302


def test_marking_read_works_with_htmx_and_with_a_plain_post(
    role_clients: dict[str, Client], item: Any, member: Any
) -> None:
    client = role_clients["member"]
    response = client.post(f"/mina-sidor/arende/{item.pk}/last/", {"read": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert ReadMark.objects.filter(user=member, item=item).exists()
    response = client.post(f"/mina-sidor/arende/{item.pk}/last/", {"read": "0"})
    assert response.status_code == 302
    assert not ReadMark.objects.filter(user=member, item=item).exists()


def test_outsiders_cannot_mark_note_or_ask_about_an_item(role_clients: dict[str, Client], item: Any) -> None:
    for path, data in (
        ("last", {"read": "1"}),
        ("anteckning", {"text": "x"}),
        ("fraga", {"text": "x", "addressed_to": "sekreterare"}),
    ):
        assert role_clients["outsider"].post(f"/mina-sidor/arende/{item.pk}/{path}/", data).status_code == 403
        assert role_clients["anonymous"].post(f"/mina-sidor/arende/{item.pk}/{path}/", data).status_code == 302
    assert not ReadMark.objects.exists() and not PrivateNote.objects.exists() and not MemberQuestion.objects.exists()


def test_a_private_note_is_readable_only_by_its_author_through_every_path(
    role_clients: dict[str, Client], item: Any, organ: Any, admin_user: Any
) -> None:
    member = role_clients["member"]
    assert member.post(f"/mina-sidor/arende/{item.pk}/anteckning/", {"text": SECRET}).status_code == 302
    assert SECRET in member.get("/mina-sidor/").content.decode()
    # A published decision on the same item, so its public pages, search, feed and API are all in play.
    meeting = item.meeting
    meeting.status = Meeting.Status.JUSTERAT
    meeting.save()
    decision = DecisionFactory(organ=organ, meeting=meeting, agenda_item=item, title="Plan för primärvård")
    SummaryFactory(decision=decision)
    admin = Client()
    admin.force_login(admin_user)
    clients = {**role_clients, "admin": admin}
    paths = [
        "/mina-sidor/",
        "/beslut/",
        f"/beslut/{decision.pk}/",
        "/sok/?q=primärvård",
        "/sok/?q=privata+anteckning+xyzzy",
        "/beslut/flode.atom",
        "/api/papers/",
        f"/api/papers/{decision.pk}/",
        "/api/agenda-items/",
        f"/api/agenda-items/{item.pk}/",
        "/api/schema/",
        f"/beslut/{decision.pk}/sammanfattning/",
        "/beslut/uppdrag/",
        "/admin/",
    ]
    for name, client in clients.items():
        for path in paths:
            if name == "member" and path == "/mina-sidor/":
                continue
            response = client.get(path)
            assert SECRET not in response.content.decode(), (name, path)


def test_a_question_reaches_the_secretarys_list(role_clients: dict[str, Client], item: Any) -> None:
    response = role_clients["member"].post(
        f"/mina-sidor/arende/{item.pk}/fraga/", {"text": "Vilka kostnader ingår?", "addressed_to": "foredragare"}
    )
    assert response.status_code == 302
    assert "Vilka kostnader ingår?" in role_clients["secretary"].get("/mina-sidor/").content.decode()
    assert "Vilka kostnader ingår?" not in role_clients["chair"].get("/mina-sidor/").content.decode()
    question = MemberQuestion.objects.get()
    assert role_clients["chair"].post(f"/mina-sidor/fraga/{question.pk}/besvarad/").status_code == 403
    assert role_clients["secretary"].post(f"/mina-sidor/fraga/{question.pk}/besvarad/").status_code == 302
    question.refresh_from_db()
    assert question.answered_at is not None


def test_an_empty_question_is_refused_with_status_400(role_clients: dict[str, Client], item: Any) -> None:
    response = role_clients["member"].post(f"/mina-sidor/arende/{item.pk}/fraga/", {"text": "", "addressed_to": "x"})
    assert response.status_code == 400
    assert "aria-invalid" in response.content.decode()
