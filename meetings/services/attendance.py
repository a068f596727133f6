"""Writes to the närvarolista of a meeting."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from groups import selectors as group_selectors
from groups.models import Membership, Person
from lgl_portal.audit.services import model_changes
from lgl_portal.core.publication import gate_check
from meetings import deciding
from meetings.attendance_presentation import paragraph_set
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceRange,
    Meeting,
)
from meetings.services._shared import _ensure_editable, _lock_meeting, _record

# A run of paragraphs (from, until); an open end runs to the start or the end of the meeting.
Range = tuple[AgendaItem | None, AgendaItem | None]


@transaction.atomic
def attendance_add(
    *,
    acting_user: Any,
    meeting: Meeting,
    person: Person | None = None,
    name: str = "",
    title: str = "",
    organisation_name: str = "",
    role: str = Attendance.Role.BESLUTANDE,
    presence: str = Attendance.Presence.NARVARANDE,
    replaces: Person | None = None,
    ranges: Sequence[Range] = (),
    note: str = "",
) -> Attendance:
    """One row of the närvarolista. `ranges`: the paragraphs (from, until) the row covers – present for them,
    or serving in them as tjänstgörande ersättare; none: the whole meeting."""
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    if person is None and not name.strip():
        raise ValidationError({"person": _("Välj en person eller skriv in ett namn.")})
    if person is not None and meeting.attendances.filter(person=person).exists():
        raise ValidationError({"person": _("Personen finns redan i närvarolistan.")})
    if role == Attendance.Role.ERSATTARE and replaces is None:
        raise ValidationError({"replaces": _("Ange vilken ledamot ersättaren tjänstgör för.")})
    if replaces is not None and replaces == person:
        raise ValidationError({"replaces": _("En person kan inte ersätta sig själv.")})
    if role not in Attendance.Role.values:
        raise ValidationError({"role": _("Välj en giltig roll.")})
    ranges = _validated_ranges(meeting, ranges)
    _check_ersattare(meeting, role=role, replaces=replaces, ranges=ranges, exclude_pk=None)
    attendance = Attendance.objects.create(
        meeting=meeting,
        person=person,
        name=name.strip(),
        title=title,
        organisation_name=organisation_name,
        role=role,
        presence=presence,
        replaces=replaces,
        note=note,
    )
    _save_ranges(attendance, ranges)
    gate_check(attendance)
    _record(
        acting_user=acting_user,
        action="attendance_add",
        target=attendance,
        changes={"presence": presence, "role": role, "ranges": _ranges_text(ranges)},
    )
    return attendance


@transaction.atomic
def attendance_remove(*, acting_user: Any, attendance: Attendance) -> None:
    _ensure_editable(_lock_meeting(attendance.meeting))
    _record(acting_user=acting_user, action="attendance_remove", target=attendance)
    attendance.delete()


def _attendance_role(membership_role: str) -> str:
    """The role in the närvarolista that a membership gives: only ledamöter decide; an adjungerad takes part; an
    ersättare is there without serving until the secretary names the ledamot and the paragraphs she serves for."""
    if membership_role == Membership.Role.ERSATTARE:
        return Attendance.Role.EJ_TJANSTGORANDE
    if membership_role == Membership.Role.ADJUNGERAD:
        return Attendance.Role.OVRIG
    return Attendance.Role.BESLUTANDE


@transaction.atomic
def attendance_prefill(*, acting_user: Any, meeting: Meeting) -> int:
    """Add every active member not yet listed as present in the room: the usual starting point at a meeting."""
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    listed = set(meeting.attendances.exclude(person=None).values_list("person_id", flat=True))
    members = (
        Membership.objects.active_on(meeting.date)
        .filter(organ=meeting.organ)
        .exclude(role__in=[Membership.Role.SEKRETERARE, Membership.Role.SAMORDNARE])
        .select_related("person")
        .order_by("person__name")
    )
    created = 0
    for membership in members:
        if membership.person_id in listed:
            continue
        listed.add(membership.person_id)
        Attendance.objects.create(meeting=meeting, person=membership.person, role=_attendance_role(membership.role))
        created += 1
    _record(acting_user=acting_user, action="attendance_prefill", target=meeting, changes={"added": created})
    return created


# "Not given": an update names only what changes; None is a real value for the person and range fields.
KEEP: Any = object()


@transaction.atomic
def attendance_update(
    *,
    acting_user: Any,
    attendance: Attendance,
    presence: str | None = None,
    note: str | None = None,
    role: str | None = None,
    replaces: Any = KEEP,
    ranges: Any = KEEP,
) -> Attendance:
    """Change the named attributes of one row; every attribute not named (note, ranges, replaces …) stays.
    `ranges` replaces the row's paragraph ranges as a whole (an empty list: the whole meeting)."""
    meeting = _lock_meeting(attendance.meeting)
    _ensure_editable(meeting)
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    fields: dict[str, Any] = {
        name: value
        for name, value in (
            ("presence", presence),
            ("note", note),
            ("role", role),
        )
        if value is not None
    } | ({"replaces": replaces} if replaces is not KEEP else {})
    if "presence" in fields and fields["presence"] not in Attendance.Presence.values:
        raise ValidationError({"presence": _("Välj en giltig närvaro.")})
    if "role" in fields and fields["role"] not in Attendance.Role.values:
        raise ValidationError({"role": _("Välj en giltig roll.")})
    after = {name: fields.get(name, getattr(attendance, name)) for name in ("role", "replaces")}
    # Checked only when the role or the person replaced changes: a row prefilled without them can still be
    # marked present or absent.
    if {"role", "replaces"} & set(fields) and after["role"] == Attendance.Role.ERSATTARE and after["replaces"] is None:
        raise ValidationError({"replaces": _("Ange vilken ledamot ersättaren tjänstgör för.")})
    if after["replaces"] is not None and attendance.person_id and after["replaces"].pk == attendance.person_id:
        raise ValidationError({"replaces": _("En person kan inte ersätta sig själv.")})
    new_ranges = (
        _validated_ranges(meeting, ranges)
        if ranges is not KEEP
        else [(r.from_item, r.until_item) for r in attendance.ranges.select_related("from_item", "until_item")]
    )
    if {"role", "replaces"} & set(fields) or ranges is not KEEP:
        _check_ersattare(
            meeting, role=after["role"], replaces=after["replaces"], ranges=new_ranges, exclude_pk=attendance.pk
        )
    changes = model_changes(attendance, fields)
    for name, value in fields.items():
        setattr(attendance, name, value)
    gate_check(attendance, only=["note"])
    if fields:
        attendance.save(update_fields=list(fields))
    if ranges is not KEEP:
        old = [(r.from_item, r.until_item) for r in attendance.ranges.select_related("from_item", "until_item")]
        changes["ranges"] = [_ranges_text(old), _ranges_text(new_ranges)]
        attendance.ranges.all().delete()
        _save_ranges(attendance, new_ranges)
    _record(acting_user=acting_user, action="attendance_update", target=attendance, changes=changes)
    return attendance


