from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubatorsConfig(AppConfig):
    name = "incubators"
    verbose_name = _("Incubator bases")

    def ready(self):
        from . import cache

        cache.STATISTICS.watch(*cache.WATCHED)
