"""Admin for the decision register. Private notes and members' questions are deliberately not registered:
a note is readable only by its author, and admins are no exception."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from decisions.models import Area, Assignment, Decision, MembershipDecision, Summary, SummaryEvent
from lgl_portal.accounts.admin_site import ReadOnlyAdmin, ReadOnlyInline


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    extra = 0
    raw_id_fields = ("reported_back_item", "assignee_person")
    fields = ("description", "assignee_organ", "assignee_person", "due_date", "status", "reported_back_item")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("title", "organ", "decided_on", "paragraph_label", "diarienummer", "kind", "status")
    list_filter = ("organ", "kind", "status", "areas")
    search_fields = ("title", "diarienummer", "paragraph_label")
    date_hierarchy = "decided_on"
    raw_id_fields = ("meeting", "agenda_item")
    filter_horizontal = ("areas",)
    inlines = [AssignmentInline]
    # Changes go through the secretary pages, whose services audit and invalidate the public cache.
    readonly_fields = ("created_at", "updated_at")


class SummaryEventInline(ReadOnlyInline):
    model = SummaryEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "reason", "at", "by")

    def has_add_permission(self, request: HttpRequest, obj: Summary | None = None) -> bool:
        return False


@admin.register(Summary)
class SummaryAdmin(ReadOnlyAdmin):
    list_display = ("title", "organ", "decided_on", "is_published", "published_at", "updated_at")
    list_filter = ("is_published", "organ")
    search_fields = ("title",)
    raw_id_fields = ("decision",)
    # Publishing must pass the personnummer check in the service: not from the admin.
    readonly_fields = ("is_published", "published_at", "updated_at", "depublish_reason", "organ", "decided_on")
    inlines = [SummaryEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A summary is written next to its decision on the secretary's page, where the service checks it.
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("description", "decision", "due_date", "status", "reminder_sent_at")
    list_filter = ("status",)
    raw_id_fields = ("decision", "reported_back_item", "assignee_person")


@admin.register(MembershipDecision)
class MembershipDecisionAdmin(ReadOnlyAdmin):
    """Which decision made a membership change; formerly the "beslut" field on a membership."""

    list_display = ("membership", "decision")
    raw_id_fields = ("membership", "decision")
    list_select_related = ("membership__person", "membership__organ", "decision")
