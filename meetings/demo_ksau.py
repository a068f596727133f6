"""Demo: a kommunstyrelsens arbetsutskott that works under Kommunallagen, with one justerat protocol that uses
every part a real Swedish protocol has (issue 13): seats and a vacancy, an ersättare for some paragraphs, a
partial presence, an ajournering, a roll-call vote with a reservation, jäv and a tillägg to the list.

The people are invented (the seeds hold no such protocol of a Kalmar kommun); the shape follows seed 001, a
KSAU protocol from Lekeberg. Everything goes through the services; only the dates of justering and anslag are
set afterwards to the days they would have happened. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from groups import services as group_services
from groups.models import County, Membership, Organ, Organisation, Person
from meetings import selectors as meeting_selectors
from meetings import services
from meetings.models import AgendaApproval, AgendaItem, Attendance, JusteringSignature, Meeting, MemberStatement
from meetings.services import proceedings

ORGAN_SLUG = "nybro-ksau"
MEETING_DATE = dt.date(2026, 10, 13)
TERM_START = dt.date(2023, 1, 1)
# The demo's own logins for this organ's signers, so its justering goes through the services like any other.
SIGNER_USERS = {"ksau-ordforande": "Karin Lindqvist", "ksau-justerare": "Maria Ek"}

# (name, party, role of the seat). "Vakant" keeps its party: the seat is the party's until filled.
MEMBERS = [
    ("Karin Lindqvist", "S", Membership.Role.ORDFORANDE),
    ("Johan Berg", "M", Membership.Role.VICE_ORDFORANDE),
    ("Maria Ek", "C", Membership.Role.ANDRE_VICE_ORDFORANDE),
    ("Per Nyström", "S", Membership.Role.LEDAMOT),
]
ERSATTARE = [
    ("Lena Holm", "S"),
    ("Anders Sjö", "M"),
    ("Sara Vik", "V"),
]
STAFF = [
    ("Eva Strand", "kommundirektör"),
    ("Lars Öberg", "nämndsekreterare"),
]

# (title, kind, texts): paragraph texts as a secretary would write them; the structured parts are added by the
# helpers below.
ITEMS: list[tuple[str, str, dict[str, str]]] = [
    (
        "Val av justerare",
        AgendaItem.Kind.BESLUT,
        {"decision_text": "<p>Maria Ek (C) utses att justera protokollet.</p>"},
    ),
    (
        "Godkännande av föredragningslistan",
        AgendaItem.Kind.BESLUT,
        {"decision_text": "<p>Föredragningslistan godkänns med tillägg.</p>"},
    ),
    (
        "Budget 2027 för vård och omsorg",
        AgendaItem.Kind.BESLUT,
        {
            "summary": (
                "<p>Socialförvaltningen har tagit fram ett förslag till budget 2027 för vård och omsorg inom ramen "
                "för kommunfullmäktiges mål och budget.</p>"
            ),
            "proposal": (
                "<p>Arbetsutskottet föreslår kommunstyrelsen att godkänna budgeten för vård och omsorg 2027.</p>"
            ),
            "decision_text": (
                "<p>Arbetsutskottet föreslår kommunstyrelsen att godkänna budgeten för vård och omsorg 2027.</p>"
            ),
        },
    ),
    (
        "Markanvisning för kvarteret Smeden",
        AgendaItem.Kind.BESLUT,
        {
            "summary": "<p>Ett bostadsbolag har ansökt om markanvisning för kvarteret Smeden.</p>",
            "decision_text": "<p>Arbetsutskottet beslutar att ge bolaget markanvisning för kvarteret Smeden.</p>",
        },
    ),
    (
        "Information om Nära vård i Nybro",
        AgendaItem.Kind.INFORMATION,
        {
            "summary": "<p>Kommundirektören informerar om arbetet med omställningen till nära vård.</p>",
            "decision_text": "<p>Informationen läggs till handlingarna.</p>",
        },
    ),
]
TILLAGG_TITLE = "Yttrande över remiss om länsgemensam kompetensförsörjningsplan"


def load(*, out: Any = None) -> Meeting | None:
    organ = Organ.objects.filter(slug=ORGAN_SLUG).first() or _organ()
    meeting = Meeting.objects.filter(organ=organ, date=MEETING_DATE).first() or _load_meeting(organ)
    if out is not None:
        out.write(f"  {organ.name}: protokoll {MEETING_DATE:%Y-%m-%d} ({meeting.get_status_display()})\n")
    return meeting


def _organ() -> Organ:
    kalmar = County.objects.get(name="Kalmar län")
    nybro = Organisation.objects.get(slug="nybro-kommun")
    organ = Organ.objects.create(
        name="Kommunstyrelsens arbetsutskott, Nybro kommun",
        short_name="KSAU Nybro",
        slug=ORGAN_SLUG,
        kind=Organ.Kind.STYRELSE,
        county=kalmar,
        organisation=nybro,
        kommunallagen_rules=True,
        paragraph_format=Organ.ParagraphFormat.YEAR,
        protocol_storage_place="Kommunledningskontoret, Nybro kommun",
        description="Demo: ett arbetsutskott under Kommunallagen, med påhittade ledamöter.",
    )
    for name, party, role in MEMBERS:
        person = group_services.person_create(acting_user=None, name=name, party=party, organisation=nybro)
        group_services.membership_start(acting_user=None, person=person, organ=organ, role=role, start_date=TERM_START)
    for name, party in ERSATTARE:
        person = group_services.person_create(acting_user=None, name=name, party=party, organisation=nybro)
        group_services.membership_start(
            acting_user=None, person=person, organ=organ, role=Membership.Role.ERSATTARE, start_date=TERM_START
        )
    for name, title in STAFF:
        group_services.person_create(acting_user=None, name=name, title=title, organisation=nybro)
    _seats(organ)
    user_model = get_user_model()
    for username, name in SIGNER_USERS.items():
        user = user_model.objects.create_user(username=username, password=None)
        Person.objects.filter(name=name, organisation=nybro).update(user=user)
    return organ


# The fifth seat: (party, vacant since, note).
VACANT_SEAT = ("M", dt.date(2026, 4, 1), "Ledamoten avsade sig uppdraget i mars 2026; fyllnadsval ännu inte gjort.")


def _seats(organ: Organ) -> None:
    """The organ's seats: five, one of them vacant (M) since a resignation. (Issue 13, seats.)

    The four ledamöter's memberships are four seats; the fifth is the vacant seat, which counts in the quorum."""
    party, since, note = VACANT_SEAT
    group_services.vacant_seat_add(acting_user=None, organ=organ, party=party, start_date=since, note=note)


