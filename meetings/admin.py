from django.contrib import admin

from lgl_portal.accounts.admin_site import ReadOnlyAdmin, ReadOnlyInline
from meetings.models import AgendaItem, Attachment, Attendance, ItemRevision, JusteringSignature, Meeting


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("position", "title", "kind", "paragraph_number", "paragraph_year", "is_confidential")
    readonly_fields = ("paragraph_number", "paragraph_year")
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("organ", "date", "status", "justerat_at", "posted_on")
    list_filter = ("status", "organ")
    date_hierarchy = "date"
    search_fields = ("organ__name", "title")
    readonly_fields = ("status", "kallelse_sent_at", "sent_for_justering_at", "justerat_at", "protocol_version")
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "meeting", "position", "kind", "paragraph_number", "paragraph_year")
    list_filter = ("kind", "organ")
    search_fields = ("title", "diarienummer")
    # Protocol text is written through the services (sanitising, versions, locking), never here.
    readonly_fields = (*AgendaItem.TEXT_FIELDS, "version", "paragraph_number", "paragraph_year")


admin.site.register(Attachment, ReadOnlyAdmin)
admin.site.register(Attendance, ReadOnlyAdmin)


@admin.register(ItemRevision)
class ItemRevisionAdmin(ReadOnlyAdmin):
    list_display = ("item", "version", "created_by", "created_at")
    readonly_fields = ("item", "version", "data", "created_by", "created_at")


@admin.register(JusteringSignature)
class JusteringSignatureAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "person", "role", "status", "decided_at", "round")
    readonly_fields = ("decided_at", "decided_by")
