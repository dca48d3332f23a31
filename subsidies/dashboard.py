"""Panels on /<lang>/dashboard/: the applicant's claims; the staff's queue."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts import roles

from .models import Claim, ClaimState


def panels(request) -> list[dict]:
    user = request.user
    result = []
    if any(roles.has_role(user, r) for r in (roles.YOUTH, roles.MENTOR, roles.BASE_OPERATOR)):
        claims = list(Claim.objects.filter(applicant=user).select_related("scheme").order_by("-created_at")[:5])
        result.append(
            {
                "title": _("My subsidy claims"),
                "template": "subsidies/panel_applicant.html",
                "claims": claims,
                "returned": sum(1 for c in claims if c.state == ClaimState.RETURNED),
            }
        )
    if roles.is_bureau_staff(user):
        counts = dict(
            Claim.objects.filter(
                state__in=[
                    ClaimState.SUBMITTED,
                    ClaimState.RESUBMITTED,
                    ClaimState.IN_REVIEW,
                    ClaimState.RECOMMENDED,
                    ClaimState.APPROVED,
                ]
            )
            .values_list("state")
            .annotate(n=Count("id"))
        )
        rows = [
            (ClaimState(s).label, counts.get(s, 0))
            for s in (
                ClaimState.SUBMITTED,
                ClaimState.RESUBMITTED,
                ClaimState.IN_REVIEW,
                ClaimState.RECOMMENDED,
                ClaimState.APPROVED,
            )
        ]
        result.append({"title": _("Subsidy claims to handle"), "template": "subsidies/panel_staff.html", "rows": rows})
    return result