def _person(name: str) -> Person:
    return Person.objects.get(name=name, organisation__slug="nybro-kommun")


@transaction.atomic
def _load_meeting(organ: Organ) -> Meeting:
    secretary_user = get_user_model().objects.get(username="sekreterare")
    meeting = services.meeting_create(
        acting_user=secretary_user,
        organ=organ,
        date=MEETING_DATE,
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 30),
        location="Sammanträdesrummet Kristallen, Stadshuset, Nybro",
        secretary=_person("Lars Öberg"),
        chair=_person("Karin Lindqvist"),
        adjusters=[_person("Maria Ek")],
        justering_place="Kommunledningskontoret, Nybro",
    )
    items = []
    for title, kind, texts in ITEMS:
        item = services.item_create(acting_user=secretary_user, meeting=meeting, title=title, kind=kind)
        if texts:
            services.item_text_save(acting_user=secretary_user, item=item, version=item.version, texts=texts)
        items.append(item)
    tillagg = services.item_create(
        acting_user=secretary_user, meeting=meeting, title=TILLAGG_TITLE, kind=AgendaItem.Kind.TILLAGG
    )
    services.item_text_save(
        acting_user=secretary_user,
        item=tillagg,
        version=tillagg.version,
        texts={"decision_text": "<p>Arbetsutskottet ställer sig bakom yttrandet.</p>"},
    )
    items.append(tillagg)
    _attendance(meeting, items, secretary_user)
    _frame(meeting, items, secretary_user)
    _proceedings(meeting, items, secretary_user)
    services.meeting_mark_held(acting_user=secretary_user, meeting=meeting)
    services.justering_send(acting_user=secretary_user, meeting=meeting)
    for username in SIGNER_USERS:
        signer = get_user_model().objects.get(username=username)
        services.justering_decide(acting_user=signer, meeting=meeting, approve=True)
    justerat_at = timezone.make_aware(dt.datetime(2026, 10, 16, 14, 5))
    Meeting.objects.filter(pk=meeting.pk).update(
        justerat_at=justerat_at, sent_for_justering_at=justerat_at - dt.timedelta(days=2)
    )
    JusteringSignature.objects.filter(meeting=meeting).update(decided_at=justerat_at)
    meeting.refresh_from_db()
    return services.meeting_post(
        acting_user=secretary_user,
        meeting=meeting,
        posted_on=dt.date(2026, 10, 19),
        storage_place=organ.protocol_storage_place,
    )


