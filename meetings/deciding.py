"""Who decides in each paragraph of a meeting: the one rule that the protocol's attendance, the quorum check,
votes, reservations and jäv all read.

A member decides in a paragraph when present for it (the attendance's paragraph ranges), not replaced there by a
tjänstgörande ersättare, and not jävig in it; a tjänstgörande ersättare decides exactly in the paragraphs they
serve. Beslutförhet (Kommunallagen 6 kap. 24 §, 5 kap. 57 §): more than half of the members must take part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from meetings.models import AgendaItem, Attendance, Meeting


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


def _covers(attendance: Attendance, item: AgendaItem, positions: dict[int, int]) -> bool:
    position = positions[item.pk]
    if attendance.from_item_id is not None and positions.get(attendance.from_item_id, position) > position:
        return False
    return not (attendance.until_item_id is not None and positions.get(attendance.until_item_id, position) < position)


def deciding_by_item(
    *, meeting: Meeting, items: Iterable[AgendaItem] | None = None, seats: int = 0
) -> dict[int, ParagraphDeciding]:
    """For each item, the people deciding in it. `seats` is the organ's number of seats (0: no quorum check)."""
    item_list = list(items) if items is not None else list(meeting.items.order_by("position", "id"))
    positions = {item.pk: item.position for item in item_list}
    attendances = [
        a
        for a in meeting.attendances.all()
        if a.person_id is not None
        and a.role in (Attendance.Role.BESLUTANDE, Attendance.Role.ERSATTARE)
        and a.presence != Attendance.Presence.FRANVARANDE
    ]
    recused: dict[int, set[int]] = {}
    for item in item_list:
        recused[item.pk] = {r.person_id for r in item.recusals.all()}
    result = {}
    for item in item_list:
        deciding: set[int] = set()
        replaced: set[int] = set()
        for attendance in attendances:
            if not _covers(attendance, item, positions):
                continue
            assert attendance.person_id is not None
            deciding.add(attendance.person_id)
            if attendance.role == Attendance.Role.ERSATTARE and attendance.replaces_id is not None:
                replaced.add(attendance.replaces_id)
        people = frozenset(deciding - replaced - recused[item.pk])
        result[item.pk] = ParagraphDeciding(item_id=item.pk, person_ids=people, seats=seats)
    return result
