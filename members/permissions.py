"""Who may take part in the members' review. The one place this app asks.

Read marks, private notes and questions belong to anyone who may read the organ's internal material; the
organ's secretaries see (and mark answered) the questions asked about its meetings.
"""

from __future__ import annotations

from typing import Any

from groups.permissions import can_manage_organ, can_view_organ_internal
from meetings.models import AgendaItem, Meeting


def can_review_item(user: Any, item: AgendaItem) -> bool:
    """May mark read, write a private note on and ask about this item (members before the meeting)."""
    return can_view_organ_internal(user, item.organ)


def can_see_questions(user: Any, meeting: Meeting) -> bool:
    """The secretaries of the organ see every question asked about its meetings."""
    return can_manage_organ(user, meeting.organ)
