"""Every write of the members' review: läst marks, private notes and questions before a meeting.

Each function is one transaction with an audit entry. The audit never keeps a private note's text.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lgl_portal.audit.services import audit_record
from meetings.models import AgendaItem
from members.models import MemberQuestion, PrivateNote, ReadMark

MAX_NOTE_LENGTH = 10000
MAX_QUESTION_LENGTH = 4000


@transaction.atomic
def read_mark_toggle(*, acting_user: Any, item: AgendaItem, read: bool | None = None) -> bool:
    """Mark (or unmark) an item as read by the user; returns whether it is now read."""
    existing = ReadMark.objects.filter(user=acting_user, item=item)
    target = (not existing.exists()) if read is None else read
    if target:
        try:
            with transaction.atomic():
                ReadMark.objects.get_or_create(user=acting_user, item=item)
        except IntegrityError:
            pass  # a double click: already marked
    else:
        existing.delete()
    audit_record(acting_user=acting_user, action="review.read_mark", target=item, changes={"read": target})
    return target


@transaction.atomic
def private_note_save(*, acting_user: Any, item: AgendaItem, text: str) -> PrivateNote | None:
    """Save the user's own note on the item; an empty text deletes it. The audit keeps no note text."""
    text = (text or "").strip()
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError({"text": _("Anteckningen får vara högst %(n)s tecken.") % {"n": MAX_NOTE_LENGTH}})
    if not text:
        PrivateNote.objects.filter(author=acting_user, item=item).delete()
        audit_record(acting_user=acting_user, action="review.note_delete", target=item, changes={})
        return None
    note, _created = PrivateNote.objects.update_or_create(author=acting_user, item=item, defaults={"text": text})
    # Only the length: the note itself is private even from those who read the audit log.
    audit_record(acting_user=acting_user, action="review.note_save", target=item, changes={"length": len(text)})
    return note


@transaction.atomic
def member_question_ask(*, acting_user: Any, item: AgendaItem, text: str, addressed_to: str) -> MemberQuestion:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv din fråga.")})
    if len(text) > MAX_QUESTION_LENGTH:
        raise ValidationError({"text": _("Frågan får vara högst %(n)s tecken.") % {"n": MAX_QUESTION_LENGTH}})
    if addressed_to not in MemberQuestion.AddressedTo.values:
        raise ValidationError({"addressed_to": _("Välj vem frågan ställs till.")})
    question = MemberQuestion.objects.create(author=acting_user, item=item, text=text, addressed_to=addressed_to)
    audit_record(
        acting_user=acting_user, action="review.question", target=question, changes={"addressed_to": addressed_to}
    )
    return question


@transaction.atomic
def member_question_mark_answered(*, acting_user: Any, question: MemberQuestion) -> MemberQuestion:
    question.answered_at = question.answered_at or timezone.now()
    question.save(update_fields=["answered_at"])
    audit_record(acting_user=acting_user, action="review.question_answered", target=question, changes={})
    return question
