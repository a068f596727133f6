"""Every write to meetings, agendas, attendance and protocols. Views call these; nothing else writes.

The writes live in one module per sub-domain (meeting, agenda, protocol, attendance, justering, after_justering);
the views and tasks import those. This package re-exports their public names so that callers outside the app
(other apps, tests, the demo) keep one stable entry point: `from meetings import services; services.item_create`.
"""

from meetings.rules import appeal_last_day, earliest_removal, posted_late
from meetings.services.after_justering import anslag_documents_refresh, meeting_post, protocol_extract_create
from meetings.services.agenda import (
    attachment_add,
    attachment_remove,
    item_create,
    item_delete,
    item_move,
    item_update,
    items_add,
    presenter_add,
    presenter_remove,
    recusal_add,
)
from meetings.services.attendance import attendance_add, attendance_prefill, attendance_remove, attendance_update
from meetings.services.changes import meeting_cancel, meeting_move
from meetings.services.correction import protocol_correction_decide, protocol_correction_propose
from meetings.services.editing import ProtocolNotEditable, TextEdit, item_revision_restore, item_text_merge
from meetings.services.frame import adjournment_add, adjournment_remove
from meetings.services.justering import justering_comment_add, justering_decide, justering_send
from meetings.services.meeting import (
    MEETING_FIELDS,
    kallelse_send,
    late_justering_warn,
    meeting_create,
    meeting_mark_held,
    meeting_plan_create,
    meeting_update,
)
from meetings.services.protocol import EditConflict, item_text_save, rich_text
from meetings.services.reminders import justering_reminders_send

__all__ = [
    "MEETING_FIELDS",
    "EditConflict",
    "ProtocolNotEditable",
    "TextEdit",
    "adjournment_add",
    "adjournment_remove",
    "anslag_documents_refresh",
    "appeal_last_day",
    "attachment_add",
    "attachment_remove",
    "attendance_add",
    "attendance_prefill",
    "attendance_remove",
    "attendance_update",
    "earliest_removal",
    "item_create",
    "item_delete",
    "item_move",
    "item_revision_restore",
    "item_text_merge",
    "item_text_save",
    "item_update",
    "items_add",
    "justering_comment_add",
    "justering_decide",
    "justering_reminders_send",
    "justering_send",
    "kallelse_send",
    "late_justering_warn",
    "meeting_cancel",
    "meeting_create",
    "meeting_mark_held",
    "meeting_move",
    "meeting_plan_create",
    "meeting_post",
    "meeting_update",
    "posted_late",
    "presenter_add",
    "presenter_remove",
    "protocol_correction_decide",
    "protocol_correction_propose",
    "protocol_extract_create",
    "recusal_add",
    "rich_text",
]
