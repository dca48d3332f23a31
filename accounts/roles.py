"""The portal's roles: Django groups created by a migration, given to users by staff.

Youth sign up themselves; mentors, base operators, place operators, employers, event organisers,
partner hotels and HR bureau staff (reviewer, approver) are roles that staff give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

YOUTH = "youth"
MENTOR = "mentor"
BASE_OPERATOR = "base_operator"
PLACE_OPERATOR = "place_operator"
EMPLOYER = "employer"
ORGANISER = "organiser"
PARTNER = "partner"
REVIEWER = "reviewer"
APPROVER = "approver"

ROLE_NAMES = {
    YOUTH: _("Youth (applicant)"),
    MENTOR: _("Mentor"),
    BASE_OPERATOR: _("Base operator"),
    PLACE_OPERATOR: _("Place operator"),
    EMPLOYER: _("Employer"),
    ORGANISER: _("Event organiser"),
    PARTNER: _("Partner hotel"),
    REVIEWER: _("HR bureau reviewer"),
    APPROVER: _("HR bureau approver"),
}
ALL_ROLES = tuple(ROLE_NAMES)
BUREAU_ROLES = (REVIEWER, APPROVER)


def role_names(user: User | AnonymousUser) -> frozenset[str]:
    """The user's role names, read once per user object (one query) and kept on it."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._portal_role_names = cached
    return cached


def has_role(user: User | AnonymousUser, role: str) -> bool:
    return role in role_names(user)


def is_bureau_staff(user: User | AnonymousUser) -> bool:
    """HR bureau staff: reviewers, approvers, and superusers."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or role_names(user) & set(BUREAU_ROLES))


def role_group(role: str):
    """The group of a role. The roles migration creates them; get_or_create keeps this working
    after a transactional test has flushed the tables."""
    from django.contrib.auth.models import Group

    if role not in ROLE_NAMES:
        raise ValueError(f"Unknown role {role!r}")
    return Group.objects.get_or_create(name=role)[0]
