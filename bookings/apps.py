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


def base_month_use(base, period):
    """The use of a base's free desks and laboratory in a month, for its monthly report
    (incubators.report_extras): each resource at the base's place, from its bookings."""
    from django.utils.translation import gettext as _

    from incubators.report_extras import MonthFigures

    from . import selectors
    from .models import ResourceKind

    resources = selectors.resource_queryset().filter(
        place__base=base, kind__in=(ResourceKind.DESK_POOL, ResourceKind.LAB)
    )
    return [
        MonthFigures(
            heading=str(row.resource.name),
            rows=[
                (
                    _("Booked"),
                    _("%(booked)s of %(offered)s") % {"booked": row.units_booked, "offered": row.units_offered},
                ),
                (_("Occupancy"), f"{row.occupancy}%"),
                (_("No-shows"), f"{row.no_shows} ({row.no_show_rate}%)"),
            ],
        )
        for row in selectors.usage(period, resources.order_by("slug"))
    ]


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Free spaces and accommodation")

    def ready(self):
        from incubators import report_extras
        from portal.audit import label_detail_values

        report_extras.register(base_month_use)  # a base's monthly report shows its desks' and lab's use

        # the audit log names a booking's resource and unit: "Resource: Youth hostel, Unit: Night"
        label_detail_values("bookings.booking", "resource", resource_names)
        label_detail_values("bookings.booking", "unit", unit_labels)
