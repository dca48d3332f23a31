"""What the help pages say that is data: who to ask about each measure, the last accessibility
check, and what each part of the service's status means for a person."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# The last check of every page with axe-core (tests/journeys/test_browser_every_page.py): page
# views checked, and the serious and critical findings among them.
ACCESSIBILITY_CHECK = {"checked_pages": 0, "serious": 0, "critical": 0}

# Each measure's office is the service point staff name as its contact (Scheme.contact_place),
# with the address, hours, phone and email the places app keeps. The seeds give no telephone
# numbers, email addresses or opening hours: "to be confirmed" until the bureaus give them.
TO_BE_CONFIRMED = _("To be confirmed")


def scheme_contacts() -> list[dict[str, Any]]:
    from places.selectors import weekly_rules
    from subsidies.models import Scheme

    rows = []
    schemes = (
        Scheme.objects.filter(is_open=True)
        .select_related("contact_place")
        .prefetch_related("contact_place__opening_rules")
        .order_by("ordering", "id")
    )
    for scheme in schemes:
        place = scheme.contact_place
        rows.append(
            {
                "name": scheme.name,
                "place": place,
                "office": place.name if place else TO_BE_CONFIRMED,
                "address": place.address if place else "",
                # the week's hours are on the place's page, in the reader's language
                "has_hours": bool(place and weekly_rules(place)),
                "phone": place.contact_phone if place else "",
                "email": place.contact_email if place else "",
            }
        )
    return rows


PART_NAMES = {
    "database": (_("Applications and accounts"), _("Signing in, claims, reports and every page that shows your data.")),
    "broker": (
        _("Reminders and calculations"),
        _("Emails, reminders and the eligible amounts of claims are queued here."),
    ),
    "worker": (
        _("Background work"),
        _("Sends the emails and computes the amounts. When it stops, they wait and are done when it starts again."),
    ),
}


def status_parts(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": name, "meaning": meaning, "ok": bool(report[key]["ok"])} for key, (name, meaning) in PART_NAMES.items()
    ]
