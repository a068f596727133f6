"""Who may do what with meetings, agendas and protocols. The one place this app asks.

Built on groups.permissions: the organ's secretary (`manage_organ`) runs its meetings, its members
(`view_organ_internal`) read handlingar before justering, and the meeting's chair and justerare hold the
guardian permission `meetings.justera_meeting` on the meeting itself, granted by the services that set them.
"""

from __future__ import annotations

from typing import Any

from groups.permissions import can_manage_organ, can_view_organ_internal, is_admin
from meetings.models import Attachment, Meeting


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    return meeting.organ.is_public or can_view_internal(user, meeting)


def can_manage_meeting(user: Any, meeting: Meeting) -> bool:
    return can_manage_organ(user, meeting.organ)


def can_view_internal(user: Any, meeting: Meeting) -> bool:
    """Handlingar before justering and the draft protocol: the organ's members and the meeting's signers."""
    return can_view_organ_internal(user, meeting.organ) or can_justera(user, meeting)


def can_justera(user: Any, meeting: Meeting) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or user.has_perm("meetings.justera_meeting", meeting)


def can_download_attachment(user: Any, attachment: Attachment) -> bool:
    meeting = attachment.item.meeting
    if can_view_internal(user, meeting):
        return True
    # The public gets public handlingar of public organs once the protocol is justerat, never a secret paragraph's.
    return (
        meeting.organ.is_public and meeting.is_locked and attachment.is_public and not attachment.item.is_confidential
    )
