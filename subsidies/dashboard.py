"""Panels on /<lang>/dashboard/: the applicant's claims; the staff's queue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts import roles

from . import selectors
from .models import ClaimState


def panels(request) -> list[dict]:
    user = request.user
    result = []
    if any(roles.has_role(user, r) for r in (roles.YOUTH, roles.MENTOR, roles.BASE_OPERATOR)):
        claims = list(selectors.claims_of(user)[:5])
        result.append(
            {
                "title": _("My subsidy claims"),
                "template": "subsidies/panel_applicant.html",
                "claims": claims,
                "returned": sum(1 for c in claims if c.state == ClaimState.RETURNED),
            }
        )
    if roles.is_bureau_staff(user):
        result.append(
            {
                "title": _("Subsidy claims to handle"),
                "template": "subsidies/panel_staff.html",
                "rows": selectors.staff_queue_counts(),
            }
        )
    return result
