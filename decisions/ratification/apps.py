from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatificationConfig(AppConfig):
    name = "decisions.ratification"
    label = "ratification"
    verbose_name = _("Ratificering")

    def ready(self) -> None:
        from decisions.ratification.expediering import principals_of_originating_paragraphs
        from meetings.expediering import providers

        # LGL's recommendation is expedited to every principal that must ratify it.
        providers.register(principals_of_originating_paragraphs)
