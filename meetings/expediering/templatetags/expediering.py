"""The protocol page's "Expedierat till … datum" per paragraph, so the meetings views need not know expediering."""

from __future__ import annotations

from typing import Any

from django import template

from meetings.expediering import selectors
from meetings.models import Meeting

register = template.Library()


@register.simple_tag
def expediering_sent(meeting: Meeting) -> dict[int, list[Any]]:
    """Sent dispatches per paragraph id (one query for the whole protocol)."""
    return selectors.sent_per_paragraph(meeting=meeting) if meeting.is_locked else {}


@register.filter
def sent_for(sent: dict[int, list[Any]], item_id: int) -> list[Any]:
    return sent.get(item_id, []) if sent else []


@register.filter
def dispatch_for(received: dict[int, Any], organisation_id: int) -> Any:
    """The dispatch an organisation received (a ratification case's principals), or None."""
    return received.get(organisation_id) if received else None
