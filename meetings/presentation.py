"""How a protocol reads, for every output: the web pages and the PDFs both take these from here.

The section order of a paragraph, the paragraph range of a protocol and the föredragare line live in this one
module so that the web protocol, the justering page, the kallelse and the archived PDF cannot drift apart.
Headings come from the model's verbose names, so they follow the active language (the PDFs are built in Swedish).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lgl_portal.core.dates import long_date
from meetings import voting

# The order a protocol paragraph reads in: background and proposal, the discussion, then the decision.
# (The PDF used to put Anteckningar before Förslag till beslut; the web order was kept for both.)
PARAGRAPH_ORDER: tuple[str, ...] = (
    "summary",
    "proposal",
    "notes",
    "motions",
    "voting",
    "decision_text",
    "reservations",
    "protocol_notes",
)


class Section(NamedTuple):
    name: str
    heading: str
    html: SafeString


def text_field_name(item: models.Model | type[models.Model], name: str) -> str:
    """The verbose name of a protocol text's column (an item or the AgendaItem class will do)."""
    field = item._meta.get_field(name)
    # Protocol texts are plain columns; a relation has no verbose name of its own and never belongs here.
    if not isinstance(field, models.Field):
        raise TypeError(f"{name!r} is not a column of {item._meta.label}")
    return str(field.verbose_name)


def section_heading(item: models.Model | type[models.Model], name: str) -> str:
    return text_field_name(item, name).capitalize()


# The levels a paragraph's own sub-headings (h3, h4 in the stored text) take in an output whose section headings
# are at level n: n + 1 and n + 2, so the outline stays valid (paragraph > section > the text's own headings).
_USER_HEADING = re.compile(r"<(/?)h([34])>")


def shift_headings(html: str, *, section_level: int) -> SafeString:
    """The text's h3/h4 moved below the output's section heading level (never past h6)."""

    def level(match: re.Match[str]) -> str:
        shifted = min(section_level + int(match.group(2)) - 2, 6)
        return f"<{match.group(1)}h{shifted}>"

    return mark_safe(_USER_HEADING.sub(level, html))  # the input is already cleaned HTML


def reverse_one(item: Any, name: str) -> Any:
    """A reverse one-to-one (the paragraph's vote, its propositionsordning), or None when it has none."""
    try:
        return getattr(item, name)
    except ObjectDoesNotExist:
        return None


def _name(person: Any, *, public: bool) -> str:
    return person.public_name if public else str(person)


def _proceedings(item: Any, *, public: bool, clean: Callable[[str], SafeString]) -> dict[str, dict[str, Any]]:
    """The structured parts of each section: what the one partial (meetings/_section_body.html) prints."""
    parts: dict[str, dict[str, Any]] = {}
    points = [{"number": p.position, "html": clean(p.text)} for p in item.decision_points.all()]
    if points:
        parts["decision_text"] = {"points": points}
    motions = [
        {
            "mover": _name(m.mover, public=public),
            "text": m.text.strip().rstrip("."),
            "supporters": [_name(p, public=public) for p in m.supporters.all()],
        }
        for m in item.motion_entries.all()
    ]
    if motions:
        parts["motions"] = {"motions": motions}
    order = reverse_one(item, "proposition_order")
    vote = reverse_one(item, "roll_call")
    if order is not None or vote is not None:
        voting_part: dict[str, Any] = {"proposition_order": order.text if order is not None else ""}
        if vote is not None:
            result = voting.vote_tally(vote)
            voting_part["vote"] = {
                "yes_means": vote.yes_means,
                "no_means": vote.no_means,
                "rows": [{"name": _name(b.person, public=public), "choice": b.choice} for b in vote.ballots.all()],
                "tally": result,
                "winner_means": vote.yes_means if result.winner == voting.JA else vote.no_means,
            }
        parts["voting"] = voting_part
    for kind, section in (("reservation", "reservations"), ("protokollsanteckning", "protocol_notes")):
        entries = [
            {"name": _name(s.person, public=public), "html": clean(s.text) if s.text else ""}
            for s in item.statements.all()
            if s.kind == kind
        ]
        if entries:
            parts[section] = {"statements": entries, "kind": kind}
    return parts


def paragraph_sections(
    item: Any, *, clean: Callable[[str], SafeString], section_level: int = 4, public: bool = True
) -> list[Section]:
    """The item's non-empty protocol sections in protocol order, each cleaned by the output's own cleaner.

    A section is its structured parts (beslutspunkter, yrkanden, propositionsordning and omröstning, reservationer
    and protokollsanteckningar by name) and its free text, both printed by the one partial
    templates/meetings/_section_body.html, so the web protocol and the PDF cannot differ. `section_level` is the
    level of the output's section headings (the text's own headings go below it); `public` names people as the
    public file does.
    """
    structured = _proceedings(item, public=public, clean=clean)
    sections = []
    for name in PARAGRAPH_ORDER:
        value = getattr(item, name)
        free = shift_headings(clean(value), section_level=section_level) if value else ""
        part = structured.get(name)
        if not free and not part:
            continue
        html = render_to_string("meetings/_section_body.html", {"name": name, "free": free, "part": part or {}})
        sections.append(Section(name=name, heading=section_heading(item, name), html=mark_safe(html.strip())))
    return sections


