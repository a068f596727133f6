"""The protocol's frame (issue 13): ajourneringar, the planned justering, the approval of the föredragningslista,
utgår/bordläggs, numbering per organ in three formats, and the one header and signature block.

Expected labels and sentences are worked out by hand from the protocols in /work/shared/seeds (LGL's "1. Välkomna",
Kommunallagen's "§ 157/23").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership, Organ
from meetings import presentation, selectors, services
from meetings.documents import rendering
from meetings.documents.models import DocumentJob
from meetings.models import Adjournment, AgendaApproval, AgendaItem, JusteringSignature, Meeting
from tests.factories.groups import OrganFactory, PersonFactory, user_with_role
from tests.factories.meetings import AgendaItemFactory, MeetingFactory, meeting_with_signers, person_of

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "secretary", "chair"]


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    meeting = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=3)
    return services.meeting_update(
        acting_user=secretary,
        meeting=meeting,
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 30),
        location="Sammanträdesrummet Kristallen, Stadshuset, Nybro",
    )


def _justera(meeting: Meeting, secretary: Any, chair: Any, adjuster: Any) -> Meeting:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    return services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- Ajourneringar ------------------------------------------------------------------------------------------------


def test_an_ajournering_ending_before_it_starts_is_refused_in_swedish_next_to_the_end_and_nothing_is_saved(
    meeting: Meeting, secretary: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.adjournment_add(
            acting_user=secretary, meeting=meeting, start_time=dt.time(14, 15), end_time=dt.time(14, 0)
        )
    assert _errors(exc) == {"end_time": ["Ajourneringen måste sluta efter att den börjar."]}
    assert not Adjournment.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (dt.time(12, 45), dt.time(13, 10), "start_time", "Ajourneringen kan inte börja före sammanträdet (kl. 13:00)."),
        (dt.time(15, 20), dt.time(15, 45), "end_time", "Ajourneringen kan inte sluta efter sammanträdet (kl. 15:30)."),
    ],
)
def test_an_ajournering_outside_the_meetings_time_is_refused(
    meeting: Meeting, secretary: Any, start: dt.time, end: dt.time, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.adjournment_add(acting_user=secretary, meeting=meeting, start_time=start, end_time=end)
    assert _errors(exc) == {field: [message]}
    assert not Adjournment.objects.exists()


def test_two_ajourneringar_may_not_overlap_but_may_follow_each_other(meeting: Meeting, secretary: Any) -> None:
    services.adjournment_add(acting_user=secretary, meeting=meeting, start_time=dt.time(14), end_time=dt.time(14, 15))
    with pytest.raises(ValidationError) as exc:
        services.adjournment_add(
            acting_user=secretary, meeting=meeting, start_time=dt.time(14, 10), end_time=dt.time(14, 20)
        )
    assert _errors(exc) == {"start_time": ["Tiden överlappar ajourneringen kl. 14:00–14:15."]}
    services.adjournment_add(
        acting_user=secretary, meeting=meeting, start_time=dt.time(14, 15), end_time=dt.time(14, 20)
    )
    assert meeting.adjournments.count() == 2


def test_an_ajournering_is_not_added_or_removed_once_the_protocol_is_justerat(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    row = services.adjournment_add(
        acting_user=secretary, meeting=meeting, start_time=dt.time(14), end_time=dt.time(14, 15)
    )
    _justera(meeting, secretary, chair, adjuster)
    with pytest.raises(ValidationError):
        services.adjournment_add(
            acting_user=secretary, meeting=meeting, start_time=dt.time(15), end_time=dt.time(15, 5)
        )
    with pytest.raises(ValidationError):
        services.adjournment_remove(acting_user=secretary, adjournment=row)
    assert list(meeting.adjournments.all()) == [row]


def test_the_ajournering_is_in_the_protocol_and_not_in_the_kallelse_mail_the_calendar_or_the_meetings_plats(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any, mail_at_commit: Any
) -> None:
    services.adjournment_add(
        acting_user=secretary,
        meeting=meeting,
        start_time=dt.time(14),
        end_time=dt.time(14, 15),
        note="Ajournering för gruppöverläggningar",
    )
    with mail_at_commit():
        services.kallelse_send(acting_user=secretary, meeting=meeting)
    assert mail.outbox
    for message in mail.outbox:
        assert "14:15" not in message.body and "Ajournering" not in message.body
        assert "Sammanträdesrummet Kristallen" in message.body
    for path in ("/kalender.ics", f"/organ/{meeting.organ.slug}/kalender.ics"):
        feed = Client().get(path).content.decode()
        assert "LOCATION:Sammanträdesrummet Kristallen" in feed
        assert "Ajournering" not in feed and "141500" not in feed
    page = Client().get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Ajournering" not in page
    kallelse_pdf = rendering.build_input(
        kind=DocumentJob.Kind.KALLELSE, meeting_id=meeting.pk, extract_id=None, params={}
    ).html
    assert "Ajournering" not in kallelse_pdf

    _justera(meeting, secretary, chair, adjuster)
    page = Client().get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    # The meeting's own Plats stays the room; the ajournering is a line of the protocol below it.
    assert "<dt>Plats</dt><dd>Sammanträdesrummet Kristallen, Stadshuset, Nybro</dd>" in page
    assert "Ajournering kl. 14:00–14:15 (Ajournering för gruppöverläggningar)" in page
    protocol_pdf = rendering.build_input(
        kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={}
    ).html
    assert "Ajournering kl. 14:00–14:15 (Ajournering för gruppöverläggningar)" in protocol_pdf


# --- Föredragningslistan: tillägg, approval, utgår and bordläggs ---------------------------------------------------


@pytest.mark.parametrize(
    ("handling", "message"),
    [
        (AgendaItem.Handling.UTGAR, "Ange skälet till att ärendet utgår."),
        (AgendaItem.Handling.BORDLAGGS, "Ange skälet till att ärendet bordläggs."),
    ],
)
def test_utgar_or_bordlaggs_without_a_reason_is_refused_next_to_the_reason_and_nothing_is_saved(
    meeting: Meeting, secretary: Any, handling: str, message: str
) -> None:
    item = meeting.items.order_by("position").first()
    with pytest.raises(ValidationError) as exc:
        services.item_update(acting_user=secretary, item=item, handling=handling, handling_reason="  ")
    assert _errors(exc) == {"handling_reason": [message]}
    item.refresh_from_db()
    assert (item.handling, item.handling_reason) == ("", "")


def test_an_item_with_a_decision_cannot_utga_and_one_taken_up_again_keeps_no_reason(
    meeting: Meeting, secretary: Any
) -> None:
    item = meeting.items.order_by("position").first()
    services.item_text_save(acting_user=secretary, item=item, version=1, texts={"decision_text": "<p>Bifall.</p>"})
    with pytest.raises(ValidationError) as exc:
        services.item_update(acting_user=secretary, item=item, handling="utgar", handling_reason="Återkallat.")
    assert list(_errors(exc)) == ["handling"]
    other = meeting.items.order_by("position")[1]
    services.item_update(acting_user=secretary, item=other, handling="bordlaggs", handling_reason="Underlag saknas.")
    other.refresh_from_db()
    assert presentation.handling_line(other) == "Ärendet bordläggs. Skäl: Underlag saknas."
    with pytest.raises(ValidationError) as exc:
        services.item_text_save(acting_user=secretary, item=other, version=1, texts={"decision_text": "<p>Ja.</p>"})
    assert _errors(exc) == {"decision_text": ["Ärendet utgår eller bordläggs och får inget beslut."]}
    other.refresh_from_db()
    assert other.decision_text == ""
    services.item_update(acting_user=secretary, item=other, handling="")
    other.refresh_from_db()
    assert (other.handling, other.handling_reason) == ("", "")


def test_the_list_approved_med_tillagg_needs_a_tillagg_and_justering_cannot_be_planned_before_the_meeting(
    meeting: Meeting, secretary: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(acting_user=secretary, meeting=meeting, agenda_approval=AgendaApproval.MED_TILLAGG)
    assert _errors(exc) == {"agenda_approval": ["Det finns inget ärende av typen Tillägg på föredragningslistan."]}
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(acting_user=secretary, meeting=meeting, justering_date=dt.date(2026, 3, 12))
    assert _errors(exc) == {"justering_date": ["Justeringen kan inte ske före sammanträdet."]}
    meeting.refresh_from_db()
    assert (meeting.agenda_approval, meeting.justering_date) == ("", None)

    services.item_create(acting_user=secretary, meeting=meeting, title="Yttrande", kind=AgendaItem.Kind.TILLAGG)
    services.meeting_update(
        acting_user=secretary,
        meeting=meeting,
        agenda_approval=AgendaApproval.MED_TILLAGG,
        justering_date=dt.date(2026, 3, 16),
        justering_place="Kommunledningskontoret",
    )
    meeting.refresh_from_db()
    assert presentation.agenda_approval_line(meeting) == "Föredragningslistan godkänns med tillägg."


def test_the_val_av_justerare_text_is_written_from_the_meetings_justerare_and_planned_justering(
    organ: Organ, secretary: Any, chair: Any
) -> None:
    maria = PersonFactory(name="Maria Ek", party="C")
    johan = PersonFactory(name="Johan Berg", party="M")
    meeting = services.meeting_create(
        acting_user=secretary,
        organ=organ,
        date=dt.date(2026, 10, 13),
        chair=person_of(chair),
        adjusters=[maria],
        justering_place="Kommunledningskontoret",
        justering_date=dt.date(2026, 10, 16),
    )
    assert presentation.justerare_choice_text(meeting, [maria]) == (
        "Att jämte ordföranden justera protokollet utses Maria Ek (C). "
        "Justering sker på Kommunledningskontoret den 16 oktober 2026."
    )
    assert presentation.justerare_choice_text(meeting, [maria, johan]).startswith(
        "Att jämte ordföranden justera protokollet utses Maria Ek (C) och Johan Berg (M)."
    )


# --- Numbering per organ ----------------------------------------------------------------------------------------


def _numbered_meetings(paragraph_format: str, dates: list[tuple[dt.date, int]]) -> list[list[str]]:
    organ = OrganFactory(paragraph_format=paragraph_format)
    secretary = user_with_role(organ, Membership.Role.SEKRETERARE)
    chair = user_with_role(organ, Membership.Role.ORDFORANDE)
    adjuster = user_with_role(organ, Membership.Role.LEDAMOT)
    labels = []
    for day, count in dates:
        m = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=count, date=day)
        services.meeting_mark_held(acting_user=secretary, meeting=m)
        services.justering_send(acting_user=secretary, meeting=m)
        labels.append([i.paragraph_label for i in m.items.select_related("organ").order_by("position")])
    return labels


DATES = [(dt.date(2026, 2, 6), 3), (dt.date(2026, 3, 13), 2), (dt.date(2027, 1, 15), 1)]


@pytest.mark.parametrize(
    ("paragraph_format", "expected"),
    [
        # Per organ and year: on through the year, from 1 again in January.
        (Organ.ParagraphFormat.PLAIN, [["§ 1", "§ 2", "§ 3"], ["§ 4", "§ 5"], ["§ 1"]]),
        (Organ.ParagraphFormat.YEAR, [["§ 1/26", "§ 2/26", "§ 3/26"], ["§ 4/26", "§ 5/26"], ["§ 1/27"]]),
        # Per meeting: from 1 in every meeting.
        (Organ.ParagraphFormat.MEETING, [["§ 1", "§ 2", "§ 3"], ["§ 1", "§ 2"], ["§ 1"]]),
        (Organ.ParagraphFormat.POINTS, [["1.", "2.", "3."], ["1.", "2."], ["1."]]),
    ],
)
def test_each_numbering_format_gives_the_hand_worked_labels(paragraph_format: str, expected: list[list[str]]) -> None:
    assert _numbered_meetings(paragraph_format, DATES) == expected


@pytest.mark.parametrize(
    ("paragraph_format", "heading", "text"),
    [
        (Organ.ParagraphFormat.PLAIN, "Paragrafer", "4–5"),
        (Organ.ParagraphFormat.YEAR, "Paragrafer", "4–5/26"),
        (Organ.ParagraphFormat.MEETING, "Paragrafer", "1–2"),
        (Organ.ParagraphFormat.POINTS, "Punkter", "1–2"),
    ],
)
def test_the_header_range_of_the_second_meeting_follows_the_format(
    paragraph_format: str, heading: str, text: str
) -> None:
    _numbered_meetings(paragraph_format, DATES[:2])
    second = Meeting.objects.get(date=dt.date(2026, 3, 13))
    items = selectors.meeting_items(meeting=second)
    frame = selectors.protocol_frame(meeting=second, items=items, public=True)
    assert (frame.range_heading, frame.range_text) == (heading, text)


def test_the_database_keeps_numbers_unique_per_organ_and_year_and_per_meeting_but_lets_meetings_restart() -> None:
    organ = OrganFactory()
    first, second = MeetingFactory(organ=organ), MeetingFactory(organ=organ, date=dt.date(2026, 4, 3))
    AgendaItemFactory(meeting=first, paragraph_number=1, paragraph_year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=second, paragraph_number=1, paragraph_year=2026)
    # Per meeting (no year): the same number in the next meeting is allowed, twice in one meeting is not.
    AgendaItemFactory(meeting=second, paragraph_number=1, paragraph_year=None)
    third = MeetingFactory(organ=organ, date=dt.date(2026, 5, 8))
    AgendaItemFactory(meeting=third, paragraph_number=1, paragraph_year=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=third, paragraph_number=1, paragraph_year=None)


def test_a_set_aside_item_needs_its_reason_in_the_database_too() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(handling="utgar", handling_reason="")


def test_the_api_the_decision_register_and_search_hits_carry_the_organs_points_label(
    organ: Organ, secretary: Any, chair: Any, adjuster: Any
) -> None:
    from decisions import services as decision_services

    organ.paragraph_format = Organ.ParagraphFormat.POINTS
    organ.save()
    meeting = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=2)
    _justera(meeting, secretary, chair, adjuster)
    second = meeting.items.select_related("organ").order_by("position")[1]
    body = Client().get(f"/api/agenda-items/{second.pk}/").json()
    assert body["number"] == "2."
    decision = decision_services.decision_create(
        acting_user=secretary, organ=organ, title="Beslut", decided_on=meeting.date, agenda_item=second
    )
    assert decision.paragraph_label == "2."


# --- One presentation: the header and the signature block ------------------------------------------------------


def test_the_web_protocol_and_the_pdf_print_the_same_frame(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    meeting.organ.signs_by_hand = True
    meeting.organ.save()
    items = list(meeting.items.order_by("position"))
    services.item_update(acting_user=secretary, item=items[0], is_justerare_choice=True)
    services.item_update(acting_user=secretary, item=items[1], handling="utgar", handling_reason="Återkallat.")
    tillagg = services.item_create(
        acting_user=secretary, meeting=meeting, title="Yttrande över remiss", kind=AgendaItem.Kind.TILLAGG
    )
    services.attachment_add(
        acting_user=secretary, item=tillagg, title="Bildspel", kind="bildspel", url="https://example.se/bildspel"
    )
    services.adjournment_add(acting_user=secretary, meeting=meeting, start_time=dt.time(14), end_time=dt.time(14, 15))
    services.meeting_update(
        acting_user=secretary,
        meeting=meeting,
        agenda_approval=AgendaApproval.MED_TILLAGG,
        justering_place="Kommunledningskontoret",
        justering_date=dt.date(2026, 3, 16),
    )
    _justera(meeting, secretary, chair, adjuster)
    approved_at = timezone.make_aware(dt.datetime(2026, 3, 16, 14, 5))
    JusteringSignature.objects.filter(meeting=meeting).update(decided_at=approved_at)
    chair_name, adjuster_name = str(person_of(chair)), str(person_of(adjuster))

    page = Client().get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    html = rendering.build_input(
        kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={}
    ).html
    for text in (
        "Ajournering kl. 14:00–14:15",
        "Föredragningslistan godkänns med tillägg.",
        "Ärendet utgår. Skäl: Återkallat.",
        "Tillägg",
        "Att jämte ordföranden justera protokollet utses",
        "Justering sker på Kommunledningskontoret den 16 mars 2026.",
        "Planerad på Kommunledningskontoret den 16 mars 2026",
        chair_name,
        adjuster_name,
    ):
        assert text in page, text
        assert text in html, text
    assert '<dt>Paragrafer</dt><dd class="paragraph-range">1–4</dd>' in page
    assert "Paragrafer 1–4" in html
    assert "justerat digitalt 16 mars 2026 kl. 14:05 (protokollversion 1)" in page
    assert html.count("Godkänt digitalt 16 mars 2026 kl. 14:05 (protokollversion 1)") == 2
    # The link's address in the PDF; wet-ink boxes only there, never on the web page.
    assert "Bildspel: https://example.se/bildspel" in html
    assert html.count('class="sign-box"') == 3
    assert "sign-box" not in page
    # Sekreterare, Ordförande, Justerare, in that order, in both.
    for text in (page, html):
        positions = [
            text.index(word, text.index("Underskrifter")) for word in ("Sekreterare", "Ordförande", "Justerare")
        ]
        assert positions == sorted(positions)


# --- Forms and views ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_ajourneringar_are_entered_by_the_secretary_only(
    role_clients: dict[str, Client], meeting: Meeting, role: str
) -> None:
    url = reverse("meetings:adjournments", args=[meeting.pk])
    get = role_clients[role].get(url)
    response = role_clients[role].post(url, {"start_time": "14:00", "end_time": "14:15", "note": "Paus"})
    if role == "secretary":
        assert get.status_code == 200
        assert response.status_code == 302
        assert [str(a) for a in meeting.adjournments.all()] == ["14:00–14:15"]
    else:
        for r in (get, response):
            if role == "anonymous":
                assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
            else:
                assert r.status_code == 403
        assert not meeting.adjournments.exists()


def test_a_bad_ajournering_in_the_form_gets_a_swedish_400_next_to_the_field(
    role_clients: dict[str, Client], meeting: Meeting
) -> None:
    url = reverse("meetings:adjournments", args=[meeting.pk])
    response = role_clients["secretary"].post(url, {"start_time": "14:15", "end_time": "14:00"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ajourneringen måste sluta efter att den börjar." in body
    assert 'id="id_end_time_error"' in body or "id_end_time" in body
    assert not meeting.adjournments.exists()


def test_the_secretary_removes_an_ajournering_through_the_page(
    role_clients: dict[str, Client], meeting: Meeting, secretary: Any
) -> None:
    row = services.adjournment_add(
        acting_user=secretary, meeting=meeting, start_time=dt.time(14), end_time=dt.time(14, 15)
    )
    url = reverse("meetings:adjournments", args=[meeting.pk])
    assert role_clients["member"].post(url, {"form": "remove", "pk": row.pk}).status_code == 403
    assert role_clients["secretary"].post(url, {"form": "remove", "pk": row.pk}).status_code == 302
    assert not meeting.adjournments.exists()


def test_the_item_form_refuses_utgar_without_a_reason_with_a_swedish_400(
    role_clients: dict[str, Client], meeting: Meeting
) -> None:
    item = meeting.items.order_by("position").first()
    url = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    data = {"form": "item", "item-title": item.title, "item-kind": item.kind, "item-handling": "utgar"}
    response = role_clients["secretary"].post(url, data)
    assert response.status_code == 400
    assert "Ange skälet till att ärendet utgår." in response.content.decode()
    item.refresh_from_db()
    assert item.handling == ""
    data["item-handling_reason"] = "Ärendet är återkallat av förvaltningen."
    assert role_clients["secretary"].post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.handling, item.handling_reason) == ("utgar", "Ärendet är återkallat av förvaltningen.")


def test_the_meeting_form_takes_the_planned_justering_and_the_lists_approval(
    role_clients: dict[str, Client], meeting: Meeting
) -> None:
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    data = {
        "date": "2026-03-13",
        "start_time": "13:00",
        "end_time": "15:30",
        "location": "Stadshuset",
        "justering_place": "Kommunledningskontoret",
        "justering_date": "2026-03-12",
        "agenda_approval": "utan_andring",
    }
    response = role_clients["secretary"].post(url, data)
    assert response.status_code == 400
    assert "Justeringen kan inte ske före sammanträdet." in response.content.decode()
    data["justering_date"] = "2026-03-16"
    assert role_clients["secretary"].post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.justering_date, meeting.agenda_approval) == (dt.date(2026, 3, 16), "utan_andring")
    assert role_clients["member"].post(url, data).status_code == 403


def test_the_presenter_line_is_the_same_on_the_public_page_and_in_the_public_pdf_and_hides_an_anonymised_person(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    item = meeting.items.order_by("position").first()
    sofia = PersonFactory(name="Sofia Hartz", title="Planeringsdirektör", organisation=None)
    hidden = PersonFactory(name="Bo Hemlig", title="Utredare", organisation=None)
    services.presenter_add(acting_user=secretary, item=item, person=sofia, organisation_name="Region Kalmar län")
    services.presenter_add(acting_user=secretary, item=item, person=hidden)
    _justera(meeting, secretary, chair, adjuster)
    hidden.anonymised_at = timezone.now()
    hidden.save()
    page = Client().get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    html = rendering.build_input(
        kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting_id=meeting.pk, extract_id=None, params={}
    ).html
    line = "Sofia Hartz, Planeringsdirektör, Region Kalmar län; Avidentifierad person, Utredare"
    assert line in page and line in html
    assert "Bo Hemlig" not in page and "Bo Hemlig" not in html