def _attendance(meeting: Meeting, items: list[AgendaItem], secretary_user: Any) -> None:
    """Närvaro (issue 13, seats and attendance): the members present, Lena Holm (S) serving for Per Nyström (S)
    in some paragraphs, Anders Sjö (M) ej tjänstgörande, the kommundirektör present in part.

    Who decides (seats 5, quorum 3): items 1, 2 and 4 Karin Lindqvist, Johan Berg, Maria Ek, Per Nyström; item 3
    Lena Holm instead of Per Nyström; items 5–6 Karin Lindqvist, Maria Ek, Lena Holm (Johan Berg has left)."""
    role = Attendance.Role
    for name, _party, _role in MEMBERS:
        # Johan Berg (M) leaves after the markanvisning (item 4): present for items 1–4.
        ranges = [(items[0], items[3])] if name == "Johan Berg" else []
        services.attendance_add(acting_user=secretary_user, meeting=meeting, person=_person(name), ranges=ranges)
    services.attendance_add(
        acting_user=secretary_user,
        meeting=meeting,
        person=_person("Lena Holm"),
        role=role.ERSATTARE,
        replaces=_person("Per Nyström"),
        ranges=[(items[2], items[2]), (items[4], items[5])],
    )
    services.attendance_add(
        acting_user=secretary_user, meeting=meeting, person=_person("Anders Sjö"), role=role.EJ_TJANSTGORANDE
    )
    services.attendance_add(
        acting_user=secretary_user,
        meeting=meeting,
        person=_person("Eva Strand"),
        role=role.OVRIG,
        ranges=[(items[2], items[4])],
    )
    services.attendance_add(acting_user=secretary_user, meeting=meeting, person=_person("Lars Öberg"), role=role.OVRIG)


# The item the meeting postponed, and why (issue 13, föredragningslistan).
BORDLAGT_TITLE = "Detaljplan för kvarteret Kristallen 4"
BORDLAGT_REASON = "Samrådsredogörelsen är inte klar; ärendet tas upp på nästa sammanträde."


def _frame(meeting: Meeting, items: list[AgendaItem], secretary_user: Any) -> None:
    """Meeting facts and the föredragningslista (issue 13): the ajournering, the planned justering, the list
    approved med tillägg, an item that bordläggs."""
    services.adjournment_add(
        acting_user=secretary_user,
        meeting=meeting,
        start_time=dt.time(14, 0),
        end_time=dt.time(14, 15),
        note="Ajournering för gruppöverläggningar",
    )
    bordlagt = services.item_create(
        acting_user=secretary_user,
        meeting=meeting,
        title=BORDLAGT_TITLE,
        kind=AgendaItem.Kind.BESLUT,
        handling=AgendaItem.Handling.BORDLAGGS,
        handling_reason=BORDLAGT_REASON,
    )
    # Before the tillägg, which stays last on the list as the meeting added it.
    services.item_move(acting_user=secretary_user, item=bordlagt, direction="up")
    choice = next(i for i in items if i.title == "Val av justerare")
    choice.refresh_from_db()
    # The paragraph prints the justerare and the planned justering from the meeting, so its own Beslut is empty.
    services.item_text_save(
        acting_user=secretary_user, item=choice, version=choice.version, texts={"decision_text": ""}
    )
    services.item_update(acting_user=secretary_user, item=choice, is_justerare_choice=True)
    services.meeting_update(
        acting_user=secretary_user,
        meeting=meeting,
        justering_place="Kommunledningskontoret",
        justering_date=dt.date(2026, 10, 16),
        agenda_approval=AgendaApproval.MED_TILLAGG,
    )


