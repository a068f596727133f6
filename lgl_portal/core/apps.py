from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lgl_portal.core"
    label = "core"
    verbose_name = "Portalens kärna"
