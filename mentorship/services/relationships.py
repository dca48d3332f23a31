"""Mentor-mentee relationships (师生关系): matching under the five-mentee limit, ending early."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.audit import AuditAction, record

from .. import rules
from ..models import Mentee, Mentor, MentorRelationship
from ._common import _audit, _enqueue_recompute, _require_staff


def relationship_create(
    *, mentor_id: int, mentee_id: int, start_date: dt.date, acting_user: User
) -> MentorRelationship:
    """Match a mentee with a mentor for one year from `start_date`.

    Race-sensitive: two requests at the same moment must not give a mentor a sixth mentee.
    1. lock the mentor row (`select_for_update`): a second request for the same mentor waits here
       until the first commits;
    2. read the mentor's relationships (first and last active day) *after* the lock, so the
       waiting request sees the one just committed;
    3. refuse if on some day of the new year the mentor would have more than five;
    4. insert, audit, and recompute the entitlement after commit.
    Staff match anyone; a mentor may take on a mentee themselves.
    """
    with transaction.atomic(durable=True):
        mentor = Mentor.objects.select_for_update().filter(pk=mentor_id).first()
        if mentor is None:
            raise ValidationError({"mentor": _("No such mentor.")})
        if not is_bureau_staff(acting_user) and mentor.user_id != acting_user.pk:
            raise PermissionDenied(_("You can only take on mentees yourself."))
        if mentor.status != Mentor.Status.APPROVED:
            raise ValidationError({"mentor": _("This mentor has not been approved.")})
        mentee = Mentee.objects.filter(pk=mentee_id).select_related("user").first()
        if mentee is None:
            raise ValidationError({"mentee": _("No such mentee.")})
        if mentee.user_id == mentor.user_id:
            raise ValidationError({"mentee": _("A mentor cannot be their own mentee.")})
        if MentorRelationship.objects.filter(mentor=mentor, mentee=mentee).exists():
            raise ValidationError({"mentee": _("This mentee already has a relationship with this mentor.")})
        end_date = rules.relationship_end_date(start_date)
        existing = [
            (first, ended_on or end)
            for first, end, ended_on in MentorRelationship.objects.filter(mentor=mentor).values_list(
                "start_date", "end_date", "ended_on"
            )
        ]
        refusal = rules.capacity_refusal(existing=existing, start=start_date, end=end_date)
        if refusal:
            raise ValidationError({"start_date": refusal})
        relationship = MentorRelationship.objects.create(
            mentor=mentor, mentee=mentee, start_date=start_date, end_date=end_date, created_by=acting_user
        )
        if mentee.wants_mentor:
            Mentee.objects.filter(pk=mentee.pk).update(wants_mentor=False)
        _audit("relationship_created", actor=acting_user, mentor=mentor, relationship=relationship, start=start_date)
        _enqueue_recompute(mentor.pk)
    return relationship


def relationship_end(
    *, relationship: MentorRelationship, ended_on: dt.date, reason: str, acting_user: User
) -> MentorRelationship:
    """Staff end a relationship early, with a reason. Services after `ended_on` are refused from
    then on; the mentor's place is free from the next day."""
    _require_staff(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for ending the relationship early.")})
    with transaction.atomic(durable=True):
        relationship = MentorRelationship.objects.select_for_update().get(pk=relationship.pk)
        if relationship.ended_on:
            raise ValidationError({"ended_on": _("This relationship has already been ended.")})
        if not relationship.start_date <= ended_on <= relationship.end_date:
            raise ValidationError({"ended_on": _("The end must fall within the relationship's dates.")})
        if relationship.services.filter(date__gt=ended_on).exists():
            raise ValidationError({"ended_on": _("Services were logged after that date.")})
        relationship.ended_on = ended_on
        relationship.end_reason = reason
        relationship.save(update_fields=["ended_on", "end_reason"])
        _audit("relationship_ended", actor=acting_user, relationship=relationship, ended_on=ended_on, reason=reason)
        record(acting_user, AuditAction.RELATIONSHIP_ENDED, relationship, ended_on=ended_on)
        _enqueue_recompute(relationship.mentor_id)
    return relationship
