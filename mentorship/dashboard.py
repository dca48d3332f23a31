"""Panels on /<lang>/dashboard/: the mentor's entitlement, the mentee's mentor, staff work."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from accounts.roles import MENTOR, YOUTH, has_role, is_bureau_staff

from . import rules, selectors
from .models import Mentee, Mentor, MentorRelationship


def panels(request) -> list[dict]:
    user = request.user
    result: list[dict] = []
    mentor = selectors.mentor_for_user(user)
    if mentor is not None or has_role(user, MENTOR):
        panel = {
            "title": _("GBA Workplace Mentor Programme: my mentees"),
            "template": "mentorship/_dashboard_mentor.html",
        }
        panel["mentor"] = mentor
        if mentor is not None and mentor.status == Mentor.Status.APPROVED:
            panel["entitlement"] = selectors.mentor_entitlement(mentor)
            panel["active"] = mentor.relationships.filter(selectors.active_on(selectors.today())).count()
        if mentor is not None:
            result.append(panel)
    if has_role(user, YOUTH):
        mentee = selectors.mentee_for_user(user)
        result.append(
            {
                "title": _("My mentor"),
                "template": "mentorship/_dashboard_mentee.html",
                "mentee": mentee,
                "relationships": list(
                    mentee.relationships.filter(selectors.active_on(selectors.today())).select_related("mentor")
                )
                if mentee
                else [],
            }
        )
    if is_bureau_staff(user):
        today = selectors.today()
        result.append(
            {
                "title": _("GBA Workplace Mentor Programme"),
                "template": "mentorship/_dashboard_staff.html",
                "applications": Mentor.objects.filter(status=Mentor.Status.APPLIED).count(),
                "waiting": Mentee.objects.filter(wants_mentor=True).count(),
                "ending": MentorRelationship.objects.filter(
                    ended_on__isnull=True,
                    end_date__gte=today,
                    end_date__lte=today + dt.timedelta(days=rules.ENDING_WITHIN_DAYS),
                ).count(),
            }
        )
    return result
