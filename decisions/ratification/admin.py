from django.contrib import admin

from decisions.ratification.models import AssemblyDecision, CaseEvent, ProposalDocument, RatificationCase
from lgl_portal.accounts.admin_site import ReadOnlyAdmin, ReadOnlyInline

ASSEMBLY_DECISION_COLUMNS = (
    "organisation",
    "assembly",
    "outcome",
    "decided_on",
    "paragraph_label",
    "posted_on",
    "removed_at",
)


class AssemblyDecisionInline(ReadOnlyInline):
    model = AssemblyDecision
    extra = 0
    fields = ASSEMBLY_DECISION_COLUMNS
    # Registrations go through the services (version check, history, audit); the admin only shows them.
    readonly_fields = ASSEMBLY_DECISION_COLUMNS
    can_delete = False


@admin.register(RatificationCase)
class RatificationCaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "sending_organ", "deadline", "created_at"]
    search_fields = ["title", "slug"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AssemblyDecisionInline]


@admin.register(AssemblyDecision)
class AssemblyDecisionAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "case", "outcome", "decided_on", "registered_at"]
    list_filter = ["outcome"]
    list_select_related = ["organisation", "case"]
    readonly_fields = [f.name for f in AssemblyDecision._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


admin.site.register(ProposalDocument, ReadOnlyAdmin)
admin.site.register(CaseEvent, ReadOnlyAdmin)
