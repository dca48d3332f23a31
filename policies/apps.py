from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policy guides")

    def ready(self):
        from . import cache

        cache.PAGES.watch(*cache.WATCHED)
