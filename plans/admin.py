from django.contrib import admin

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


class GoalInline(admin.TabularInline[Goal, Plan]):
    model = Goal
    extra = 0


class WorkstreamInline(admin.TabularInline[Workstream, Plan]):
    model = Workstream
    extra = 0
    fields = ("position", "name", "owner_organ", "status", "progress", "start_date", "end_date")
    readonly_fields = ("status", "progress")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ("name", "owner_organ", "start_year", "end_year", "is_public")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [GoalInline, WorkstreamInline]


class MilestoneInline(admin.TabularInline[Milestone, Workstream]):
    model = Milestone
    extra = 0


@admin.register(Workstream)
class WorkstreamAdmin(admin.ModelAdmin[Workstream]):
    list_display = ("name", "plan", "owner_organ", "status", "progress")
    list_filter = ("status", "plan")
    # Status goes through workstream_status_change so the history is kept; not editable here.
    readonly_fields = ("status", "progress")
    filter_horizontal = ("leads",)
    raw_id_fields = ("decisions", "assignments", "agenda_items")
    inlines = [MilestoneInline]


@admin.register(WorkstreamStatusChange)
class WorkstreamStatusChangeAdmin(admin.ModelAdmin[WorkstreamStatusChange]):
    list_display = ("workstream", "old_status", "new_status", "changed_by_name", "changed_at")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class ActionInline(admin.TabularInline[Action, ActionPlan]):
    model = Action
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin[ActionPlan]):
    list_display = ("title", "organ", "start_year", "end_year")
    inlines = [ActionInline]


@admin.register(ActionPlanReport)
class ActionPlanReportAdmin(admin.ModelAdmin[ActionPlanReport]):
    list_display = ("action_plan", "agenda_item", "reported_on")
    raw_id_fields = ("agenda_item",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ("name", "owner_organ", "unit", "direction", "is_public", "is_demo")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin[Measurement]):
    list_display = ("indicator", "organisation", "county", "period", "value")
    list_filter = ("indicator", "period")
