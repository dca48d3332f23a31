"""Mentor-mentee relationships (师生关系): matching under the five-mentee limit, ending early
(`workflow.RELATIONSHIP`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal import capacity
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotAllowed, NotFound

from .. import rules, selectors
from ..models import Mentee, Mentor, MentorRelationship
from ..workflow import RELATIONSHIP, roles_of
from ._common import _enqueue_recompute, _event


def relationship_create(
    *,
    mentor_id: int,
    mentee_id: int,
    start_date: dt.date,
    acting_user: User,
    second_mentor: bool = False,
) -> MentorRelationship:
    """Match a mentee with a mentor for one year from `start_date`: no earlier than the
    programme's launch, no later than `rules.START_AHEAD_DAYS` ahead. A mentee has one mentor at
    a time; staff may decide otherwise (`second_mentor`, refused from anyone else).

    Race-sensitive: two requests at the same moment must not give a mentor a sixth mentee. The
    portal's capacity idiom (`portal.capacity`):
    1. lock the mentor row: a second request for the same mentor waits here until the first
       commits;
    2. read the mentor's relationships (first and last active day) *after* the lock, so the
       waiting request sees the one just committed, and count the busiest day of the new year
       (`rules.max_active_on_any_day`);
    3. `require_room`: CapacityFull if on that day the mentor would have more than five;
    4. lock the mentee row too (always after the mentor's, so two requests never wait for each
       other in turn), and count the mentee's relationships with other mentors over the same
       year: two mentors taking on one mentee at the same moment give one relationship;
    5. insert, write the timeline row, and recompute the entitlement after commit.
    Staff match anyone; a mentor may take on a mentee themselves.
    """
    refusal = rules.relationship_start_refusal(
        start=start_date, launch=selectors.programme_launch(), today=selectors.today()
    )
    if refusal:
        raise InvalidInput.on("start_date", refusal)
    staff = is_bureau_staff(acting_user)
    if second_mentor and not staff:
        raise NotAllowed(_("Only staff can give a mentee a second mentor."))
    with transaction.atomic(durable=True):
        try:
            mentor = capacity.locked(Mentor.objects.all(), pk=mentor_id)
        except NotFound:
            raise InvalidInput.on("mentor", _("No such mentor.")) from None
        if not staff and mentor.user_id != acting_user.pk:
            raise NotAllowed(_("You can only take on mentees yourself."))
        if mentor.status != Mentor.Status.APPROVED:
            raise InvalidInput.on("mentor", _("This mentor has not been approved."))
        try:
            mentee = capacity.locked(Mentee.objects.select_related("user"), pk=mentee_id)
        except NotFound:
            raise InvalidInput.on("mentee", _("No such mentee.")) from None
        if mentee.user_id == mentor.user_id:
            raise InvalidInput.on("mentee", _("A mentor cannot be their own mentee."))
        if MentorRelationship.objects.filter(mentor=mentor, mentee=mentee).exists():
            raise InvalidInput.on("mentee", _("This mentee already has a relationship with this mentor."))
        try:
            end_date = rules.relationship_end_date(start_date)
        except (ValueError, OverflowError):  # a year later is past the calendar (9999-12-31)
            raise InvalidInput.on("start_date", _("Enter a start date within the programme's years.")) from None
        existing = [
            (first, ended_on or end)
            for first, end, ended_on in MentorRelationship.objects.filter(mentor=mentor).values_list(
                "start_date", "end_date", "ended_on"
            )
        ]
        capacity.require_room(
            capacity=rules.MAX_ACTIVE_MENTEES,
            taken=rules.max_active_on_any_day(existing, start_date, end_date),
            message=rules.capacity_message(),
            field="start_date",
        )
        if not second_mentor:
            mentors = [
                (first, ended_on or end)
                for first, end, ended_on in MentorRelationship.objects.filter(mentee=mentee).values_list(
                    "start_date", "end_date", "ended_on"
                )
            ]
            capacity.require_room(
                capacity=rules.MAX_ACTIVE_MENTORS,
                taken=rules.max_active_on_any_day(mentors, start_date, end_date),
                message=rules.one_mentor_message(),
                reason="mentee_has_mentor",
                field="mentee",
            )
        relationship = MentorRelationship.objects.create(
            mentor=mentor, mentee=mentee, start_date=start_date, end_date=end_date, created_by=acting_user
        )
        if mentee.wants_mentor:
            Mentee.objects.filter(pk=mentee.pk).update(wants_mentor=False)
        detail = {"second_mentor": True} if second_mentor else {}
        _event(
            "relationship_created",
            actor=acting_user,
            mentor=mentor,
            relationship=relationship,
            start=start_date,
            **detail,
        )
        _enqueue_recompute(mentor.pk)
    return relationship


def relationship_end(
    *, relationship: MentorRelationship, ended_on: dt.date, reason: str, acting_user: User
) -> MentorRelationship:
    """Staff end a relationship early, with a reason (`workflow.RELATIONSHIP`'s "end"). Services
    after `ended_on` are refused from then on; the mentor's place is free from the next day."""
    with transaction.atomic(durable=True):
        relationship = (
            MentorRelationship.objects.select_for_update(of=("self",))
            .select_related("mentor", "mentee")
            .get(pk=relationship.pk)
        )
        state = relationship.state_on(selectors.today())
        RELATIONSHIP.check("end", state, roles_of(acting_user, relationship), note=reason)
        if not relationship.start_date <= ended_on <= relationship.end_date:
            raise InvalidInput.on("ended_on", _("The end must fall within the relationship's dates."))
        if relationship.services.filter(date__gt=ended_on).exists():
            raise InvalidInput.on("ended_on", _("Services were logged after that date."))
        relationship.ended_on = ended_on
        relationship.end_reason = reason
        relationship.save(update_fields=["ended_on", "end_reason"])
        # The reason is on the relationship (its page shows it), never in the event or the audit log.
        _event("relationship_ended", actor=acting_user, relationship=relationship, ended_on=ended_on)
        record(acting_user, AuditAction.RELATIONSHIP_ENDED, relationship, ended_on=ended_on)
        _enqueue_recompute(relationship.mentor_id)
    return relationship