# --- Paragraph ranges (issue 13, seats and attendance) ------------------------------------------------------


def _label(item: AgendaItem) -> str:
    return item.paragraph_label or f"{item.position}."


def _validated_ranges(meeting: Meeting, ranges: Sequence[Range]) -> list[Range]:
    """The ranges in agenda order, each inside the meeting and running forwards, none overlapping another."""
    out: list[Range] = []
    for start, end in ranges:
        for item in (start, end):
            if item is not None and item.meeting_id != meeting.pk:
                raise ValidationError(
                    {"paragraphs": _("Paragrafen ”%(title)s” hör inte till det här sammanträdet.") % {"title": item}}
                )
        if start is not None and end is not None and start.position > end.position:
            raise ValidationError(
                {
                    "paragraphs": _("Intervallet %(start)s–%(end)s slutar innan det börjar.")
                    % {"start": _label(start), "end": _label(end)}
                }
            )
        if start is None and end is None:
            continue  # the whole meeting: the same as no range at all
        out.append((start, end))
    spans = sorted((s.position if s is not None else -1, e.position if e is not None else 1 << 30) for s, e in out)
    for (_first_start, first_end), (next_start, _next_end) in itertools.pairwise(spans):
        if next_start <= first_end:
            raise ValidationError({"paragraphs": _("Intervallen överlappar varandra. Ange varje paragraf en gång.")})
    return out


def _check_ersattare(
    meeting: Meeting, *, role: str, replaces: Person | None, ranges: Sequence[Range], exclude_pk: int | None
) -> None:
    """A tjänstgörande ersättare serves for a ledamot of the organ, and a ledamot has one ersättare at a time."""
    if role != Attendance.Role.ERSATTARE or replaces is None:
        return
    seats = {m.person_id for m in group_selectors.organ_seats(organ_id=meeting.organ_id, day=meeting.date).members}
    if replaces.pk not in seats:
        raise ValidationError(
            {
                "replaces": _("%(name)s är inte ledamot i %(organ)s den %(date)s och kan inte ersättas.")
                % {"name": replaces, "organ": meeting.organ.name, "date": meeting.date.isoformat()}
            }
        )
    others = (
        meeting.attendances.filter(role=Attendance.Role.ERSATTARE, replaces=replaces)
        .exclude(presence=Attendance.Presence.FRANVARANDE)
        .prefetch_related("ranges")
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if not others:
        return
    items = list(meeting.items.order_by("position", "id"))
    positions = {i.pk: i.position for i in items}
    mine = [AttendanceRange(from_item=s, until_item=e) for s, e in ranges]
    clashes = [
        item
        for item in items
        if deciding.covers(mine, item.position, positions)
        and any(deciding.covers(list(o.ranges.all()), item.position, positions) for o in others)
    ]
    if clashes:
        raise ValidationError(
            {
                "paragraphs": _("%(name)s har redan en tjänstgörande ersättare i %(paragraphs)s.")
                % {"name": replaces, "paragraphs": paragraph_set(items, {i.pk for i in clashes})}
            }
        )


def _save_ranges(attendance: Attendance, ranges: Sequence[Range]) -> None:
    AttendanceRange.objects.bulk_create(
        AttendanceRange(attendance=attendance, from_item=start, until_item=end) for start, end in ranges
    )


def _ranges_text(ranges: Sequence[Range]) -> str:
    return ", ".join(f"{_label(s) if s else '…'}–{_label(e) if e else '…'}" for s, e in ranges)
