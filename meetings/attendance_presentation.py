"""The protocol's "Närvarande" block, for every output: the web protocol and the PDF print these lines.

Who decides where comes from meetings.deciding; this module only words it, the way Swedish protocols do:

    Beslutande ledamöter    Karin Lindqvist (S) (ordförande)
                            Johan Berg (M) (vice ordförande), delvis (§ 101–104/26)
                            Per Nyström (S), ej beslutande (§ 103, 105–106/26)
                            Vakant (M)
    Tjänstgörande ersättare Lena Holm (S), för Per Nyström (S) § 103, 105–106/26
    Ej tjänstgörande ers.   Anders Sjö (M)
    Övriga närvarande       Eva Strand, kommundirektör, delvis (§ 103–105/26)

Paragraphs print with their § label once numbered (at justering) and as agenda points ("punkt 3, 5–6") before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from groups import selectors as group_selectors
from groups.models import Membership, Organ, Person
from meetings import deciding
from meetings.models import AgendaItem, Attendance, Meeting


@dataclass(frozen=True)
class AttendanceSection:
    key: str
    heading: str
    lines: list[str] = field(default_factory=list)


def paragraph_set(items: Sequence[AgendaItem], chosen: set[int]) -> str:
    """ "§ 101, 103–105/26" for the chosen items, runs taken in agenda order; "punkt 3, 5–6" before numbering."""
    runs: list[list[AgendaItem]] = []
    previous_chosen = False
    for item in items:
        if item.pk in chosen:
            if previous_chosen:
                runs[-1].append(item)
            else:
                runs.append([item])
        previous_chosen = item.pk in chosen
    if not runs:
        return ""
    numbered = all(i.paragraph_number is not None for run in runs for i in run)

    def number(item: AgendaItem) -> str:
        return str(item.paragraph_number if numbered else item.position)

    parts = [number(run[0]) if len(run) == 1 else f"{number(run[0])}–{number(run[-1])}" for run in runs]
    if not numbered:
        return _("punkt %(points)s") % {"points": ", ".join(parts)}
    last = runs[-1][-1]
    organ: Organ = last.organ
    suffix = ""
    if organ.paragraph_format == Organ.ParagraphFormat.YEAR and last.paragraph_year:
        suffix = f"/{last.paragraph_year % 100:02d}"
    return f"§ {', '.join(parts)}{suffix}"


def _name(person: Person | None, fallback: str, *, public: bool) -> str:
    if person is None:
        return fallback
    return person.public_name if public else str(person)


def _rows(meeting: Meeting) -> list[Attendance]:
    if "attendances" in getattr(meeting, "_prefetched_objects_cache", {}):
        rows = list(meeting.attendances.all())
    else:
        rows = list(
            meeting.attendances.select_related("person__organisation", "organisation", "replaces").prefetch_related(
                "ranges"
            )
        )
    return sorted(rows, key=lambda a: (a.person.name if a.person else a.name).casefold())


_ROLE_ORDER = {role: index for index, role in enumerate(Membership.Role.values)}


def attendance_sections(*, meeting: Meeting, items: Sequence[AgendaItem], public: bool) -> list[AttendanceSection]:
    """The "Närvarande" block in print order; sections without lines are left out."""
    items = list(items)
    rows = _rows(meeting)
    seats = group_selectors.organ_seats(organ_id=meeting.organ_id, day=meeting.date)
    titles = {m.person_id: m for m in seats.members if m.role in Membership.SINGLE_ROLES}
    positions = deciding.item_positions(meeting, items, (r for a in rows for r in a.ranges.all()))
    sitting = deciding.sitting_by_item(meeting=meeting, items=items, attendances=rows)
    all_ids = {i.pk for i in items}
    own_org = meeting.organ.organisation_id

    def covered(a: Attendance) -> set[int]:
        ranges = list(a.ranges.all())
        return {i.pk for i in items if deciding.covers(ranges, i.position, positions)}

    def partly(a: Attendance) -> str:
        present = covered(a)
        if present == all_ids or not items:
            return ""
        return _("delvis (%(paragraphs)s)") % {"paragraphs": paragraph_set(items, present)}

    def extras(a: Attendance) -> list[str]:
        out = []
        if a.presence == Attendance.Presence.VIA_LANK:
            out.append(_("via länk"))
        if a.note:
            out.append(a.note)
        return out

    def described(a: Attendance, role: str = "") -> str:
        """Name (role), title and organisation; the organ's own organisation goes without saying."""
        person = a.person
        name = _name(person, a.name, public=public) + (f" ({role})" if role else "")
        title = a.title or (person.title if person else "")
        org = a.organisation_name or (a.organisation.name if a.organisation else "")
        if not org and person is not None and person.organisation is not None:
            org = person.organisation.name if person.organisation_id != own_org else ""
        return ", ".join(x for x in (name, title, org) if x)

    members = AttendanceSection("beslutande", _("Beslutande ledamöter"))
    serving = AttendanceSection("ersattare", _("Tjänstgörande ersättare"))
    not_serving = AttendanceSection("ej_tjanstgorande", _("Ej tjänstgörande ersättare"))
    others = AttendanceSection("ovriga", _("Övriga närvarande"))
    absent = AttendanceSection("franvarande", _("Frånvarande"))
    member_keys: list[tuple[int, int]] = []
    rank = {m.person_id: _ROLE_ORDER[m.role] for m in seats.members}

    def rank_of(a: Attendance) -> int:
        return rank.get(a.person_id or 0, len(_ROLE_ORDER))

    for a in rows:
        if a.presence == Attendance.Presence.FRANVARANDE:
            absent.lines.append(_name(a.person, a.name, public=public))
            continue
        if a.role == Attendance.Role.BESLUTANDE:
            line = described(a, _role(meeting, a, titles))
            notes = [partly(a)]
            if a.person_id is not None:
                present = covered(a)
                replaced = {pk for pk in present if a.person_id not in sitting[pk]}
                if replaced:
                    notes.append(_("ej beslutande (%(paragraphs)s)") % {"paragraphs": paragraph_set(items, replaced)})
            members.lines.append(", ".join([line, *[n for n in notes if n], *extras(a)]))
            is_chair = a.person_id is not None and a.person_id == meeting.chair_id
            member_keys.append((0 if is_chair else 1, rank_of(a)))
        elif a.role == Attendance.Role.ERSATTARE:
            line = described(a)
            if a.replaces is not None:
                whom = _("för %(name)s") % {"name": _name(a.replaces, "", public=public)}
                serves = covered(a)
                if serves != all_ids and items:
                    whom += f" {paragraph_set(items, serves)}"
                line += f", {whom}"
            serving.lines.append(", ".join([line, *extras(a)]))
        elif a.role == Attendance.Role.EJ_TJANSTGORANDE:
            not_serving.lines.append(", ".join(x for x in [described(a), partly(a), *extras(a)] if x))
        else:
            others.lines.append(", ".join(x for x in [described(a), partly(a), *extras(a)] if x))
    # The chair first, then the presidium in rank, then the others by name (the rows' order), as protocols do;
    # the vacant seats last.
    members.lines[:] = [
        line for _key, line in sorted(zip(member_keys, members.lines, strict=True), key=lambda pair: pair[0])
    ]
    members.lines.extend(str(seat) for seat in seats.vacant)
    # A vacant seat is part of the list of ledamöter even before anyone is recorded as present.
    return [s for s in (members, serving, not_serving, others, absent) if s.lines]


