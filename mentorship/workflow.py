"""The programme's two workflows as tables (`portal.workflow`): who may do what, from which state.

- The mentor application: applied → approved or rejected, decided by HR bureau staff; a rejection
  needs a reason (the applicant reads it), an approval may have a note. A rejected application can
  still be approved later (a second look); an approved mentor is not rejected.
- The relationship: its state is its dates (`rules.relationship_state`: not started yet, active,
  year completed) until staff end it early, with a reason (`ended`). A relationship is made active
  by matching (staff, or a mentor taking on a mentee: `services.relationship_create`); no one
  requests or accepts one in the portal.

The services enforce the tables (`check`); the pages offer `available(state, roles)` as their
buttons and links; the API has one route per action (`actions`). `roles_of` is the one place that
says which of the tables' roles a person holds on an object.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.workflow import NOTE_OPTIONAL, NOTE_REQUIRED, Transition, Workflow

from .models import Mentor, MentorRelationship, RelationshipState

# The roles of the tables: the HR bureau's reviewers and approvers (and superusers) are `staff`;
# the others are relations to the object.
STAFF = "staff"
APPLICANT = "applicant"  # the person a mentor application is for
MENTOR = "mentor"  # the relationship's mentor
MENTEE = "mentee"  # the relationship's mentee

MENTOR_APPLICATION = Workflow(
    "mentor_application",
    [
        Transition(
            "approve",
            (Mentor.Status.APPLIED, Mentor.Status.REJECTED),
            Mentor.Status.APPROVED,
            (STAFF,),
            label=_("Approve"),
            note=NOTE_OPTIONAL,
        ),
        Transition(
            "reject",
            (Mentor.Status.APPLIED,),
            Mentor.Status.REJECTED,
            (STAFF,),
            label=_("Reject"),
            note=NOTE_REQUIRED,
        ),
    ],
    state_label=lambda state: Mentor.Status(state).label,
)

RELATIONSHIP = Workflow(
    "mentor_relationship",
    [
        Transition(
            "end",
            (RelationshipState.UPCOMING, RelationshipState.ACTIVE, RelationshipState.COMPLETED),
            RelationshipState.ENDED,
            (STAFF,),
            label=_("End early"),
            note=NOTE_REQUIRED,
            note_field="reason",
        ),
    ],
    state_label=lambda state: RelationshipState(state).label,
)


def roles_of(user: User | AnonymousUser, obj: Mentor | MentorRelationship) -> frozenset[str]:
    """The roles `user` holds on a mentor application or a relationship (none: a stranger to it).
    A relationship needs its mentor and mentee loaded (`select_related("mentor", "mentee")`) to
    answer without a query of its own, beside the user's portal roles (read once per user)."""
    if not user.is_authenticated:
        return frozenset()
    roles = {STAFF} if is_bureau_staff(user) else set()
    if isinstance(obj, Mentor):
        if obj.user_id == user.pk:
            roles.add(APPLICANT)
    else:
        if obj.mentor.user_id == user.pk:
            roles.add(MENTOR)
        if obj.mentee.user_id == user.pk:
            roles.add(MENTEE)
    return frozenset(roles)


def relationship_state(relationship: MentorRelationship, day: dt.date | None = None) -> str:
    """The relationship's state on `day` (today, in the portal's time zone, by default)."""
    from django.utils import timezone

    return relationship.state_on(day or timezone.localdate())