BUDGET_POINTS = [
    "<p>att godkänna budgeten för vård och omsorg 2027, och</p>",
    "<p>att ge socialnämnden i uppdrag att redovisa budgetens följder för hemtjänsten senast den 30 april 2027.</p>",
]
BUDGET_ORDER = (
    "Ordföranden ställer proposition på Karin Lindqvists (S) yrkande om bifall mot Johan Bergs (M) yrkande om "
    "återremiss och finner att arbetsutskottet beslutar enligt Karin Lindqvists yrkande."
)
BUDGET_RESERVATION = (
    "<p>Moderaterna reserverar sig mot beslutet. Budgeten saknar en plan för hur kostnaderna i hemtjänsten ska "
    "hållas inom ramen, och ärendet borde ha återremitterats för en sådan.</p>"
)
BUDGET_NOTE = "<p>Centerpartiet vill att bemanningen i hemtjänsten på landsbygden följs upp särskilt.</p>"
# How the members vote on the budget (ja: bifall, nej: återremiss); whoever else decides there (an ersättare
# serving for Per Nyström, say: meetings.deciding knows) votes ja with the chair's group.
BUDGET_VOTES = {"Karin Lindqvist": "ja", "Johan Berg": "nej", "Maria Ek": "nej"}


def _proceedings(meeting: Meeting, items: list[AgendaItem], secretary_user: Any) -> None:
    """What was said and decided (issue 13, paragraph content): yrkanden, propositionsordning, the roll-call vote
    on the budget with a reservation, jäv in the markanvisning."""
    budget, smeden = items[2], items[3]
    budget = AgendaItem.objects.get(pk=budget.pk)
    services.item_text_save(
        acting_user=secretary_user,
        item=budget,
        version=budget.version,
        texts={"decision_text": "<p>Arbetsutskottet föreslår kommunstyrelsen besluta</p>"},
    )
    for text in BUDGET_POINTS:
        proceedings.decision_point_add(acting_user=secretary_user, item=budget, text=text)
    proceedings.motion_add(
        acting_user=secretary_user,
        item=budget,
        mover=_person("Karin Lindqvist"),
        text="bifall till arbetsutskottets förslag",
    )
    proceedings.motion_add(
        acting_user=secretary_user,
        item=budget,
        mover=_person("Johan Berg"),
        text="återremiss för en plan för kostnaderna i hemtjänsten",
        supporters=[_person("Maria Ek")],
    )
    proceedings.proposition_order_set(acting_user=secretary_user, item=budget, text=BUDGET_ORDER)
    deciding = Person.objects.filter(pk__in=meeting_selectors.item_deciding_ids(item=budget)).order_by("name")
    proceedings.vote_save(
        acting_user=secretary_user,
        item=budget,
        yes_means="bifall till Karin Lindqvists (S) yrkande",
        no_means="Johan Bergs (M) yrkande om återremiss",
        ballots=[(person, BUDGET_VOTES.get(person.name, "ja")) for person in deciding],
    )
    proceedings.statement_add(
        acting_user=secretary_user,
        item=budget,
        kind=MemberStatement.Kind.RESERVATION,
        person=_person("Johan Berg"),
        text=BUDGET_RESERVATION,
    )
    proceedings.statement_add(
        acting_user=secretary_user,
        item=budget,
        kind=MemberStatement.Kind.PROTOKOLLSANTECKNING,
        person=_person("Maria Ek"),
        text=BUDGET_NOTE,
    )
    services.recusal_add(
        acting_user=secretary_user,
        item=smeden,
        person=_person("Maria Ek"),
        note="jäv enligt 6 kap. 28 § kommunallagen",
    )
