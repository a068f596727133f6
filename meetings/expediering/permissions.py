"""Who may manage expediering: the organ's secretary, as for the rest of the protocol (meetings.permissions)."""

from __future__ import annotations

from typing import Any

from meetings import permissions as meeting_permissions
from meetings.models import Meeting


def can_manage_expediering(user: Any, meeting: Meeting) -> bool:
    return meeting_permissions.can_manage_meeting(user, meeting)
