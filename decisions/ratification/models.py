"""Ratification of a joint proposal by every required principal's assembly."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RatificationCase(models.Model):
    title = models.CharField(_("rubrik"), max_length=300)
    slug = models.SlugField(_("adressnamn"), max_length=120, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    deadline = models.DateField(_("sista dag för beslut"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ratificeringsärende")
        verbose_name_plural = _("ratificeringsärenden")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
