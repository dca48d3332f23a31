"""Public-welfare activities on the HR bureau's invitation, and attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.audit import AuditAction, record

from .. import selectors
from ..models import ActivityInvitation, Mentor, PublicWelfareActivity
from ._common import _audit, _enqueue_recompute, _require_staff


def activity_create(
    *, acting_user: User, date: dt.date, invite: list[Mentor] | tuple[Mentor, ...] = (), **fields: Any
) -> PublicWelfareActivity:
    _require_staff(acting_user)
    with transaction.atomic(durable=True):
        activity = PublicWelfareActivity.objects.create(date=date, created_by=acting_user, **fields)
        for mentor in invite:
            ActivityInvitation.objects.get_or_create(activity=activity, mentor=mentor)
        _audit("activity_created", actor=acting_user, activity=activity.pk, invited=[m.pk for m in invite])
    return activity


def activity_invite(*, activity: PublicWelfareActivity, mentors: list[Mentor], acting_user: User) -> int:
    _require_staff(acting_user)
    created = 0
    with transaction.atomic(durable=True):
        for mentor in mentors:
            if mentor.status != Mentor.Status.APPROVED:
                raise ValidationError({"mentor": _("Only approved mentors can be invited.")})
            created += ActivityInvitation.objects.get_or_create(activity=activity, mentor=mentor)[1]
        _audit("activity_invited", actor=acting_user, activity=activity.pk, invited=[m.pk for m in mentors])
    return created


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
            raise ValidationError({"mentor": _("This mentor was not invited to the activity.")})
        if invitation.mentor.user_id != acting_user.pk and not is_bureau_staff(acting_user):
            raise PermissionDenied(_("You can only record your own attendance."))
        if activity.date > selectors.today():
            raise ValidationError({"mentor": _("Attendance can be recorded once the activity has taken place.")})
        if invitation.attended:
            raise ValidationError({"mentor": _("Attendance was already recorded.")})
        invitation.attended = True
        invitation.attendance_recorded_at = timezone.now()
        invitation.attendance_recorded_by = acting_user
        invitation.save(update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"])
        _audit("attendance_recorded", actor=acting_user, mentor=invitation.mentor, activity=activity.pk)
        record(acting_user, AuditAction.ATTENDANCE_CONFIRMED, invitation, activity=activity.pk, mentor=mentor_id)
        _enqueue_recompute(mentor_id)
    return invitation
