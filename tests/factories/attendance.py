"""A närvarolista like the demo's KSAU (issue 13): five seats, one vacant, an ersättare for two runs of
paragraphs, a member who leaves, an ej tjänstgörande ersättare and a partly present tjänsteperson."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from groups import services as group_services
from groups.models import Membership, Person
from meetings import services
from meetings.models import AgendaItem, Attendance, Meeting
from tests.factories.groups import PersonFactory
from tests.factories.meetings import meeting_with_signers, person_of


@dataclass
class Ksau:
    meeting: Meeting
    items: list[AgendaItem]
    chair: Person
    adjuster: Person
    johan: Person
    per: Person
    lena: Person
    anders: Person
    eva: Person
    rows: dict[str, Attendance]


def _member(organ: Any, name: str, party: str, role: str) -> Person:
    person = PersonFactory(name=name, party=party, title="", organisation=organ.organisation)
    group_services.membership_start(
        acting_user=None, person=person, organ=organ, role=role, start_date=dt.date(2023, 1, 1)
    )
    return person


def ksau_like(organ: Any, *, chair: Any, adjuster: Any, secretary: Any) -> Ksau:
    """Seats: the chair, the justerare (ledamot), Johan Berg (M, vice ordförande), Per Nyström (S) and a vacant
    seat (M): five. Items 1–6. Johan Berg is present for items 1–4; Lena Holm (S) serves for Per Nyström in
    item 3 and items 5–6; Anders Sjö (M) is ej tjänstgörande; Eva Strand, kommundirektör, is there for 3–5."""
    johan = _member(organ, "Johan Berg", "M", Membership.Role.VICE_ORDFORANDE)
    per = _member(organ, "Per Nyström", "S", Membership.Role.LEDAMOT)
    lena = _member(organ, "Lena Holm", "S", Membership.Role.ERSATTARE)
    anders = _member(organ, "Anders Sjö", "M", Membership.Role.ERSATTARE)
    eva = PersonFactory(name="Eva Strand", title="kommundirektör", party="", organisation=organ.organisation)
    group_services.vacant_seat_add(acting_user=None, organ=organ, party="M", start_date=dt.date(2025, 1, 1))
    meeting = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=6)
    items = list(meeting.items.order_by("position"))
    add = services.attendance_add
    rows = {
        "chair": add(acting_user=secretary, meeting=meeting, person=person_of(chair)),
        "adjuster": add(acting_user=secretary, meeting=meeting, person=person_of(adjuster)),
        "johan": add(acting_user=secretary, meeting=meeting, person=johan, ranges=[(items[0], items[3])]),
        "per": add(acting_user=secretary, meeting=meeting, person=per),
        "lena": add(
            acting_user=secretary,
            meeting=meeting,
            person=lena,
            role=Attendance.Role.ERSATTARE,
            replaces=per,
            ranges=[(items[2], items[2]), (items[4], items[5])],
        ),
        "anders": add(acting_user=secretary, meeting=meeting, person=anders, role=Attendance.Role.EJ_TJANSTGORANDE),
        "eva": add(
            acting_user=secretary,
            meeting=meeting,
            person=eva,
            role=Attendance.Role.OVRIG,
            ranges=[(items[2], items[4])],
        ),
    }
    return Ksau(
        meeting=meeting,
        items=items,
        chair=person_of(chair),
        adjuster=person_of(adjuster),
        johan=johan,
        per=per,
        lena=lena,
        anders=anders,
        eva=eva,
        rows=rows,
    )
