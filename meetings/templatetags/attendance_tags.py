"""The protocol's attendance block and the quorum warning, for the templates that print a protocol."""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from meetings import attendance_presentation
from meetings.models import AgendaItem, Meeting

register = template.Library()


@register.simple_tag
def attendance_sections(
    meeting: Meeting, items: Sequence[AgendaItem], internal: bool = False
) -> list[attendance_presentation.AttendanceSection]:
    """The public page prints public names (an anonymised person is not named); the internal pages the names."""
    return attendance_presentation.attendance_sections(meeting=meeting, items=list(items), public=not internal)


@register.simple_tag
def quorum_warning(meeting: Meeting, items: Sequence[AgendaItem]) -> str:
    return attendance_presentation.quorum_warning(meeting=meeting, items=list(items))
