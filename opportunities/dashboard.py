"""The opportunities panel of /<lang>/dashboard/: an employer's (or a posting base's operators')
way to their vacancies, and for HR bureau staff the vacancies waiting for their review."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import BASE_OPERATOR, EMPLOYER, has_role, is_bureau_staff

from . import selectors


def panels(request) -> list[dict]:
    user = request.user
    staff = is_bureau_staff(user)
    posts = (has_role(user, EMPLOYER) or has_role(user, BASE_OPERATOR)) and selectors.employers_of(user).exists()
    if not (staff or posts):
        return []
    waiting = selectors.vacancies_waiting_for_review() if staff else None
    return [
        {
            "title": _("Internships and jobs"),
            "template": "opportunities/dashboard_panel.html",
            "posts": posts,
            "waiting": waiting,
        }
    ]
