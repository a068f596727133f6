"""Who decides in each paragraph, and beslutförhet, on a närvarolista like the demo's KSAU (worked out by hand
from the list in tests/factories/attendance.py)."""

from __future__ import annotations

from typing import Any

import pytest

from groups.models import Organ
from meetings import deciding, services
from meetings.models import Attendance
from tests.factories.attendance import Ksau, ksau_like


@pytest.fixture
def ksau(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Ksau:
    return ksau_like(organ, chair=chair, adjuster=adjuster, secretary=secretary)


def _names(ksau: Ksau) -> dict[int, list[str]]:
    by_item = deciding.deciding_by_item(meeting=ksau.meeting, items=ksau.items)
    people = {p.pk: p.name for p in (ksau.chair, ksau.adjuster, ksau.johan, ksau.per, ksau.lena, ksau.anders, ksau.eva)}
    return {i.position: sorted(people[pk] for pk in by_item[i.pk].person_ids) for i in ksau.items}


def test_the_ersattare_decides_exactly_in_her_paragraphs_and_the_member_she_replaces_does_not(ksau: Ksau) -> None:
    chair, adjuster = ksau.chair.name, ksau.adjuster.name
    assert _names(ksau) == {
        1: sorted([chair, adjuster, "Johan Berg", "Per Nyström"]),
        2: sorted([chair, adjuster, "Johan Berg", "Per Nyström"]),
        3: sorted([chair, adjuster, "Johan Berg", "Lena Holm"]),
        4: sorted([chair, adjuster, "Johan Berg", "Per Nyström"]),
        5: sorted([chair, adjuster, "Lena Holm"]),
        6: sorted([chair, adjuster, "Lena Holm"]),
    }


def test_the_seats_are_the_deciding_members_and_the_vacant_seat(ksau: Ksau) -> None:
    # Ordförande, justerare (ledamot), Johan Berg, Per Nyström and Vakant (M); the secretary and the ersättare
    # hold no seat.
    by_item = deciding.deciding_by_item(meeting=ksau.meeting, items=ksau.items)
    assert {d.seats for d in by_item.values()} == {5}
    assert all(d.has_quorum for d in by_item.values())
    assert deciding.items_without_quorum(meeting=ksau.meeting, items=ksau.items) == []


def test_a_jav_takes_the_member_out_of_that_paragraph_only(ksau: Ksau, secretary: Any) -> None:
    services.recusal_add(acting_user=secretary, item=ksau.items[3], person=ksau.johan)
    names = _names(ksau)
    assert "Johan Berg" not in names[4]
    assert "Johan Berg" in names[3]


def test_without_more_than_half_of_the_seats_a_paragraph_has_no_quorum(ksau: Ksau, secretary: Any) -> None:
    # The justerare is away: items 5–6 keep the chair and Lena Holm, two of five seats; items 1–4 keep three.
    services.attendance_update(
        acting_user=secretary, attendance=ksau.rows["adjuster"], presence=Attendance.Presence.FRANVARANDE
    )
    by_item = deciding.deciding_by_item(meeting=ksau.meeting, items=ksau.items)
    assert [(i.position, by_item[i.pk].count, by_item[i.pk].has_quorum) for i in ksau.items] == [
        (1, 3, True),
        (2, 3, True),
        (3, 3, True),
        (4, 3, True),
        (5, 2, False),
        (6, 2, False),
    ]
    missing = deciding.items_without_quorum(meeting=ksau.meeting, items=ksau.items)
    assert [item.position for item, _d in missing] == [5, 6]


def test_an_explicit_seat_count_still_wins_and_zero_means_no_check(ksau: Ksau) -> None:
    by_item = deciding.deciding_by_item(meeting=ksau.meeting, items=ksau.items, seats=7)
    assert [by_item[i.pk].has_quorum for i in ksau.items] == [True, True, True, True, False, False]
    assert all(d.has_quorum for d in deciding.deciding_by_item(meeting=ksau.meeting, seats=0).values())


def test_an_empty_narvarolista_gives_no_quorum_warning(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> None:
    from tests.factories.meetings import meeting_with_signers

    meeting = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=2)
    assert deciding.items_without_quorum(meeting=meeting, items=list(meeting.items.all())) == []


def test_deciding_reads_the_whole_meeting_in_a_fixed_number_of_queries(
    ksau: Ksau, django_assert_max_num_queries: Any
) -> None:
    items = list(ksau.meeting.items.prefetch_related("recusals").order_by("position"))
    # Attendance rows, their ranges, the seats (memberships and vacant seats).
    with django_assert_max_num_queries(4):
        deciding.deciding_by_item(meeting=ksau.meeting, items=items)
