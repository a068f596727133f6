"""Paragraph content (issue 13): beslutspunkter, yrkanden, propositionsordning, roll-call votes, reservationer,
protokollsanteckningar and jäv. Expected results are worked out by hand from the ballots (Kommunallagen 6 kap.
33 §: more ja than nej wins, those who abstain cast no vote, the chair's vote decides a tie)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe

from groups.models import Membership, Organ, Person
from lgl_portal.core.richtext import sanitize_html
from meetings import presentation, selectors, services, voting
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    DecisionPoint,
    Meeting,
    MemberStatement,
    Motion,
    Vote,
)
from meetings.services import proceedings
from tests.factories.groups import MembershipFactory, PersonFactory
from tests.factories.meetings import person_of

pytestmark = pytest.mark.django_db


def _clean(value: str) -> SafeString:
    return mark_safe(sanitize_html(value))


class Setting:
    def __init__(self, meeting: Meeting, item: AgendaItem, people: dict[str, Person]) -> None:
        self.meeting = meeting
        self.item = item
        self.people = people

    def __getitem__(self, name: str) -> Person:
        return self.people[name]


@pytest.fixture
def s(organ: Organ, secretary: Any, chair: Any) -> Setting:
    """Anna (the chair), Bo, Cilla and Dag are members; Eva serves for Dag; Frida is absent; Gun is jävig."""
    anna = person_of(chair)
    people = {"anna": anna} | {
        key: PersonFactory(name=name, party=party)
        for key, name, party in [
            ("bo", "Bo Berg", "M"),
            ("cilla", "Cilla Ek", "C"),
            ("dag", "Dag Nyström", "S"),
            ("eva", "Eva Holm", "S"),
            ("frida", "Frida Vik", "V"),
            ("gun", "Gun Ås", "L"),
        ]
    }
    # Members of the organ (only a member can be replaced by an ersättare); Eva is an ersättare.
    for key in ("bo", "cilla", "dag", "frida", "gun"):
        MembershipFactory(person=people[key], organ=organ, role=Membership.Role.LEDAMOT, start_date=dt.date(2026, 1, 1))
    MembershipFactory(person=people["eva"], organ=organ, role=Membership.Role.ERSATTARE, start_date=dt.date(2026, 1, 1))
    meeting = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 10, 13), chair=anna)
    item = services.item_create(acting_user=secretary, meeting=meeting, title="Budget 2027")
    for key in ("anna", "bo", "cilla", "dag", "gun"):
        services.attendance_add(acting_user=secretary, meeting=meeting, person=people[key])
    services.attendance_add(
        acting_user=secretary,
        meeting=meeting,
        person=people["eva"],
        role=Attendance.Role.ERSATTARE,
        replaces=people["dag"],
    )
    services.attendance_add(
        acting_user=secretary, meeting=meeting, person=people["frida"], presence=Attendance.Presence.FRANVARANDE
    )
    services.recusal_add(acting_user=secretary, item=item, person=people["gun"])
    return Setting(meeting, item, people)


def _vote(s: Setting, secretary: Any, ballots: list[tuple[str, str]]) -> Vote:
    return proceedings.vote_save(
        acting_user=secretary,
        item=s.item,
        yes_means="bifall till förslaget",
        no_means="återremiss",
        ballots=[(s[name], choice) for name, choice in ballots],
    )


# --- The result, by hand


def test_deciding_in_the_paragraph_are_the_members_present_less_the_replaced_and_the_javiga(s: Setting) -> None:
    # Anna, Bo, Cilla decide; Dag is replaced by Eva; Gun is jävig; Frida is absent.
    expected = {s[n].pk for n in ("anna", "bo", "cilla", "eva")}
    assert selectors.item_deciding_ids(item=s.item) == expected


def test_two_ja_two_nej_with_the_chair_voting_ja_is_decided_ja_by_the_casting_vote(s: Setting, secretary: Any) -> None:
    vote = _vote(s, secretary, [("anna", "ja"), ("eva", "ja"), ("bo", "nej"), ("cilla", "nej")])
    result = voting.vote_tally(vote)
    assert (result.ja, result.nej, result.avstar, result.winner, result.casting_vote) == (2, 2, 0, "ja", True)


def test_two_ja_two_nej_with_the_chair_voting_nej_is_decided_nej(s: Setting, secretary: Any) -> None:
    vote = _vote(s, secretary, [("anna", "nej"), ("eva", "ja"), ("bo", "ja"), ("cilla", "nej")])
    assert voting.vote_tally(vote).winner == "nej"


def test_abstentions_are_not_counted(s: Setting, secretary: Any) -> None:
    # 1 ja against 0 nej with 3 abstaining: ja has more than half of the votes cast (1 of 1).
    vote = _vote(s, secretary, [("anna", "avstar"), ("eva", "avstar"), ("bo", "ja"), ("cilla", "avstar")])
    result = voting.vote_tally(vote)
    assert (result.ja, result.nej, result.avstar, result.winner, result.casting_vote) == (1, 0, 3, "ja", False)


def test_three_nej_against_one_ja_is_nej() -> None:
    result = voting.tally(["ja", "nej", "nej", "nej"], chair_choice="ja")
    assert (result.winner, result.casting_vote) == ("nej", False)


def test_a_tie_the_chair_did_not_vote_in_is_refused(s: Setting, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _vote(s, secretary, [("anna", "avstar"), ("eva", "ja"), ("bo", "nej")])
    assert "ordförandens röst avgör" in str(exc.value)
    assert not Vote.objects.exists()


def test_a_new_vote_replaces_the_ballots_before(s: Setting, secretary: Any) -> None:
    _vote(s, secretary, [("anna", "ja"), ("bo", "nej")])
    _vote(s, secretary, [("anna", "ja"), ("bo", "ja"), ("cilla", "ja")])
    assert Ballot.objects.count() == 3
    assert Vote.objects.count() == 1


# --- Bad input: refused next to the field, nothing saved


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("frida", "inte närvarande"),
        ("gun", "jävig"),
        ("dag", "beslutar inte i den här paragrafen"),
    ],
)
def test_a_ballot_by_someone_not_deciding_is_refused_at_their_field(
    s: Setting, secretary: Any, name: str, words: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        _vote(s, secretary, [("anna", "ja"), (name, "nej")])
    errors = exc.value.message_dict
    assert words in errors[voting.ballot_field(s[name].pk)][0]
    assert not Vote.objects.exists() and not Ballot.objects.exists()


def test_a_person_voting_twice_and_more_ballots_than_deciders_are_refused(s: Setting, secretary: Any) -> None:
    ballots = [("anna", "ja"), ("bo", "nej"), ("cilla", "ja"), ("eva", "ja"), ("bo", "ja")]
    with pytest.raises(ValidationError) as exc:
        _vote(s, secretary, ballots)
    errors = exc.value.message_dict
    assert "har redan röstat" in errors[voting.ballot_field(s["bo"].pk)][0]
    assert "5 röster är fler än de 4 ledamöter" in errors["__all__"][0]
    assert not Vote.objects.exists()


def test_a_vote_needs_what_ja_and_nej_mean(s: Setting, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        proceedings.vote_save(acting_user=secretary, item=s.item, yes_means="", no_means=" ", ballots=[])
    assert set(exc.value.message_dict) >= {"yes_means", "no_means"}


def test_a_reservation_by_someone_not_deciding_is_refused(s: Setting, secretary: Any) -> None:
    for name in ("gun", "dag", "frida"):
        with pytest.raises(ValidationError) as exc:
            proceedings.statement_add(
                acting_user=secretary, item=s.item, kind=MemberStatement.Kind.RESERVATION, person=s[name]
            )
        assert "person" in exc.value.message_dict
    assert not MemberStatement.objects.exists()


def test_a_reservation_by_someone_who_voted_for_the_decision_is_refused(s: Setting, secretary: Any) -> None:
    _vote(s, secretary, [("anna", "ja"), ("eva", "ja"), ("bo", "nej"), ("cilla", "ja")])
    with pytest.raises(ValidationError) as exc:
        proceedings.statement_add(
            acting_user=secretary, item=s.item, kind=MemberStatement.Kind.RESERVATION, person=s["cilla"]
        )
    assert "röstade för beslutet" in exc.value.message_dict["person"][0]
    reservation = proceedings.statement_add(
        acting_user=secretary,
        item=s.item,
        kind=MemberStatement.Kind.RESERVATION,
        person=s["bo"],
        text="Vi vill ha en plan.",
    )
    assert reservation.text == "<p>Vi vill ha en plan.</p>"


def test_a_protokollsanteckning_may_come_from_anyone_present_but_not_the_absent(s: Setting, secretary: Any) -> None:
    note = proceedings.statement_add(
        acting_user=secretary, item=s.item, kind=MemberStatement.Kind.PROTOKOLLSANTECKNING, person=s["dag"]
    )
    assert note.person == s["dag"]
    with pytest.raises(ValidationError) as exc:
        proceedings.statement_add(
            acting_user=secretary, item=s.item, kind=MemberStatement.Kind.PROTOKOLLSANTECKNING, person=s["frida"]
        )
    assert "inte närvarande" in exc.value.message_dict["person"][0]


def test_a_yrkande_by_someone_not_present_is_refused_and_a_supporter_must_decide(s: Setting, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        proceedings.motion_add(acting_user=secretary, item=s.item, mover=s["frida"], text="avslag")
    assert "inte närvarande" in exc.value.message_dict["mover"][0]
    with pytest.raises(ValidationError) as exc:
        proceedings.motion_add(acting_user=secretary, item=s.item, mover=s["bo"], text="avslag", supporters=[s["gun"]])
    assert "jävig" in exc.value.message_dict["supporters"][0]
    assert not Motion.objects.exists()
    motion = proceedings.motion_add(
        acting_user=secretary, item=s.item, mover=s["bo"], text="återremiss", supporters=[s["cilla"]]
    )
    assert list(motion.supporters.all()) == [s["cilla"]]


def test_jav_cannot_be_recorded_for_someone_who_already_voted(s: Setting, secretary: Any) -> None:
    _vote(s, secretary, [("anna", "ja"), ("bo", "nej")])
    with pytest.raises(ValidationError) as exc:
        services.recusal_add(acting_user=secretary, item=s.item, person=s["bo"])
    assert "person" in exc.value.message_dict


def test_beslutspunkter_are_numbered_in_order_and_renumbered_after_a_removal(s: Setting, secretary: Any) -> None:
    for text in ("att godkänna budgeten", "att ge ett uppdrag", "att återrapportera"):
        proceedings.decision_point_add(acting_user=secretary, item=s.item, text=text)
    first = DecisionPoint.objects.get(position=1)
    proceedings.decision_point_remove(acting_user=secretary, point=first)
    assert list(DecisionPoint.objects.values_list("position", "text")) == [
        (1, "<p>att ge ett uppdrag</p>"),
        (2, "<p>att återrapportera</p>"),
    ]


def test_nothing_can_be_added_once_the_protocol_is_justerat(s: Setting, secretary: Any) -> None:
    Meeting.objects.filter(pk=s.meeting.pk).update(status=Meeting.Status.JUSTERAT)
    with pytest.raises(ValidationError):
        proceedings.decision_point_add(acting_user=secretary, item=s.item, text="att godkänna")
    with pytest.raises(ValidationError):
        proceedings.proposition_order_set(acting_user=secretary, item=s.item, text="Ordföranden ställer proposition")
    assert not DecisionPoint.objects.exists()


# --- Presentation


def test_the_sections_carry_the_structured_parts_in_protocol_order(s: Setting, secretary: Any) -> None:
    services.item_text_save(
        acting_user=secretary,
        item=s.item,
        version=s.item.version,
        texts={"decision_text": "<p>Arbetsutskottet beslutar</p>", "summary": "<h3>Bakgrund</h3><p>Text.</p>"},
    )
    proceedings.decision_point_add(acting_user=secretary, item=s.item, text="att godkänna budgeten")
    proceedings.decision_point_add(acting_user=secretary, item=s.item, text="att ge ett uppdrag")
    proceedings.motion_add(acting_user=secretary, item=s.item, mover=s["bo"], text="återremiss.")
    proceedings.proposition_order_set(acting_user=secretary, item=s.item, text="Ordföranden ställer proposition.")
    _vote(s, secretary, [("anna", "ja"), ("eva", "ja"), ("bo", "nej"), ("cilla", "nej")])
    proceedings.statement_add(acting_user=secretary, item=s.item, kind=MemberStatement.Kind.RESERVATION, person=s["bo"])
    item = next(i for i in selectors.meeting_items(meeting=s.meeting) if i.pk == s.item.pk)
    sections = presentation.paragraph_sections(item, clean=_clean, section_level=4)
    assert [x.name for x in sections] == ["summary", "motions", "voting", "decision_text", "reservations"]
    html = {x.name: str(x.html) for x in sections}
    # The paragraph's own h3 sits below the web's section heading (h4).
    assert "<h5>Bakgrund</h5>" in html["summary"]
    assert "Bo Berg (M) yrkar återremiss." in html["motions"]
    assert "<td>2</td><td>2</td><td>0</td>" in html["voting"]
    assert "Omröstningsresultat: 2 ja, 2 nej, 0 avstår. Vid lika röstetal avgör ordförandens röst." in html["voting"]
    assert "Ja har vunnit: beslut enligt bifall till förslaget." in html["voting"]
    assert '<li value="1"><p>att godkänna budgeten</p></li><li value="2">' in html["decision_text"]
    assert "Bo Berg (M) reserverar sig mot beslutet." in html["reservations"]


def test_the_pdf_moves_the_texts_own_headings_one_level_less_deep_than_the_web() -> None:
    text = "<h3>Bakgrund</h3><h4>Ekonomi</h4>"
    assert presentation.shift_headings(text, section_level=4) == "<h5>Bakgrund</h5><h6>Ekonomi</h6>"
    assert presentation.shift_headings(text, section_level=3) == "<h4>Bakgrund</h4><h5>Ekonomi</h5>"
