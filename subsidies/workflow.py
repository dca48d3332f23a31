"""The claim's life as one transition table (portal.workflow): from which states, to which state,
which role, and whether a note is required. The services enforce it (`check`), the claim page
offers its buttons (`actions_for`) and the API routes its actions (`CLAIM_WORKFLOW.actions`).

Roles on a claim: "applicant" (the person who made it) and the bureau's "reviewer" and
"approver" (superusers act as both). Four eyes: nobody reviews or decides their own claim (the
applicant holds only "applicant" on it), and the reviewer who recommended a claim does not
approve it.

A reviewer may return, recommend or reject a claim still waiting for review (submitted or
resubmitted): the service passes it through "in review" first, with its own transition row, so
one action does both (the API's clients need no separate start).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from accounts import roles
from portal.errors import NotAllowed
from portal.workflow import NOTE_OPTIONAL, NOTE_REQUIRED, Transition, Workflow

from .models import UNDECIDED_STATES, ClaimState

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    from .models import Claim

APPLICANT, REVIEWER, APPROVER = "applicant", roles.REVIEWER, roles.APPROVER

WAITING_FOR_REVIEW = (ClaimState.SUBMITTED, ClaimState.RESUBMITTED)
REVIEWABLE = (*WAITING_FOR_REVIEW, ClaimState.IN_REVIEW)
# What the applicant may still change (details, documents): not a transition.
EDITABLE_STATES = (ClaimState.DRAFT, ClaimState.RETURNED)


def document_removable(*, state: str, returned_at: datetime | None, uploaded_at: datetime) -> bool:
    """The applicant may take back a document (a duplicate, the wrong file) while the claim is a
    draft, and on a returned claim the documents added since it came back: what staff have seen
    stays with the claim."""
    if state == ClaimState.DRAFT:
        return True
    return state == ClaimState.RETURNED and returned_at is not None and uploaded_at > returned_at


def _state_label(state: str) -> str:
    return str(ClaimState(state).label)


CLAIM_WORKFLOW = Workflow(
    "claim",
    [
        Transition("submit", (ClaimState.DRAFT,), ClaimState.SUBMITTED, (APPLICANT,), _("Submit the claim")),
        Transition(
            "withdraw",
            UNDECIDED_STATES,
            ClaimState.WITHDRAWN,
            (APPLICANT,),
            _("Withdraw the claim"),
            note=NOTE_OPTIONAL,
        ),
        Transition("start-review", WAITING_FOR_REVIEW, ClaimState.IN_REVIEW, (REVIEWER,), _("Start the review")),
        Transition("return", REVIEWABLE, ClaimState.RETURNED, (REVIEWER,), _("Return"), note=NOTE_REQUIRED),
        Transition(
            "return", (ClaimState.RECOMMENDED,), ClaimState.RETURNED, (APPROVER,), _("Return"), note=NOTE_REQUIRED
        ),
        Transition(
            "resubmit",
            (ClaimState.RETURNED,),
            ClaimState.RESUBMITTED,
            (APPLICANT,),
            _("Resubmit the claim"),
            note=NOTE_OPTIONAL,
        ),
        Transition("recommend", REVIEWABLE, ClaimState.RECOMMENDED, (REVIEWER,), _("Recommend"), note=NOTE_OPTIONAL),
        Transition(
            "approve",
            (ClaimState.RECOMMENDED,),
            ClaimState.APPROVED,
            (APPROVER,),
            _("Approve"),
            note=NOTE_OPTIONAL,
            note_field="reason",
        ),
        Transition(
            "reject", REVIEWABLE, ClaimState.REJECTED, (REVIEWER,), _("Reject"), note=NOTE_REQUIRED, note_field="reason"
        ),
        Transition(
            "reject",
            (ClaimState.RECOMMENDED,),
            ClaimState.REJECTED,
            (APPROVER,),
            _("Reject"),
            note=NOTE_REQUIRED,
            note_field="reason",
        ),
    ],
    state_label=_state_label,
)

STAFF_ACTIONS = frozenset(t.action for t in CLAIM_WORKFLOW.transitions if set(t.roles) & {REVIEWER, APPROVER})


def _staff_roles(user: User | AnonymousUser) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(role for role in (REVIEWER, APPROVER) if user.is_superuser or roles.has_role(user, role))


def claim_roles(claim: Claim, user: User | AnonymousUser) -> frozenset[str]:
    """The workflow's roles this person holds on this claim: only "applicant" on their own claim
    (four eyes), else their bureau roles."""
    if not user.is_authenticated:
        return frozenset()
    if claim.applicant_id == user.pk:
        return frozenset({APPLICANT})
    return _staff_roles(user)


def four_eyes_refusal(claim: Claim, user: User | AnonymousUser, action: str) -> NotAllowed | None:
    """Why four eyes forbid this person this action on this claim (None: they do not)."""
    if action in STAFF_ACTIONS and claim.applicant_id == user.pk and _staff_roles(user):
        return NotAllowed(_("You cannot review or decide your own claim."))
    if action == "approve" and claim.recommended_by_id is not None and claim.recommended_by_id == user.pk:
        return NotAllowed(_("You recommended this claim: another approver must decide it."))
    return None


def check(claim: Claim, user: User, action: str, *, note: str | None = None) -> Transition:
    """The transition allowing it, or the refusal (NotAllowed, WrongState, InvalidInput)."""
    refusal = four_eyes_refusal(claim, user, action)
    if refusal is not None:
        raise refusal
    return CLAIM_WORKFLOW.check(action, claim.state, claim_roles(claim, user), note=note)


def actions_for(claim: Claim, user: User | AnonymousUser) -> list[Transition]:
    """What this person may do to this claim now: the page's buttons."""
    return [
        t
        for t in CLAIM_WORKFLOW.available(claim.state, claim_roles(claim, user))
        if four_eyes_refusal(claim, user, t.action) is None
    ]
