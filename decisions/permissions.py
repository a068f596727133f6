"""Who may do what with decisions, summaries, uppdrag and the members' review. The one place this app asks.

Writing decisions, summaries and uppdrag belongs to those who manage the decision's organ (its sekreterare or
samordnare, and admins). The members' review (read marks, private notes, questions) belongs to anyone who may
read the organ's internal material. What the public may see is decided in selectors (`public_*`), not here.
"""

from __future__ import annotations

from typing import Any

from decisions.models import Assignment
from groups.models import Organ
from groups.permissions import can_manage_organ, can_view_organ_internal, is_admin, organs_managed_by
from meetings.models import AgendaItem, Meeting


def can_manage_decisions(user: Any, organ: Organ) -> bool:
    return can_manage_organ(user, organ)


def can_manage_assignment(user: Any, assignment: Assignment) -> bool:
    """The deciding organ's secretaries, and those of the organ that got the uppdrag, follow it up."""
    if can_manage_organ(user, assignment.decision.organ):
        return True
    return assignment.assignee_organ is not None and can_manage_organ(user, assignment.assignee_organ)


def can_manage_any_decisions(user: Any) -> bool:
    return is_admin(user) or organs_managed_by(user).exists()


def can_review_item(user: Any, item: AgendaItem) -> bool:
    """May mark read, write a private note on and ask about this item (members before the meeting)."""
    return can_view_organ_internal(user, item.organ)


def can_see_questions(user: Any, meeting: Meeting) -> bool:
    """The secretaries of the organ see every question asked about its meetings."""
    return can_manage_organ(user, meeting.organ)
