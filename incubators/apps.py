from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def flag_status_labels(codes):
    """A resolved anomaly flag's decision as the audit log names it (Confirmed, Queried)."""
    from .models import FlagStatus

    return dict(FlagStatus.choices)


class IncubatorsConfig(AppConfig):
    name = "incubators"
    verbose_name = _("Incubator bases")

    def ready(self):
        from portal.audit import label_detail_values

        from . import cache

        cache.STATISTICS.watch(*cache.WATCHED)
        label_detail_values("incubators.anomalyflag", "status", flag_status_labels)
