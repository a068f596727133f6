from django.contrib import admin

from meetings.expediering.models import Dispatch, Recipient


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ("item", "organisation", "person", "email")
    raw_id_fields = ("item", "organisation", "person")


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ("meeting", "name", "address", "status", "attempts", "sent_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Dispatch._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
