"""How a protocol reads, for every output: the web pages and the PDFs both take these from here.

The section order of a paragraph, the paragraph range of a protocol and the föredragare line live in this one
module so that the web protocol, the justering page, the kallelse and the archived PDF cannot drift apart.
Headings come from the model's verbose names, so they follow the active language (the PDFs are built in Swedish).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.db import models
from django.utils.safestring import SafeString

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


def paragraph_sections(item: Any, *, clean: Callable[[str], SafeString]) -> list[Section]:
    """The item's non-empty protocol texts in protocol order, each cleaned by the output's own cleaner."""
    sections = []
    for name in PARAGRAPH_ORDER:
        value = getattr(item, name)
        if not value:
            continue
        html = clean(value)
        if html:
            sections.append(Section(name=name, heading=section_heading(item, name), html=html))
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
