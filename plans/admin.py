from django.contrib import admin

from lgl_portal.accounts.admin_site import ReadOnlyAdmin, ReadOnlyInline
from plans.models import (
    Action,
    ActionPlan,
    ActionPlanReport,
    Goal,
    Indicator,
    Measurement,
    Milestone,
    Plan,
    Workstream,
    WorkstreamStatusChange,
)


class GoalInline(ReadOnlyInline):
    model = Goal
    extra = 0


class WorkstreamInline(ReadOnlyInline):
    model = Workstream
    extra = 0
    fields = ("position", "name", "owner_organ", "status", "progress", "start_date", "end_date")
    readonly_fields = ("status", "progress")


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("name", "owner_organ", "start_year", "end_year", "is_public")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [GoalInline, WorkstreamInline]


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    extra = 0


@admin.register(Workstream)
class WorkstreamAdmin(ReadOnlyAdmin):
    list_display = ("name", "plan", "owner_organ", "status", "progress")
    list_filter = ("status", "plan")
    # Status goes through workstream_status_change so the history is kept; not editable here.
    readonly_fields = ("status", "progress")
    filter_horizontal = ("leads",)
    raw_id_fields = ("decisions", "assignments", "agenda_items")
    inlines = [MilestoneInline]


@admin.register(WorkstreamStatusChange)
class WorkstreamStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("workstream", "old_status", "new_status", "changed_by_name", "changed_at")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class ActionInline(ReadOnlyInline):
    model = Action
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "organ", "start_year", "end_year")
    inlines = [ActionInline]


@admin.register(ActionPlanReport)
class ActionPlanReportAdmin(ReadOnlyAdmin):
    list_display = ("action_plan", "agenda_item", "reported_on")
    raw_id_fields = ("agenda_item",)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("name", "owner_organ", "unit", "direction", "is_public", "is_demo")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "organisation", "county", "period", "value")
    list_filter = ("indicator", "period")
