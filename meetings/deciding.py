"""Who decides in each paragraph of a meeting: the one rule that the protocol's attendance, the quorum check,
votes, reservations and jäv all read.

A ledamot sits in a paragraph when present for it (the row's paragraph ranges; no range: the whole meeting) and
not replaced there by a tjänstgörande ersättare; a tjänstgörande ersättare sits exactly in the paragraphs of
their ranges. Those sitting decide unless jäviga in the paragraph. Ej tjänstgörande ersättare and övriga never
decide.

Beslutförhet: a nämnd may decide only when more than half of its ledamöter take part (Kommunallagen 6 kap. 24 §;
for fullmäktige 5 kap. 57 §). The base is the organ's seats – its deciding memberships and its vacant seats on
the meeting day (groups.selectors.organ_seats) – so a vacant seat counts against the quorum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from groups import selectors as group_selectors
from meetings.models import AgendaItem, Attendance, AttendanceRange, Meeting


@dataclass(frozen=True)
class ParagraphDeciding:
    item_id: int
    person_ids: frozenset[int]
    seats: int

    @property
    def count(self) -> int:
        return len(self.person_ids)

    @property
    def has_quorum(self) -> bool:
        """More than half of the organ's seats (filled or not) take part; an organ without seats has no check."""
        return self.seats == 0 or self.count * 2 > self.seats


def covers(ranges: Sequence[AttendanceRange], position: int, positions: dict[int, int]) -> bool:
    """Whether a row with these ranges covers the paragraph at `position` (no ranges: the whole meeting)."""
    if not ranges:
        return True
    for r in ranges:
        start = positions.get(r.from_item_id, position) if r.from_item_id is not None else position
        end = positions.get(r.until_item_id, position) if r.until_item_id is not None else position
        if start <= position <= end:
            return True
    return False


def _attendances(meeting: Meeting) -> list[Attendance]:
    # A caller that prefetched the rows (the PDF's selector) is read from its cache, ranges included.
    if "attendances" in getattr(meeting, "_prefetched_objects_cache", {}):
        return list(meeting.attendances.all())
    return list(meeting.attendances.select_related("person", "replaces").prefetch_related("ranges"))


def item_positions(meeting: Meeting, items: Iterable[AgendaItem], ranges: Iterable[AttendanceRange]) -> dict[int, int]:
    """Agenda positions of the items and of every range's ends (read when a range ends outside `items`)."""
    positions = {item.pk: item.position for item in items}
    ends = {pk for r in ranges for pk in (r.from_item_id, r.until_item_id) if pk is not None}
    if ends - set(positions):
        positions |= dict(meeting.items.values_list("pk", "position"))
    return positions


def sitting_by_item(
    *, meeting: Meeting, items: Sequence[AgendaItem], attendances: Sequence[Attendance] | None = None
) -> dict[int, frozenset[int]]:
    """For each item, the people sitting in it (present and not replaced), before jäv."""
    rows = [
        a
        for a in (attendances if attendances is not None else _attendances(meeting))
        if a.person_id is not None
        and a.role in (Attendance.Role.BESLUTANDE, Attendance.Role.ERSATTARE)
        and a.presence != Attendance.Presence.FRANVARANDE
    ]
    ranges = {a.pk: list(a.ranges.all()) for a in rows}
    positions = item_positions(meeting, items, (r for rs in ranges.values() for r in rs))
    out = {}
    for item in items:
        sitting: set[int] = set()
        replaced: set[int] = set()
        for a in rows:
            if not covers(ranges[a.pk], item.position, positions):
                continue
            assert a.person_id is not None
            sitting.add(a.person_id)
            if a.role == Attendance.Role.ERSATTARE and a.replaces_id is not None:
                replaced.add(a.replaces_id)
        out[item.pk] = frozenset(sitting - replaced)
    return out


def _recusals(items: Sequence[AgendaItem]) -> dict[int, set[int]]:
    return {item.pk: {r.person_id for r in item.recusals.all()} for item in items}


def organ_seat_count(meeting: Meeting) -> int:
    return group_selectors.organ_seats(organ_id=meeting.organ_id, day=meeting.date).count


def deciding_by_item(
    *, meeting: Meeting, items: Iterable[AgendaItem] | None = None, seats: int | None = None
) -> dict[int, ParagraphDeciding]:
    """For each item, the people deciding in it. `seats`: the quorum's base; None takes the organ's seats on the
    meeting day (0: no quorum check)."""
    item_list = list(items) if items is not None else list(meeting.items.order_by("position", "id"))
    if seats is None:
        seats = organ_seat_count(meeting)
    sitting = sitting_by_item(meeting=meeting, items=item_list)
    recused = _recusals(item_list)
    return {
        item.pk: ParagraphDeciding(item_id=item.pk, person_ids=sitting[item.pk] - recused[item.pk], seats=seats)
        for item in item_list
    }


def items_without_quorum(
    *, meeting: Meeting, items: Sequence[AgendaItem], seats: int | None = None
) -> list[tuple[AgendaItem, ParagraphDeciding]]:
    """The paragraphs that would be taken without beslutförhet, for the secretary's warning. Nothing until a
    närvarolista is kept: an empty list is a meeting not yet recorded, not one without quorum."""
    if not _attendances(meeting):
        return []
    by_item = deciding_by_item(meeting=meeting, items=items, seats=seats)
    return [(item, by_item[item.pk]) for item in items if not by_item[item.pk].has_quorum]
