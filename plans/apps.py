from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Planer och nyckeltal")

    def ready(self) -> None:
        # The PDF worker lives in meetings.documents, which must not import plans: plans registers its kind there.
        from meetings.documents import registry
        from meetings.documents.models import DocumentJob
        from plans import reports

        registry.register(
            registry.DocumentKind(
                kind=DocumentJob.Kind.STATUS_REPORT,
                build=reports.status_report_build,
                meeting_bound=False,
                validate_params=reports.status_report_validate,
                can_view=reports.status_report_can_view,
            )
        )
