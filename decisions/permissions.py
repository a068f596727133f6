"""Who may do what with decisions, summaries and uppdrag. The one place this app asks.

Writing decisions, summaries and uppdrag belongs to those who manage the decision's organ (its sekreterare or
samordnare, and admins). What the public may see is decided in selectors (`public_*`), not here. The members'
review asks `members.permissions`.
"""

from __future__ import annotations

from typing import Any

from decisions.models import Assignment
from groups.models import Organ
from groups.permissions import can_manage_organ, is_admin, organs_managed_by


def can_manage_decisions(user: Any, organ: Organ) -> bool:
    return can_manage_organ(user, organ)


def can_manage_assignment(user: Any, assignment: Assignment) -> bool:
    """The deciding organ's secretaries, and those of the organ that got the uppdrag, follow it up."""
    if can_manage_organ(user, assignment.decision.organ):
        return True
    return assignment.assignee_organ is not None and can_manage_organ(user, assignment.assignee_organ)


def can_manage_any_decisions(user: Any) -> bool:
    return is_admin(user) or organs_managed_by(user).exists()
