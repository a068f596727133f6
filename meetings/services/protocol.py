"""Writes to the protocol text of a paragraph, with optimistic versioning and a revision per save."""

from __future__ import annotations

import html
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lgl_portal.core.richtext import sanitize_html
from meetings.models import (
    AgendaItem,
    ItemRevision,
)
from meetings.services._shared import _ensure_editable, _lock_meeting, _record


class EditConflict(Exception):
    """A save carried an older version than the database holds: someone else saved in between."""

    def __init__(self, current: AgendaItem, attempted: dict[str, str]) -> None:
        super().__init__("conflict")
        self.current = current
        self.attempted = attempted


def _plain_to_html(value: str) -> str:
    """Text typed without the editor (no JavaScript) keeps its paragraphs and line breaks."""
    # The editor's output always opens with a block tag; typed text does not.
    if value.lstrip().startswith("<"):
        return value
    paragraphs = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return "".join("<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>" for p in paragraphs)


def rich_text(value: str | None) -> str:
    return sanitize_html(_plain_to_html(value or ""))


def _text_snapshot(item: AgendaItem) -> dict[str, str]:
    return {name: getattr(item, name) for name in AgendaItem.TEXT_FIELDS}


@transaction.atomic
def item_text_save(*, acting_user: Any, item: AgendaItem, version: int, texts: dict[str, str]) -> AgendaItem:
    """Save protocol text only if nobody saved since `version`; otherwise raise EditConflict with both versions."""
    # Under the meeting's row lock, as justering_send takes it: a save either commits before the send (and is
    # in the text the justerare reads) or waits for it and then finds the protocol under justering. Nothing
    # commits after the send.
    meeting = _lock_meeting(item.meeting)
    _ensure_editable(meeting)
    unknown = set(texts) - set(AgendaItem.TEXT_FIELDS)
    if unknown:
        raise ValidationError(_("Okänt textfält: %(names)s") % {"names": ", ".join(sorted(unknown))})
    clean = {name: rich_text(value) for name, value in texts.items()}
    current = AgendaItem.objects.get(pk=item.pk)
    if current.is_set_aside and clean.get("decision_text"):
        # Issue 13: an item that utgår or bordläggs gets no decision at this meeting.
        raise ValidationError({"decision_text": _("Ärendet utgår eller bordläggs och får inget beslut.")})
    if all(getattr(current, name) == value for name, value in clean.items()):
        # Nothing new (a retry of a save that already landed, or identical text): no version, no conflict.
        return current
    if current.version != version:
        raise EditConflict(current=current, attempted=clean)
    rows = AgendaItem.objects.filter(pk=item.pk, version=version).update(
        **clean, version=F("version") + 1, updated_by=acting_user, updated_at=timezone.now()
    )
    if rows == 0:
        raise EditConflict(current=AgendaItem.objects.get(pk=item.pk), attempted=clean)
    saved = AgendaItem.objects.select_related("organ", "meeting").get(pk=item.pk)
    ItemRevision.objects.create(
        item=saved,
        version=saved.version,
        data=_text_snapshot(saved),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    _record(
        acting_user=acting_user,
        action="item_text_save",
        target=saved,
        changes={"fields": sorted(clean), "version": saved.version},
    )
    return saved
