"""The policies panels of /<lang>/dashboard/: drafts waiting and guides missing a language for HR
bureau staff; the eligibility checker for young people."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import YOUTH, has_role

from . import selectors
from .models import Policy


def panels(request) -> list[dict]:
    user = request.user
    result = []
    if selectors.can_see_drafts(user):
        summary = selectors.staff_summary()
        result.append(
            {
                "title": _("Policy guides"),
                "template": "policies/dashboard_staff.html",
                "drafts": summary["drafts"],
                "missing_language": summary["missing_language"],
                "recent_drafts": list(
                    Policy.objects.filter(status=Policy.Status.DRAFT)
                    .order_by("-updated_at")
                    .only("pk", "slug", "title")[:5]
                ),
            }
        )
    if has_role(user, YOUTH):
        result.append({"title": _("Policies for you"), "template": "policies/dashboard_youth.html"})
    return result
