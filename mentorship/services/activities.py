"""Public-welfare activities related to HK/Macau youth employment, to which the HR bureau invites
approved mentors (1,000 RMB per activity attended), and their attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotAllowed

from .. import selectors
from ..models import ActivityInvitation, Mentor, PublicWelfareActivity
from ._common import _enqueue_recompute, _event, _require_staff


def activity_create(
    *, acting_user: User, date: dt.date, invite: Sequence[Mentor] = (), **fields: Any
) -> PublicWelfareActivity:
    """Staff create an activity and invite mentors to it: approved mentors only (the programme's
    mentors are those the bureau approved; an applicant is not one yet)."""
    _require_staff(acting_user)
    if any(mentor.status != Mentor.Status.APPROVED for mentor in invite):
        raise InvalidInput.on("invite", _("Only approved mentors can be invited."))
    with transaction.atomic(durable=True):
        activity = PublicWelfareActivity.objects.create(date=date, created_by=acting_user, **fields)
        for mentor in invite:
            ActivityInvitation.objects.get_or_create(activity=activity, mentor=mentor)
        _event("activity_created", actor=acting_user, activity=activity.pk, invited=[m.pk for m in invite])
    return activity


def attendance_record(*, activity: PublicWelfareActivity, mentor_id: int, acting_user: User) -> ActivityInvitation:
    """A mentor attended an activity they were invited to (recorded by staff, or by the mentor)."""
    with transaction.atomic(durable=True):
        invitation = (
            ActivityInvitation.objects.select_for_update()
            .select_related("mentor")
            .filter(activity=activity, mentor_id=mentor_id)
            .first()
        )
        if invitation is None:
            raise InvalidInput.on("mentor", _("This mentor was not invited to the activity."))
        if invitation.mentor.user_id != acting_user.pk and not is_bureau_staff(acting_user):
            raise NotAllowed(_("You can only record your own attendance."))
        if activity.date > selectors.today():
            raise InvalidInput.on("mentor", _("Attendance can be recorded once the activity has taken place."))
        if invitation.attended:
            raise InvalidInput.on("mentor", _("Attendance was already recorded."))
        invitation.attended = True
        invitation.attendance_recorded_at = timezone.now()
        invitation.attendance_recorded_by = acting_user
        invitation.save(update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"])
        _event("attendance_recorded", actor=acting_user, mentor=invitation.mentor, activity=activity.pk)
        record(acting_user, AuditAction.ATTENDANCE_CONFIRMED, invitation, activity=activity.pk, mentor=mentor_id)
        _enqueue_recompute(mentor_id)
    return invitation
