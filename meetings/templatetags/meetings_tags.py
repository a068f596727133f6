"""Rendering helpers for protocol text: stored HTML is sanitised again on the way out, as a second line."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from lgl_portal.core.templatetags.sanitize import sanitized
from meetings import presentation
from meetings.models import AgendaItem

register = template.Library()


@register.filter
def rich(value: str | None) -> SafeString:
    """Protocol text through the one sanitising filter (lgl_portal.core.templatetags.sanitize)."""
    return sanitized(value)


@register.filter
def protocol_texts(item: AgendaItem) -> list[tuple[str, SafeString]]:
    """The item's non-empty protocol sections as (heading, html), in the order meetings.presentation gives."""
    return [(s.heading, s.html) for s in presentation.paragraph_sections(item, clean=rich)]


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key, []) if mapping else []
