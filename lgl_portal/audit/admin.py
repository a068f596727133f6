from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from lgl_portal.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Readable and filterable by admins, never editable: the log must be trustworthy."""

    list_display = ("at", "actor_repr", "action", "target_type", "target_repr")
    list_filter = ("action", "target_type", "at")
    search_fields = ("actor_repr", "action", "target_repr", "target_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
