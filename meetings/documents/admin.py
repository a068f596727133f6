from django.contrib import admin

from lgl_portal.accounts.admin_site import ReadOnlyAdmin
from meetings.documents.models import DocumentJob


@admin.register(DocumentJob)
class DocumentJobAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "meeting", "status", "attempts", "page_count", "created_at", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "content_hash", "error")
    raw_id_fields = ("meeting", "extract", "requested_by")
    readonly_fields = ("content_hash", "file", "started_at", "finished_at", "created_at", "updated_at", "attempts")
