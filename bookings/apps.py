from __future__ import annotations

from collections.abc import Iterable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def resource_names(codes: Iterable[str]) -> dict[str, str]:
    """The names of the resources a page of the audit log names, in the reader's language."""
    from .models import Resource

    ids = [int(code) for code in codes if str(code).isdigit()]
    return {str(resource.pk): resource.name for resource in Resource.objects.filter(pk__in=ids)}


def unit_labels(codes: Iterable[str]) -> dict[str, object]:
    from .models import Unit

    return dict(Unit.choices)


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Free spaces and accommodation")

    def ready(self):
        from portal.audit import label_detail_values

        # the audit log names a booking's resource and unit: "Resource: Youth hostel, Unit: Night"
        label_detail_values("bookings.booking", "resource", resource_names)
        label_detail_values("bookings.booking", "unit", unit_labels)
