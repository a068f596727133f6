"""Writes to the protocol's frame (issue 13): the ajourneringar within the meeting.

The planned justering and the approval of the föredragningslista are fields of the meeting (meeting_update); an
item's utgår/bordläggs with its reason is a field of the item (item_update). An ajournering is its own row so that
it is printed in the protocol and never typed into the meeting's Plats, from where it leaked into the kallelse and
the calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lgl_portal.core.publication import gate_check
from meetings.models import Adjournment, Meeting
from meetings.services._shared import _ensure_editable, _lock_meeting, _record


def _validate_adjournment(meeting: Meeting, start_time: dt.time, end_time: dt.time) -> None:
    if end_time <= start_time:
        raise ValidationError({"end_time": _("Ajourneringen måste sluta efter att den börjar.")})
    if meeting.start_time and start_time < meeting.start_time:
        raise ValidationError(
            {
                "start_time": _("Ajourneringen kan inte börja före sammanträdet (kl. %(time)s).")
                % {"time": f"{meeting.start_time:%H:%M}"}
            }
        )
    if meeting.end_time and end_time > meeting.end_time:
        raise ValidationError(
            {
                "end_time": _("Ajourneringen kan inte sluta efter sammanträdet (kl. %(time)s).")
                % {"time": f"{meeting.end_time:%H:%M}"}
            }
        )
    overlapping = meeting.adjournments.filter(start_time__lt=end_time, end_time__gt=start_time).first()
    if overlapping is not None:
        raise ValidationError(
            {"start_time": _("Tiden överlappar ajourneringen kl. %(other)s.") % {"other": str(overlapping)}}
        )


@transaction.atomic
def adjournment_add(
    *, acting_user: Any, meeting: Meeting, start_time: dt.time, end_time: dt.time, note: str = ""
) -> Adjournment:
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    _validate_adjournment(meeting, start_time, end_time)
    adjournment = Adjournment(meeting=meeting, start_time=start_time, end_time=end_time, note=note.strip())
    gate_check(adjournment)
    adjournment.save()
    _record(
        acting_user=acting_user,
        action="adjournment_add",
        target=meeting,
        changes={"adjournment": str(adjournment), "note": adjournment.note},
    )
    return adjournment


@transaction.atomic
def adjournment_remove(*, acting_user: Any, adjournment: Adjournment) -> None:
    meeting = _lock_meeting(adjournment.meeting)
    _ensure_editable(meeting)
    _record(
        acting_user=acting_user, action="adjournment_remove", target=meeting, changes={"adjournment": str(adjournment)}
    )
    adjournment.delete()
