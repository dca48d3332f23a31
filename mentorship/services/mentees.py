"""Mentees (学员): registering, and the history of their employment status."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.errors import InvalidInput, NotAllowed
from portal.invariants import known

from .. import selectors
from ..models import Mentee, MenteeStatusChange, Mentor
from ._common import _event, _require_staff


def mentee_register(
    *,
    user: User,
    status: str,
    status_since: dt.date,
    acting_user: User,
    wants_mentor: bool | None = None,
    requested_mentor: Mentor | None = None,
    interests: str | None = None,
) -> Mentee:
    """A young person becomes a mentee (asking for a mentor, or registered by staff). Registering
    again updates the profile and records a status change if the status changed."""
    if acting_user.pk != user.pk:
        _require_staff(acting_user)
    if status not in Mentee.Status.values:
        raise InvalidInput.on("status", _("Choose employed or unemployed."))
    if status_since > selectors.today():
        raise InvalidInput.on("status_since", _("The date cannot be in the future."))
    if requested_mentor is not None and requested_mentor.status != Mentor.Status.APPROVED:
        raise InvalidInput.on("requested_mentor", _("This mentor is not approved."))
    with transaction.atomic(durable=True):
        mentee, created = Mentee.objects.select_for_update().get_or_create(
            user=user, defaults={"status": status, "status_since": status_since}
        )
        # What is not given is kept: registering again to report a new status keeps the request.
        if wants_mentor is not None:
            mentee.wants_mentor = wants_mentor
        if requested_mentor is not None:
            mentee.requested_mentor = requested_mentor
        if interests is not None:
            mentee.interests = interests
        mentee.save(update_fields=["wants_mentor", "requested_mentor", "interests"])
        _record_status(mentee, status=status, since=status_since, acting_user=acting_user)
        _event("mentee_registered", actor=acting_user, mentee=mentee.pk, status=status, status_since=status_since)
    return mentee


def _record_status(mentee: Mentee, *, status: str, since: dt.date, acting_user: User | None) -> None:
    MenteeStatusChange.objects.update_or_create(
        mentee=mentee, since=since, defaults={"status": status, "recorded_by": acting_user}
    )
    latest = mentee.status_changes.order_by("-since").first()
    latest = known(latest, "latest")  # the change just written
    mentee.status, mentee.status_since = latest.status, latest.since
    mentee.save(update_fields=["status", "status_since"])


def mentee_change_status(*, mentee: Mentee, status: str, since: dt.date, acting_user: User) -> Mentee:
    """Record that the mentee became employed / unemployed on `since` (the mentee, their mentor
    or staff)."""
    allowed = (
        acting_user.pk == mentee.user_id
        or is_bureau_staff(acting_user)
        or mentee.relationships.filter(mentor__user_id=acting_user.pk).exists()
    )
    if not allowed:
        raise NotAllowed(_("You cannot change this mentee's status."))
    if status not in Mentee.Status.values:
        raise InvalidInput.on("status", _("Choose employed or unemployed."))
    if since > selectors.today():
        raise InvalidInput.on("since", _("The date cannot be in the future."))
    with transaction.atomic(durable=True):
        mentee = Mentee.objects.select_for_update().get(pk=mentee.pk)
        _record_status(mentee, status=status, since=since, acting_user=acting_user)
        _event("mentee_status_changed", actor=acting_user, mentee=mentee.pk, status=status, since=since)
    return mentee
