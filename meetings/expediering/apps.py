from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpedieringConfig(AppConfig):
    name = "meetings.expediering"
    label = "expediering"
    verbose_name = _("Expediering")