def paragraph_label(item: Any) -> str:
    """ "§ 12" once numbered at justering; the agenda position ("3.") before that."""
    return item.paragraph_label or f"{item.position}."


def paragraph_range(items: Iterable[Any]) -> str:
    """The protocol's numbers without the sign: "12", "12–15", with the year format "12–15/26", points "1–8"."""
    numbered = [i for i in items if i.paragraph_number is not None]
    if not numbered:
        return ""
    first, last = numbered[0], numbered[-1]
    organ = first.organ
    suffix = ""
    if organ.paragraph_format == organ.ParagraphFormat.YEAR and last.paragraph_year:
        suffix = f"/{last.paragraph_year % 100:02d}"
    if first.pk == last.pk:
        return f"{first.paragraph_number}{suffix}"
    return f"{first.paragraph_number}–{last.paragraph_number}{suffix}"


def range_heading(organ: Any) -> str:
    """ "Paragrafer" for an organ using §, "Punkter" for plain numbered points."""
    return _("Punkter") if organ.uses_points else _("Paragrafer")


def presenter_line(presenter: Any, *, public: bool = False) -> str:
    """ "Sofia Hartz, planeringsdirektör, Region Kalmar län" as the protocols write it.

    `public` gives the person's public name (an anonymised person is not named) for the public file.
    """
    person = presenter.person if presenter.person_id else None
    name = person.public_name if (public and person) else presenter.display_name
    title = presenter.title or (person.title if person else "")
    org = presenter.organisation_name or (person.organisation.name if person and person.organisation else "")
    return ", ".join(part for part in (name, title, org) if part)


# --- Issue 13, the protocol's frame: header, föredragningslistan, the Val av justerare text, the signature block.
# Pure functions of rows the caller has loaded (meetings.selectors.protocol_frame), so this module reads no table.


def _clock(value: dt.time) -> str:
    return f"{value:%H:%M}"


def time_line(meeting: Any) -> str:
    """ "13 oktober 2026, kl. 13:00–15:30" as the protocol's Tid."""
    line = long_date(meeting.date)
    if meeting.start_time:
        line += ", " + _("kl.") + " " + _clock(meeting.start_time)
        if meeting.end_time:
            line += "–" + _clock(meeting.end_time)
    return line


def place_line(meeting: Any) -> str:
    """The Plats as the organ prints it: the room, and that members could join by link."""
    if meeting.location and meeting.video_link:
        return f"{meeting.location}, {_('digitalt via länk')}"
    return meeting.location or (_("Digitalt möte") if meeting.video_link else "")


def adjournment_line(adjournment: Any) -> str:
    """ "Ajournering kl. 14:00–14:15: Ajournering för gruppöverläggningar"."""
    line = _("Ajournering kl. %(start)s–%(end)s") % {
        "start": _clock(adjournment.start_time),
        "end": _clock(adjournment.end_time),
    }
    return f"{line} ({adjournment.note})" if adjournment.note else line


def agenda_approval_line(meeting: Any) -> str:
    labels = {
        "utan_andring": _("Föredragningslistan godkänns utan ändring."),
        "med_tillagg": _("Föredragningslistan godkänns med tillägg."),
        "med_andring": _("Föredragningslistan godkänns med ändring."),
    }
    return labels.get(meeting.agenda_approval, "")


