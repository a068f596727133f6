"""The members' review before a meeting: läst marks, private notes and questions on agenda items.

The tables keep the names they had when these models lived in `decisions` (db_table), so moving the models
between apps moved no data (see migrations/0001_initial.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem


class ReadMark(models.Model):
    """A member's "läst" on an agenda item before the meeting."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "decisions_readmark"
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="readmark_once_per_user_item")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.item_id}"


class PrivateNote(models.Model):
    """A member's own note on an agenda item. Only its author may ever read it (see selectors)."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("anteckning"), max_length=10000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "decisions_privatenote"
        constraints = [models.UniqueConstraint(fields=["author", "item"], name="privatenote_once_per_author_item")]

    def __str__(self) -> str:
        return f"{self.author_id} {self.item_id}"


class MemberQuestion(models.Model):
    """A member's question before the meeting to the secretary or the föredragare of an item."""

    class AddressedTo(models.TextChoices):
        SEKRETERARE = "sekreterare", _("Sekreteraren")
        FOREDRAGARE = "foredragare", _("Föredragaren")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    addressed_to = models.CharField(
        _("till"), max_length=20, choices=AddressedTo.choices, default=AddressedTo.SEKRETERARE
    )
    text = models.TextField(_("fråga"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)

    class Meta:
        db_table = "decisions_memberquestion"
        verbose_name = _("fråga inför mötet")
        verbose_name_plural = _("frågor inför mötet")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
