"""How a protocol reads, for every output: the web pages and the PDFs both take these from here.

The section order of a paragraph, the paragraph range of a protocol and the föredragare line live in this one
module so that the web protocol, the justering page, the kallelse and the archived PDF cannot drift apart.
Headings come from the model's verbose names, so they follow the active language (the PDFs are built in Swedish).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

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
    """The protocol's paragraphs without the sign: "12", "12–15" or, with the organ's year format, "12–15/26"."""
    numbered = [i for i in items if i.paragraph_number is not None]
    if not numbered:
        return ""
    first, last = numbered[0], numbered[-1]
    organ = first.organ
    if first.pk == last.pk:
        return organ.format_paragraph(first.paragraph_number, first.paragraph_year).removeprefix("§ ")
    suffix = ""
    if organ.paragraph_format == organ.ParagraphFormat.YEAR and last.paragraph_year:
        suffix = f"/{last.paragraph_year % 100:02d}"
    return f"{first.paragraph_number}–{last.paragraph_number}{suffix}"


def presenter_line(presenter: Any, *, public: bool = False) -> str:
    """ "Sofia Hartz, planeringsdirektör, Region Kalmar län" as the protocols write it.

    `public` gives the person's public name (an anonymised person is not named) for the public file.
    """
    person = presenter.person if presenter.person_id else None
    name = person.public_name if (public and person) else presenter.display_name
    title = presenter.title or (person.title if person else "")
    org = presenter.organisation_name or (person.organisation.name if person and person.organisation else "")
    return ", ".join(part for part in (name, title, org) if part)