def _role(meeting: Meeting, a: Attendance, titles: dict[int, Membership]) -> str:
    """ "ordförande" for who chairs this meeting; otherwise the presidium role the member holds."""
    if a.person_id is not None and a.person_id == meeting.chair_id:
        return _("ordförande")
    membership = titles.get(a.person_id or 0)
    return membership.get_role_display().lower() if membership is not None else ""


def quorum_warning(*, meeting: Meeting, items: Sequence[AgendaItem]) -> str:
    """The secretary's warning when paragraphs would be taken without beslutförhet; "" when all is well."""
    missing = deciding.items_without_quorum(meeting=meeting, items=items)
    if not missing:
        return ""
    seats = missing[0][1].seats
    return _(
        "Varning: sammanträdet är inte beslutfört i %(paragraphs)s. Minst %(needed)s av organets %(seats)s "
        "ledamöter måste delta i ett beslut (Kommunallagen 6 kap. 24 §). Kontrollera närvaron och ersättarna."
    ) % {
        "paragraphs": paragraph_set(list(items), {item.pk for item, _d in missing}),
        "needed": seats // 2 + 1,
        "seats": seats,
    }


@dataclass(frozen=True)
class RowParagraphs:
    """One row of the närvarolista on the secretary's page: the items it covers and how they print."""

    item_ids: frozenset[int]
    text: str


def row_paragraphs(
    *, meeting: Meeting, items: Sequence[AgendaItem], rows: Sequence[Attendance]
) -> dict[int, RowParagraphs]:
    items = list(items)
    positions = deciding.item_positions(meeting, items, (r for a in rows for r in a.ranges.all()))
    out = {}
    for a in rows:
        ranges = list(a.ranges.all())
        ids = frozenset(i.pk for i in items if deciding.covers(ranges, i.position, positions))
        out[a.pk] = RowParagraphs(item_ids=ids, text=paragraph_set(items, set(ids)) if ranges else "")
    return out
