"""Reads for the members' review: the coming meetings of the user's organs with their own marks, and questions.

Private notes are read ONLY through `private_notes_by_item(author=...)`, which always filters by author.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from groups.permissions import organs_managed_by, organs_visible_internally_to
from meetings.models import AgendaItem, Attachment, Meeting
from members.models import MemberQuestion, PrivateNote, ReadMark


@dataclass
class ReviewItem:
    item: AgendaItem
    is_read: bool
    note: PrivateNote | None
    questions: list[MemberQuestion]


@dataclass
class ReviewMeeting:
    meeting: Meeting
    items: list[ReviewItem]


def upcoming_meetings_for_review(user: Any, *, today: dt.date | None = None, limit: int = 10) -> list[ReviewMeeting]:
    """The coming meetings of the user's organs with their items, handlingar and the user's own marks.

    A constant number of queries however many meetings, items and decisions exist.
    """
    today = today or timezone.localdate()
    meetings = list(
        Meeting.objects.filter(organ__in=organs_visible_internally_to(user), date__gte=today)
        .select_related("organ")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.order_by("position", "id").prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
                    "presenters__person",
                ),
            )
        )
        .order_by("date", "start_time")[:limit]
    )
    item_ids = [i.pk for m in meetings for i in m.items.all()]
    read = set(ReadMark.objects.filter(user=user, item_id__in=item_ids).values_list("item_id", flat=True))
    notes = private_notes_by_item(author=user, item_ids=item_ids)
    questions: dict[int, list[MemberQuestion]] = {}
    for question in MemberQuestion.objects.filter(author=user, item_id__in=item_ids).order_by("created_at"):
        questions.setdefault(question.item_id, []).append(question)
    return [
        ReviewMeeting(
            meeting=m,
            items=[
                ReviewItem(item=i, is_read=i.pk in read, note=notes.get(i.pk), questions=questions.get(i.pk, []))
                for i in m.items.all()
            ],
        )
        for m in meetings
    ]


def private_notes_by_item(*, author: Any, item_ids: list[int]) -> dict[int, PrivateNote]:
    """The ONE way to read private notes: always the author's own, never anyone else's."""
    if not getattr(author, "is_authenticated", False):
        return {}
    return {n.item_id: n for n in PrivateNote.objects.filter(author=author, item_id__in=item_ids)}


def review_item_get(*, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("organ", "meeting"), pk=pk)


def questions_for_secretary(user: Any, *, today: dt.date | None = None, limit: int = 100) -> list[MemberQuestion]:
    """Questions about coming meetings of the organs the user runs, oldest unanswered first."""
    today = today or timezone.localdate()
    return list(
        MemberQuestion.objects.filter(item__organ__in=organs_managed_by(user), item__meeting__date__gte=today)
        .select_related("author__person", "item__meeting__organ")
        .order_by("answered_at", "created_at")[:limit]
    )


def question_get(*, pk: int) -> MemberQuestion:
    return get_object_or_404(MemberQuestion.objects.select_related("item__meeting__organ"), pk=pk)
