"""Rendering helpers for protocol text: stored HTML is sanitised again on the way out, as a second line."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from lgl_portal.core.templatetags.sanitize import sanitized
from meetings import presentation, rules
from meetings.models import AgendaItem, Meeting

register = template.Library()


@register.filter
def rich(value: str | None) -> SafeString:
    """Protocol text through the one sanitising filter (lgl_portal.core.templatetags.sanitize)."""
    return sanitized(value)


@register.filter
def protocol_texts(item: AgendaItem) -> list[tuple[str, SafeString]]:
    """The item's non-empty protocol sections as (heading, html), in the order meetings.presentation gives."""
    return [(s.heading, s.html) for s in presentation.paragraph_sections(item, clean=rich, section_level=4)]


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key, []) if mapping else []


@register.simple_tag
def meeting_status(meeting: Meeting) -> tuple[str, str]:
    """(badge class, label) of the meeting's status as the facts say it (meetings.rules.status_label)."""
    return rules.status_label(meeting)


@register.simple_tag
def justering_facts(meeting: Meeting) -> dict[str, object]:
    """Who justerar the protocol and by when (meetings.rules), for the meeting page before justering."""
    return {
        "adjusters": list(meeting.adjusters.all()),
        "deadline": rules.justering_deadline(meeting),
        "state": str(rules.justering_state(meeting)),
    }


@register.filter
def handling_line(item: AgendaItem) -> str:
    """ "Ärendet utgår. Skäl: …" for an item the meeting set aside (meetings.presentation)."""
    return presentation.handling_line(item)


@register.filter
def recusal_line(item: AgendaItem, internal: bool = False) -> str:
    """The jäv line of meetings.presentation, the same the PDF prints."""
    return presentation.recusal_line(item, public=not internal)


@register.filter
def presenter_line(presenter: Any, internal: bool = False) -> str:
    """The föredragare line of meetings.presentation, the same the PDF prints; the public page names an
    anonymised person as the public file does."""
    return presentation.presenter_line(presenter, public=not internal)