def _names(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " " + _("och") + " " + names[-1]


def person_name(person: Any, *, public: bool) -> str:
    """ "Maria Ek (C)": the name with the party, or nothing of an anonymised person in the public file."""
    if person is None:
        return ""
    return person.public_name if public else str(person)


def recusal_line(item: Any, *, public: bool) -> str:
    """ "Maria Ek (C) anmäler jäv och deltar inte i handläggningen.", printed at the head of the paragraph in the
    web protocol and the PDF alike."""
    recusals = list(item.recusals.all())
    if not recusals:
        return ""
    names = ", ".join(person_name(r.person, public=public) + (f" ({r.note})" if r.note else "") for r in recusals)
    return _("%(names)s anmäler jäv och deltar inte i handläggningen.") % {"names": names}


def justering_plan_line(meeting: Any) -> str:
    """ "på Kommunledningskontoret den 16 oktober 2026": the planned justering, or "" when none is set."""
    parts = []
    if meeting.justering_place:
        parts.append(_("på %(place)s") % {"place": meeting.justering_place})
    if meeting.justering_date:
        parts.append(_("den %(day)s") % {"day": long_date(meeting.justering_date)})
    return " ".join(parts)


def justerare_choice_text(meeting: Any, adjusters: Iterable[Any], *, public: bool = False) -> str:
    """What the "Val av justerare" paragraph decides, from the meeting's justerare and planned justering."""
    names = [person_name(p, public=public) for p in adjusters if p.pk != meeting.chair_id]
    sentences = []
    if names:
        sentences.append(_("Att jämte ordföranden justera protokollet utses %(names)s.") % {"names": _names(names)})
    plan = justering_plan_line(meeting)
    if plan:
        sentences.append(_("Justering sker %(plan)s.") % {"plan": plan})
    return " ".join(sentences)


def handling_line(item: Any) -> str:
    """ "Ärendet utgår. Skäl: …" or "Ärendet bordläggs. Skäl: …" for an item the meeting set aside."""
    if item.handling == "utgar":
        return _("Ärendet utgår. Skäl: %(reason)s") % {"reason": item.handling_reason}
    if item.handling == "bordlaggs":
        return _("Ärendet bordläggs. Skäl: %(reason)s") % {"reason": item.handling_reason}
    return ""


def attachment_line(attachment: Any) -> str:
    """A handling as the PDF prints it: a link (Bildspel, film) with its address, a file by its title."""
    if attachment.url and not attachment.file:
        return f"{attachment.title}: {attachment.url}"
    return str(attachment.title)


@dataclass(frozen=True)
class Signer:
    role: str
    name: str
    approved_at: dt.datetime | None = None
    version: int | None = None
    returned: bool = False
    comment: str = ""
    # Whether this signer signs digitally at all (the secretary does not approve the protocol).
    signs: bool = True
    corrections: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ProtocolFrame:
    organ_name: str
    time_line: str
    place: str
    adjournments: list[str]
    range_heading: str
    range_text: str
    agenda_approval: str
    justering_plan: str
    # Printed in the paragraph marked "Val av justerare".
    justerare_text: str
    signers: list[Signer]
    signs_by_hand: bool
    justerat_at: dt.datetime | None


def signature_block(
    *,
    meeting: Any,
    adjusters: Iterable[Any],
    signatures: Iterable[Any],
    corrections: Iterable[Any] = (),
    public: bool,
) -> list[Signer]:
    """Sekreterare, Ordförande, Justerare: each name with the approval of the latest round (and each approved
    rättelse) beside it. Only approvals count as signatures: a corrected protocol never implies its signers read
    the new text, so each rättelse shows its own approval."""
    latest: dict[int, Any] = {}
    for s in signatures:
        current = latest.get(s.person_id)
        if current is None or (s.round, s.pk) > (current.round, current.pk):
            latest[s.person_id] = s
    approved_corrections: dict[int, list[dict[str, Any]]] = {}
    for c in corrections:
        for a in c.approvals.all():
            if a.status == "approved":
                approved_corrections.setdefault(a.person_id, []).append({"version": c.version, "at": a.decided_at})

    def signer(role: str, person: Any) -> Signer:
        sig = latest.get(person.pk)
        approved = bool(sig and sig.status == "approved" and sig.decided_at)
        return Signer(
            role=role,
            name=person_name(person, public=public),
            approved_at=sig.decided_at if approved and sig else None,
            version=sig.protocol_version if approved and sig else None,
            returned=bool(sig and sig.status == "returned"),
            comment=sig.comment if sig and sig.status == "returned" else "",
            corrections=approved_corrections.get(person.pk, []),
        )

    block = []
    if meeting.secretary is not None:
        block.append(Signer(role=_("Sekreterare"), name=person_name(meeting.secretary, public=public), signs=False))
    if meeting.chair is not None:
        block.append(signer(_("Ordförande"), meeting.chair))
    block += [signer(_("Justerare"), p) for p in adjusters if p.pk != meeting.chair_id]
    return block


def protocol_frame(
    *,
    meeting: Any,
    items: list[Any],
    adjournments: Iterable[Any],
    adjusters: Iterable[Any],
    signatures: Iterable[Any],
    corrections: Iterable[Any] = (),
    public: bool,
) -> ProtocolFrame:
    """The protocol's header and signature block, the same for the web protocol and the PDF."""
    adjusters = list(adjusters)
    organ = meeting.organ
    return ProtocolFrame(
        organ_name=organ.name,
        time_line=time_line(meeting),
        place=place_line(meeting),
        adjournments=[adjournment_line(a) for a in adjournments],
        range_heading=range_heading(organ),
        range_text=paragraph_range(items),
        agenda_approval=agenda_approval_line(meeting),
        justering_plan=justering_plan_line(meeting),
        justerare_text=justerare_choice_text(meeting, adjusters, public=public),
        signers=signature_block(
            meeting=meeting, adjusters=adjusters, signatures=signatures, corrections=corrections, public=public
        ),
        signs_by_hand=organ.signs_by_hand,
        justerat_at=meeting.justerat_at,
    )
