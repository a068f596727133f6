from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """Site pages of no domain. Placed on top of the domain apps: the start page lists organs (groups)."""

    name = "pages"
    verbose_name = _("Webbplatsens sidor")
