from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write made through a service: who, what, when, and the change.

    Rows are only ever inserted (by `audit_record`); the admin shows them read-only.
    """

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("användare"), max_length=200, blank=True)
    action = models.CharField(_("händelse"), max_length=100, db_index=True)
    target_type = models.CharField(_("objekttyp"), max_length=100, db_index=True)
    target_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    target_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    changes = models.JSONField(_("ändringar"), default=dict, blank=True)

    class Meta:
        verbose_name = _("granskningspost")
        verbose_name_plural = _("granskningslogg")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.target_repr}"
