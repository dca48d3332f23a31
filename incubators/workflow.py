"""The monthly report's two workflows, each declared once (portal.workflow): the services enforce
them, the pages offer what they allow, the API routes their actions.

**Correction** (CorrectionStatus). Counts "to date" never fall (DOMAIN.md) unless staff accept a
correction: an operator whose report lowers one gives a reason, and saving files the correction
("file"); saving figures that no longer fall withdraws it ("withdraw"). Both are taken by saving
the report (`BY_SAVING`: the report form, the API's POST of a report), never by a button. HR
bureau staff then accept or reject it; a rejected correction is filed again when the operator
saves the report again.

**Anomaly flag** (FlagStatus). A figure that looks wrong without breaking a rule is saved and
flagged; staff confirm it, or query it with the operators, saying what to check.

Roles: the portal's roles, "superuser", and "operator" for someone who operates the report's base
(`selectors.roles_on_base` says which a person holds).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import APPROVER, REVIEWER
from portal.workflow import NOTE_NONE, NOTE_OPTIONAL, NOTE_REQUIRED, Transition, Workflow

from .models import CorrectionStatus, FlagStatus

OPERATOR = "operator"  # operates the report's base
SUPERUSER = "superuser"
STAFF = (REVIEWER, APPROVER, SUPERUSER)

_CORRECTION_STATES = {
    CorrectionStatus.NONE: _("without a correction"),
    CorrectionStatus.PENDING: _("awaiting staff"),
    CorrectionStatus.ACCEPTED: _("accepted"),
    CorrectionStatus.REJECTED: _("rejected"),
}
_FLAG_STATES = {
    FlagStatus.OPEN: _("open"),
    FlagStatus.CONFIRMED: _("confirmed"),
    FlagStatus.QUERIED: _("queried"),
}

CORRECTION = Workflow(
    "report correction",
    [
        Transition(
            "file",
            sources=(
                CorrectionStatus.NONE,
                CorrectionStatus.PENDING,
                CorrectionStatus.ACCEPTED,
                CorrectionStatus.REJECTED,
            ),
            target=CorrectionStatus.PENDING,
            roles=(OPERATOR,),
            label=_("File a correction"),
            note=NOTE_REQUIRED,
            note_field="correction_reason",
        ),
        Transition(
            "withdraw",
            sources=(CorrectionStatus.PENDING, CorrectionStatus.ACCEPTED, CorrectionStatus.REJECTED),
            target=CorrectionStatus.NONE,
            roles=(OPERATOR,),
            label=_("Withdraw the correction"),
            note=NOTE_NONE,
        ),
        Transition(
            "accept",
            sources=(CorrectionStatus.PENDING,),
            target=CorrectionStatus.ACCEPTED,
            roles=STAFF,
            label=_("Accept the correction"),
            note=NOTE_OPTIONAL,
        ),
        Transition(
            "reject",
            sources=(CorrectionStatus.PENDING,),
            target=CorrectionStatus.REJECTED,
            roles=STAFF,
            label=_("Reject the correction"),
            note=NOTE_OPTIONAL,
        ),
    ],
    state_label=lambda state: _CORRECTION_STATES.get(state, state),
)

FLAG = Workflow(
    "anomaly flag",
    [
        Transition(
            "confirm",
            sources=(FlagStatus.OPEN,),
            target=FlagStatus.CONFIRMED,
            roles=STAFF,
            label=_("Confirm the figure"),
            note=NOTE_OPTIONAL,
        ),
        Transition(
            "query",
            sources=(FlagStatus.OPEN,),
            target=FlagStatus.QUERIED,
            roles=STAFF,
            label=_("Query it with the operator"),
            note=NOTE_REQUIRED,
        ),
    ],
    state_label=lambda state: _FLAG_STATES.get(state, state),
)

# Taken by saving the report (services.report_save), not by a button or an action route.
BY_SAVING = frozenset({"file", "withdraw"})


def decisions(workflow: Workflow) -> list[str]:
    """The actions a page offers as a choice and the API routes as `<action>`."""
    return [action for action in workflow.actions if action not in BY_SAVING]


def may_decide(workflow: Workflow, roles: frozenset[str]) -> bool:
    """Whether someone with `roles` may take any of the workflow's decisions from some state: who
    may open its forms at all (anyone else is refused before their input is read)."""
    return any(role in roles for t in workflow.transitions if t.action not in BY_SAVING for role in t.roles)


def flag_action_to(status: str) -> str | None:
    """The flag decision that leads to `status` (the page's form gives the status chosen)."""
    return next((t.action for t in FLAG.transitions if t.target == status), None)
