from __future__ import annotations

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from groups.models import County, Membership, Organ, Organisation, Person


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("name", "code")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "county", "is_principal")
    list_filter = ("county", "kind", "is_principal")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "organisation", "party", "user")
    search_fields = ("name", "title", "email")
    list_select_related = ("organisation", "user")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("user",)


@admin.register(Organ)
class OrganAdmin(GuardedModelAdmin):
    list_display = ("name", "kind", "county", "parent", "is_public")
    list_filter = ("county", "kind")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read here, change through the portal's forms: the services keep history and permissions right."""

    list_display = ("person", "organ", "role", "start_date", "end_date")
    list_filter = ("organ", "role")
    search_fields = ("person__name", "organ__name")
    list_select_related = ("person", "organ")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
