"""The närvarolista's service refuses paragraph ranges and ersättare that cannot be, with a Swedish message on
the field and nothing saved (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from groups.models import Organ
from meetings import services
from meetings.models import Attendance, AttendanceRange
from tests.factories.attendance import Ksau, ksau_like
from tests.factories.meetings import meeting_with_signers


@pytest.fixture
def ksau(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Ksau:
    return ksau_like(organ, chair=chair, adjuster=adjuster, secretary=secretary)


def _saved() -> tuple[int, int]:
    return Attendance.objects.count(), AttendanceRange.objects.count()


def test_an_ersattare_range_with_a_paragraph_of_another_meeting_is_refused(
    ksau: Ksau, organ: Organ, chair: Any, adjuster: Any, secretary: Any
) -> None:
    other = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=1)
    before = _saved()
    with pytest.raises(ValidationError) as exc:
        services.attendance_add(
            acting_user=secretary,
            meeting=ksau.meeting,
            name="Gäst",
            role=Attendance.Role.OVRIG,
            ranges=[(ksau.items[0], other.items.get())],
        )
    assert exc.value.message_dict["paragraphs"] == ["Paragrafen ”Ärende 1” hör inte till det här sammanträdet."]
    assert _saved() == before


def test_a_range_that_ends_before_it_begins_is_refused(ksau: Ksau, secretary: Any) -> None:
    before = _saved()
    with pytest.raises(ValidationError) as exc:
        services.attendance_update(
            acting_user=secretary, attendance=ksau.rows["lena"], ranges=[(ksau.items[4], ksau.items[2])]
        )
    assert exc.value.message_dict["paragraphs"] == ["Intervallet 5.–3. slutar innan det börjar."]
    assert _saved() == before
    assert [(r.from_item_id, r.until_item_id) for r in ksau.rows["lena"].ranges.order_by("id")] == [
        (ksau.items[2].pk, ksau.items[2].pk),
        (ksau.items[4].pk, ksau.items[5].pk),
    ]


def test_ranges_that_overlap_each_other_are_refused(ksau: Ksau, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.attendance_update(
            acting_user=secretary,
            attendance=ksau.rows["eva"],
            ranges=[(ksau.items[0], ksau.items[2]), (ksau.items[2], ksau.items[3])],
        )
    assert "överlappar" in exc.value.message_dict["paragraphs"][0]


def test_an_ersattare_for_someone_who_is_not_a_member_is_refused(ksau: Ksau, secretary: Any) -> None:
    before = _saved()
    ksau.rows["anders"].delete()
    with pytest.raises(ValidationError) as exc:
        services.attendance_add(
            acting_user=secretary,
            meeting=ksau.meeting,
            person=ksau.anders,
            role=Attendance.Role.ERSATTARE,
            replaces=ksau.eva,
            ranges=[(ksau.items[0], ksau.items[0])],
        )
    message = exc.value.message_dict["replaces"][0]
    assert message.startswith("Eva Strand är inte ledamot i Länsgemensam ledning i samverkan den 2026-03-13")
    assert _saved() == (before[0] - 1, before[1])


def test_a_second_ersattare_for_the_same_member_in_the_same_paragraph_is_refused(ksau: Ksau, secretary: Any) -> None:
    ksau.rows["anders"].delete()
    before = _saved()
    with pytest.raises(ValidationError) as exc:
        services.attendance_add(
            acting_user=secretary,
            meeting=ksau.meeting,
            person=ksau.anders,
            role=Attendance.Role.ERSATTARE,
            replaces=ksau.per,
            ranges=[(ksau.items[3], ksau.items[4])],
        )
    # Lena Holm serves for Per Nyström in 3 and 5–6: item 5 clashes, item 4 would be free.
    assert exc.value.message_dict["paragraphs"] == ["Per Nyström (S) har redan en tjänstgörande ersättare i punkt 5."]
    assert _saved() == before
    services.attendance_add(
        acting_user=secretary,
        meeting=ksau.meeting,
        person=ksau.anders,
        role=Attendance.Role.ERSATTARE,
        replaces=ksau.per,
        ranges=[(ksau.items[3], ksau.items[3])],
    )


def test_a_row_without_ranges_covers_the_whole_meeting_and_a_range_can_be_open_ended(
    ksau: Ksau, secretary: Any
) -> None:
    row = services.attendance_update(acting_user=secretary, attendance=ksau.rows["eva"], ranges=[(ksau.items[4], None)])
    assert [(r.from_item_id, r.until_item_id) for r in row.ranges.all()] == [(ksau.items[4].pk, None)]
    services.attendance_update(acting_user=secretary, attendance=row, ranges=[])
    assert row.ranges.count() == 0


def test_the_migration_turns_a_single_range_into_one_range_row() -> None:
    """0010 copies each row's fr.o.m./t.o.m. into AttendanceRange; a row with neither gets no range."""
    import importlib

    migration = importlib.import_module("meetings.migrations.0011_attendance_ranges")
    created: list[Any] = []

    class Rows:
        def exclude(self, **kwargs: Any) -> Rows:
            assert kwargs == {"from_item": None, "until_item": None}
            return self

        def values_list(self, *fields: str) -> list[tuple[int, int | None, int | None]]:
            return [(1, 10, None), (2, None, 12), (3, 10, 12)]

    class Ranges:
        def __init__(self, **kwargs: Any) -> None:
            self.kwargs = kwargs

        class objects:
            @staticmethod
            def bulk_create(rows: Any) -> None:
                created.extend(r.kwargs for r in rows)

    class Attendances:
        objects = Rows()

    class Apps:
        def get_model(self, app: str, name: str) -> Any:
            return {"Attendance": Attendances, "AttendanceRange": Ranges}[name]

    migration.copy_ranges(Apps(), None)
    assert created == [
        {"attendance_id": 1, "from_item_id": 10, "until_item_id": None},
        {"attendance_id": 2, "from_item_id": None, "until_item_id": 12},
        {"attendance_id": 3, "from_item_id": 10, "until_item_id": 12},
    ]
