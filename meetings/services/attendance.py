"""Writes to the närvarolista of a meeting."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from groups.models import Membership, Person
from lgl_portal.audit.services import model_changes
from lgl_portal.core.publication import gate_check
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
)
from meetings.services._shared import _ensure_editable, _lock_meeting, _record


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
    from_item: AgendaItem | None = None,
    until_item: AgendaItem | None = None,
    note: str = "",
) -> Attendance:
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
    for field, value in (("from_item", from_item), ("until_item", until_item)):
        if value is not None and value.meeting_id != meeting.pk:
            raise ValidationError({field: _("Ärendet hör inte till det här mötet.")})
    if from_item and until_item and from_item.position > until_item.position:
        raise ValidationError({"until_item": _("Till och med-ärendet kommer före från och med-ärendet.")})
    attendance = Attendance.objects.create(
        meeting=meeting,
        person=person,
        name=name.strip(),
        title=title,
        organisation_name=organisation_name,
        role=role,
        presence=presence,
        replaces=replaces,
        from_item=from_item,
        until_item=until_item,
        note=note,
    )
    gate_check(attendance)
    _record(acting_user=acting_user, action="attendance_add", target=attendance, changes={"presence": presence})
    return attendance


@transaction.atomic
def attendance_remove(*, acting_user: Any, attendance: Attendance) -> None:
    _ensure_editable(_lock_meeting(attendance.meeting))
    _record(acting_user=acting_user, action="attendance_remove", target=attendance)
    attendance.delete()


def _attendance_role(membership_role: str) -> str:
    """The role in the närvarolista that a membership gives: only ledamöter decide; an adjungerad takes part."""
    if membership_role == Membership.Role.ERSATTARE:
        return Attendance.Role.ERSATTARE
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
    from_item: Any = KEEP,
    until_item: Any = KEEP,
) -> Attendance:
    """Change the named attributes of one row; every attribute not named (note, range, replaces …) stays."""
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
    } | {
        name: value
        for name, value in (("replaces", replaces), ("from_item", from_item), ("until_item", until_item))
        if value is not KEEP
    }
    if "presence" in fields and fields["presence"] not in Attendance.Presence.values:
        raise ValidationError({"presence": _("Välj en giltig närvaro.")})
    if "role" in fields and fields["role"] not in Attendance.Role.values:
        raise ValidationError({"role": _("Välj en giltig roll.")})
    after = {
        name: fields.get(name, getattr(attendance, name)) for name in ("role", "replaces", "from_item", "until_item")
    }
    # Checked only when the role or the person replaced changes: a row prefilled without them can still be
    # marked present or absent.
    if {"role", "replaces"} & set(fields) and after["role"] == Attendance.Role.ERSATTARE and after["replaces"] is None:
        raise ValidationError({"replaces": _("Ange vilken ledamot ersättaren tjänstgör för.")})
    if after["replaces"] is not None and attendance.person_id and after["replaces"].pk == attendance.person_id:
        raise ValidationError({"replaces": _("En person kan inte ersätta sig själv.")})
    for field in ("from_item", "until_item"):
        if after[field] is not None and after[field].meeting_id != meeting.pk:
            raise ValidationError({field: _("Ärendet hör inte till det här mötet.")})
    if after["from_item"] and after["until_item"] and after["from_item"].position > after["until_item"].position:
        raise ValidationError({"until_item": _("Till och med-ärendet kommer före från och med-ärendet.")})
    changes = model_changes(attendance, fields)
    for name, value in fields.items():
        setattr(attendance, name, value)
    gate_check(attendance, only=["note"])
    if fields:
        attendance.save(update_fields=list(fields))
    _record(acting_user=acting_user, action="attendance_update", target=attendance, changes=changes)
    return attendance
