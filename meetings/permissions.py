"""Who may do what with meetings, agendas and protocols. The one place this app asks.

Built on groups.permissions: the organ's secretary (`manage_organ`) runs its meetings, its members
(`view_organ_internal`) read handlingar before justering, and the meeting's chair and justerare may justera it.
All computed at request time from memberships and the meeting's own chair and adjusters (one query per user
object for the justera question), never stored; `MeetingRoleBackend` gives `meetings.justera_meeting` the same
answer through Django's permission API.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.db.models import Q

from groups.permissions import can_manage_organ, can_view_organ_internal, is_admin
from meetings.models import Attachment, Meeting

JUSTERA_MEETING = "meetings.justera_meeting"
_CACHE_ATTR = "_lgl_signer_meetings"


def signer_meeting_ids(user: Any) -> frozenset[int]:
    """Meetings whose chair or a justerare is the user's person: one query, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            Meeting.objects.filter(Q(chair__user=user) | Q(adjusters__user=user)).values_list("pk", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


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
    return is_admin(user) or meeting.pk in signer_meeting_ids(user)


def can_download_attachment(user: Any, attachment: Attachment) -> bool:
    meeting = attachment.item.meeting
    if can_view_internal(user, meeting):
        return True
    # The public gets public handlingar of public organs once the protocol is justerat, never a secret paragraph's.
    return (
        meeting.organ.is_public and meeting.is_locked and attachment.is_public and not attachment.item.is_confidential
    )


class MeetingRoleBackend(BaseBackend):
    """`user.has_perm("meetings.justera_meeting", meeting)`: the meeting's chair and justerare, computed."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm != JUSTERA_MEETING or not isinstance(obj, Meeting) or not getattr(user_obj, "is_active", False):
            return False
        return obj.pk in signer_meeting_ids(user_obj)
