from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "meetings.documents"
    label = "documents"
    verbose_name = _("Dokument (PDF)")

    def ready(self) -> None:
        from meetings.documents import registry, rendering

        for kind, build in rendering.MEETING_KINDS.items():
            registry.register(registry.DocumentKind(kind=kind, build=build))
