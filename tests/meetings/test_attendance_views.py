"""The närvarolista page: only the secretary edits it; bad ranges and ersättare are refused next to the field
with nothing saved; the quorum warning and the attendance block show the paragraphs (issue 13)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Organ
from meetings import services
from meetings.models import Attendance, AttendanceRange
from tests.factories.attendance import Ksau, ksau_like
from tests.factories.meetings import meeting_with_signers


@pytest.fixture
def ksau(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Ksau:
    return ksau_like(organ, chair=chair, adjuster=adjuster, secretary=secretary)


@pytest.fixture
def office(secretary: Any) -> Client:
    """The secretary's client, without the other roles' users (a ledamot would be a sixth seat)."""
    client = Client()
    client.force_login(secretary)
    return client


def _saved() -> tuple[int, int]:
    return Attendance.objects.count(), AttendanceRange.objects.count()


def _error_of(html: str, field: str) -> str:
    found = re.search(rf'<p class="error-text" id="id_{field}_error">(.*?)</p>', html, re.S)
    assert found, f"no error next to {field}"
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("Fel: ", "").strip()


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member"])
def test_only_the_secretary_may_open_or_post_the_narvarolista(
    ksau: Ksau, role_clients: dict[str, Client], role: str
) -> None:
    url = reverse("meetings:attendance", args=[ksau.meeting.pk])
    before = _saved()
    client = role_clients[role]
    response = client.get(url)
    assert response.status_code in (302, 403)
    posted = client.post(url, {"name": "Gäst", "role": "ovrig", "presence": "narvarande"})
    assert posted.status_code in (302, 403)
    if posted.status_code == 302:
        assert "/logga-in/" in posted["Location"]
    update = client.post(
        reverse("meetings:attendance_update", args=[ksau.meeting.pk, ksau.rows["lena"].pk]),
        {"paragraphs_given": "1"},
    )
    assert update.status_code in (302, 403)
    assert _saved() == before
    assert ksau.rows["lena"].ranges.count() == 2
    assert role_clients["secretary"].get(url).status_code == 200


def test_the_secretary_enters_an_ersattare_for_two_runs_of_paragraphs(ksau: Ksau, office: Client) -> None:
    ksau.rows["anders"].delete()
    items = ksau.items
    response = office.post(
        reverse("meetings:attendance", args=[ksau.meeting.pk]),
        {
            "person": ksau.anders.pk,
            "role": "ersattare",
            "presence": "narvarande",
            "replaces": ksau.johan.pk,
            "paragraphs": [items[0].pk, items[1].pk, items[4].pk],
        },
    )
    assert response.status_code == 302
    row = Attendance.objects.get(meeting=ksau.meeting, person=ksau.anders)
    assert [(r.from_item_id, r.until_item_id) for r in row.ranges.order_by("id")] == [
        (items[0].pk, items[1].pk),
        (items[4].pk, items[4].pk),
    ]
    page = office.get(reverse("meetings:protocol", args=[ksau.meeting.pk])).content.decode()
    assert "Anders Sjö (M), för Johan Berg (M) punkt 1–2, 5" in page


def test_a_paragraph_of_another_meeting_is_refused_next_to_the_field(
    ksau: Ksau, office: Client, organ: Organ, chair: Any, adjuster: Any, secretary: Any
) -> None:
    other = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=1)
    before = _saved()
    response = office.post(
        reverse("meetings:attendance", args=[ksau.meeting.pk]),
        {"name": "Gäst", "role": "ovrig", "presence": "narvarande", "paragraphs": [other.items.get().pk]},
    )
    assert response.status_code == 400
    assert _error_of(response.content.decode(), "paragraphs") == "Paragrafen hör inte till det här sammanträdet."
    assert _saved() == before


def test_an_ersattare_for_a_non_member_is_refused_next_to_the_field(ksau: Ksau, office: Client) -> None:
    ksau.rows["anders"].delete()
    before = _saved()
    response = office.post(
        reverse("meetings:attendance", args=[ksau.meeting.pk]),
        {"person": ksau.anders.pk, "role": "ersattare", "presence": "narvarande", "replaces": ksau.eva.pk},
    )
    assert response.status_code == 400
    assert _error_of(response.content.decode(), "replaces").startswith("Eva Strand är inte ledamot i")
    assert _saved() == before


def test_an_overlapping_ersattare_is_refused_next_to_the_field(ksau: Ksau, office: Client) -> None:
    ksau.rows["anders"].delete()
    before = _saved()
    response = office.post(
        reverse("meetings:attendance", args=[ksau.meeting.pk]),
        {
            "person": ksau.anders.pk,
            "role": "ersattare",
            "presence": "narvarande",
            "replaces": ksau.per.pk,
            "paragraphs": [ksau.items[2].pk],
        },
    )
    assert response.status_code == 400
    assert _error_of(response.content.decode(), "paragraphs") == (
        "Per Nyström (S) har redan en tjänstgörande ersättare i punkt 3."
    )
    assert _saved() == before


def test_a_row_gets_new_paragraphs_from_its_checkboxes_and_keeps_them_when_none_are_posted(
    ksau: Ksau, office: Client
) -> None:
    url = reverse("meetings:attendance_update", args=[ksau.meeting.pk, ksau.rows["eva"].pk])
    client = office
    client.post(url, {"paragraphs_given": "1", "paragraphs": [ksau.items[0].pk, ksau.items[5].pk]})
    eva = ksau.rows["eva"]
    assert [(r.from_item_id, r.until_item_id) for r in eva.ranges.order_by("id")] == [
        (ksau.items[0].pk, ksau.items[0].pk),
        (ksau.items[5].pk, ksau.items[5].pk),
    ]
    client.post(url, {"presence": "via_lank"})
    assert eva.ranges.count() == 2
    client.post(url, {"paragraphs_given": "1"})
    assert eva.ranges.count() == 0


def test_the_secretary_is_warned_when_a_paragraph_lacks_quorum(ksau: Ksau, office: Client, secretary: Any) -> None:
    client = office
    url = reverse("meetings:attendance", args=[ksau.meeting.pk])
    assert "inte beslutfört" not in client.get(url).content.decode()
    services.attendance_update(acting_user=secretary, attendance=ksau.rows["adjuster"], presence="franvarande")
    expected = (
        "Varning: sammanträdet är inte beslutfört i punkt 5–6. Minst 3 av organets 5 ledamöter måste delta i ett "
        "beslut (Kommunallagen 6 kap. 24 §). Kontrollera närvaron och ersättarna."
    )
    for page in (url, reverse("meetings:protocol_editor", args=[ksau.meeting.pk])):
        assert expected in client.get(page).content.decode()
    # Only a warning: the list can still be changed.
    response = client.post(url, {"name": "Gäst", "role": "ovrig", "presence": "narvarande"})
    assert response.status_code == 302


def test_the_protocol_page_prints_the_attendance_block(ksau: Ksau, office: Client) -> None:
    page = office.get(reverse("meetings:protocol", args=[ksau.meeting.pk])).content.decode()
    block = page[page.index("<h2>Närvarande</h2>") : page.index("<h2>Paragrafer</h2>")]
    lines = [re.sub(r"<[^>]+>", "", line).strip() for line in re.findall(r"<(?:h3|li)>.*?</(?:h3|li)>", block)]
    # The chair and the justerare are test people: title "Socialchef" and a kommun of their own.
    chair = f"{ksau.chair.name} (ordförande), Socialchef, {ksau.chair.organisation.name}"
    adjuster = f"{ksau.adjuster.name}, Socialchef, {ksau.adjuster.organisation.name}"
    assert lines == [
        "Beslutande ledamöter",
        chair,
        "Johan Berg (M) (vice ordförande), delvis (punkt 1–4)",
        adjuster,
        "Per Nyström (S), ej beslutande (punkt 3, 5–6)",
        "Vakant (M)",
        "Tjänstgörande ersättare",
        "Lena Holm (S), för Per Nyström (S) punkt 3, 5–6",
        "Ej tjänstgörande ersättare",
        "Anders Sjö (M)",
        "Övriga närvarande",
        "Eva Strand, kommundirektör, delvis (punkt 3–5)",
    ]


def test_an_ej_tjanstgorande_ersattare_is_made_to_serve_from_her_row(ksau: Ksau, office: Client) -> None:
    row = ksau.rows["anders"]
    url = reverse("meetings:attendance_update", args=[ksau.meeting.pk, row.pk])
    page = office.get(reverse("meetings:attendance", args=[ksau.meeting.pk])).content.decode()
    assert f'id="replaces-{row.pk}"' in page and f'id="role-{row.pk}"' in page
    # Whom she replaces must be a ledamot: Eva Strand is not; nothing changes and the message says why.
    refused = office.post(
        url, {"role": "ersattare", "replaces": ksau.eva.pk, "paragraphs_given": "1", "paragraphs": [ksau.items[4].pk]}
    )
    assert refused.status_code == 302
    messages = [str(m) for m in refused.wsgi_request._messages]
    assert any(m.startswith("Eva Strand är inte ledamot i") for m in messages)
    row.refresh_from_db()
    assert (row.role, row.replaces_id, row.ranges.count()) == ("ej_tjanstgorande", None, 0)
    office.post(
        url, {"role": "ersattare", "replaces": ksau.johan.pk, "paragraphs_given": "1", "paragraphs": [ksau.items[4].pk]}
    )
    row.refresh_from_db()
    assert (row.role, row.replaces_id) == ("ersattare", ksau.johan.pk)
    assert [(r.from_item_id, r.until_item_id) for r in row.ranges.all()] == [(ksau.items[4].pk, ksau.items[4].pk)]
