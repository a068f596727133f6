"""Saving protocol text field by field, merging with what others saved meanwhile, never overwriting it.

Every save says, per field, which text it started from (its base: the item version, the hash of the text and,
from the browser, the text itself). meetings/merge.py decides per field: apply, keep theirs, merge the words, or
report a conflict. Non-conflicting fields are written even when another field of the same save is in conflict;
the conflicting ones keep the stored text and go back to the writer with both texts.

Autosaves by one person within a few minutes coalesce into one revision, as long as the new text only adds to
the revision's text; a save that removes text starts a new revision, so the history never loses a word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.merge import FieldEdit, FieldResult, Outcome, merge_fields, only_adds, text_hash
from meetings.models import AgendaItem, ItemRevision
from meetings.services._shared import _ensure_editable, _lock_meeting, _record
from meetings.services.protocol import _text_snapshot, rich_text

# Autosaves by the same person closer together than this become one revision.
COALESCE_WINDOW = dt.timedelta(minutes=5)


class ProtocolNotEditable(ValidationError):
    """The protocol is under justering or locked: the text is refused as a whole, and the writer keeps it."""


@dataclass(frozen=True)
class TextEdit:
    """One field as the page sends it back."""

    mine: str
    base_hash: str
    base_version: int | None = None
    base_text: str | None = None


@dataclass(frozen=True)
class TextSaveReport:
    item: AgendaItem
    results: dict[str, FieldResult]

    @property
    def conflicts(self) -> dict[str, FieldResult]:
        return {name: r for name, r in self.results.items() if r.outcome is Outcome.CONFLICT}

    @property
    def wrote(self) -> bool:
        return any(r.writes for r in self.results.values())


def _field_edit(item: AgendaItem, name: str, edit: TextEdit) -> FieldEdit:
    """The field's edit with its base text: as sent, or else the text of the item version the writer started from
    (the stored text if nobody saved since, or that version's revision, if it still exists)."""
    mine = rich_text(edit.mine)
    if edit.base_text is not None and text_hash(edit.base_text) == edit.base_hash:
        return FieldEdit(mine=mine, base_hash=edit.base_hash, base=edit.base_text)
    base: str | None = None
    if edit.base_version is not None:
        if edit.base_version == item.version:
            base = getattr(item, name)
        else:
            revision = ItemRevision.objects.filter(item=item, version=edit.base_version).first()
            base = revision.data.get(name, "") if revision is not None else None
    if not edit.base_hash:
        # A form without per-field bases (an older page): its base is the version it was loaded at.
        return FieldEdit(mine=mine, base_hash=text_hash(base) if base is not None else "", base=base)
    if base is not None and text_hash(base) != edit.base_hash:
        base = None
    if base is None and text_hash("") == edit.base_hash:
        base = ""
    return FieldEdit(mine=mine, base_hash=edit.base_hash, base=base)


def _store_revision(*, acting_user: Any, saved: AgendaItem, previous_version: int, coalesce: bool) -> None:
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    data = _text_snapshot(saved)
    last = ItemRevision.objects.filter(item=saved).order_by("-version").first()
    if (
        coalesce
        and user is not None
        and last is not None
        and last.created_by_id == user.pk
        and last.version == previous_version
        and timezone.now() - last.created_at < COALESCE_WINDOW
        and all(only_adds(last.data.get(name, ""), data[name]) for name in AgendaItem.TEXT_FIELDS)
    ):
        last.version = saved.version
        last.data = data
        last.save(update_fields=["version", "data"])
        return
    ItemRevision.objects.create(item=saved, version=saved.version, data=data, created_by=user)


@transaction.atomic
def item_text_merge(
    *, acting_user: Any, item: AgendaItem, edits: dict[str, TextEdit], coalesce: bool = True
) -> TextSaveReport:
    """Save the edited fields of one item, merged with what others saved since each field's base."""
    # The meeting row lock orders this save against the send for justering: a save either lands before the
    # protocol is sent, or is refused after.
    meeting = _lock_meeting(item.meeting)
    try:
        _ensure_editable(meeting)
    except ValidationError as exc:
        raise ProtocolNotEditable(exc.messages) from exc
    unknown = set(edits) - set(AgendaItem.TEXT_FIELDS)
    if unknown:
        raise ValidationError(_("Okänt textfält: %(names)s") % {"names": ", ".join(sorted(unknown))})
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    field_edits = {name: _field_edit(current, name, edit) for name, edit in edits.items()}
    results = merge_fields({name: getattr(current, name) for name in edits}, field_edits)
    writes = {name: rich_text(r.text) for name, r in results.items() if r.writes}
    if not writes:
        return TextSaveReport(item=current, results=results)
    previous_version = current.version
    AgendaItem.objects.filter(pk=current.pk).update(
        **writes, version=F("version") + 1, updated_by=acting_user, updated_at=timezone.now()
    )
    saved = AgendaItem.objects.select_related("organ", "meeting", "updated_by").get(pk=current.pk)
    # The text as stored (the sanitiser may tidy a merge) is what the writer gets back.
    results = {
        name: FieldResult(r.outcome, getattr(saved, name), r.mine, r.theirs) if r.writes else r
        for name, r in results.items()
    }
    _store_revision(acting_user=acting_user, saved=saved, previous_version=previous_version, coalesce=coalesce)
    _record(
        acting_user=acting_user,
        action="item_text_save",
        target=saved,
        changes={
            "fields": sorted(writes),
            "merged": sorted(n for n, r in results.items() if r.outcome is Outcome.MERGED),
            "version": saved.version,
        },
    )
    return TextSaveReport(item=saved, results=results)


@transaction.atomic
def item_revision_restore(*, acting_user: Any, item: AgendaItem, version: int) -> AgendaItem:
    """Bring back an earlier version's text as a new version; the versions in between stay in the history."""
    meeting = _lock_meeting(item.meeting)
    try:
        _ensure_editable(meeting)
    except ValidationError as exc:
        raise ProtocolNotEditable(exc.messages) from exc
    revision = ItemRevision.objects.filter(item=item, version=version).first()
    if revision is None:
        raise ValidationError(_("Den versionen finns inte."))
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    texts = {name: revision.data.get(name, "") for name in AgendaItem.TEXT_FIELDS}
    previous_version = current.version
    AgendaItem.objects.filter(pk=current.pk).update(
        **texts, version=F("version") + 1, updated_by=acting_user, updated_at=timezone.now()
    )
    saved = AgendaItem.objects.select_related("organ", "meeting").get(pk=current.pk)
    _store_revision(acting_user=acting_user, saved=saved, previous_version=previous_version, coalesce=False)
    _record(
        acting_user=acting_user,
        action="item_text_save",
        target=saved,
        changes={"restored": version, "version": saved.version},
    )
    return saved
