"""A vacancy's and an application's lives as transition tables (portal.workflow).

Vacancy (after python.org's job board): the employer drafts and submits; staff publish it or
return it with a reason; the employer changes a returned vacancy and submits it again; a
published vacancy is closed (by the employer, by staff, or by the system when its positions are
filled or its close date passed) or withdrawn by the employer.

Application (after Frappe HR's applicants → interviews → offers): the employer shortlists,
arranges an interview, offers, rejects, records the placement and its completion; the youth
accepts or declines an offer, or withdraws.

Roles on an object: "employer" (a user of the vacancy's employer, or an operator of the base the
employer posts for), "applicant" (the youth who applied), "staff" (HR bureau staff) and "system"
(the beat jobs, the service that closes a filled vacancy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from accounts import roles
from portal.workflow import NOTE_OPTIONAL, NOTE_REQUIRED, Transition, Workflow

from .models import ApplicationState as A
from .models import VacancyState as V

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    from .models import Employer

EMPLOYER, APPLICANT, STAFF, SYSTEM = "employer", "applicant", "staff", "system"

VACANCY_WORKFLOW = Workflow(
    "vacancy",
    [
        Transition("submit", (V.DRAFT, V.RETURNED), V.SUBMITTED, (EMPLOYER,), _("Submit for review")),
        Transition("publish", (V.SUBMITTED,), V.PUBLISHED, (STAFF,), _("Publish")),
        Transition(
            "return", (V.SUBMITTED,), V.RETURNED, (STAFF,), _("Return to the employer"), NOTE_REQUIRED, "reason"
        ),
        Transition("close", (V.PUBLISHED,), V.CLOSED, (EMPLOYER, STAFF, SYSTEM), _("Close"), NOTE_OPTIONAL),
        Transition(
            "withdraw",
            (V.DRAFT, V.SUBMITTED, V.RETURNED, V.PUBLISHED),
            V.WITHDRAWN,
            (EMPLOYER,),
            _("Withdraw"),
            NOTE_OPTIONAL,
        ),
    ],
    state_label=lambda state: V(state).label,
)

# What the employer may still change (details): not a transition.
VACANCY_EDITABLE = (V.DRAFT, V.RETURNED)

APPLICATION_WORKFLOW = Workflow(
    "application",
    [
        Transition("shortlist", (A.SUBMITTED,), A.SHORTLISTED, (EMPLOYER,), _("Shortlist")),
        Transition(
            "interview", (A.SUBMITTED, A.SHORTLISTED, A.INTERVIEW), A.INTERVIEW, (EMPLOYER,), _("Arrange an interview")
        ),
        Transition("offer", (A.SHORTLISTED, A.INTERVIEW), A.OFFERED, (EMPLOYER,), _("Make an offer")),
        Transition(
            "reject",
            (A.SUBMITTED, A.SHORTLISTED, A.INTERVIEW),
            A.REJECTED,
            (EMPLOYER,),
            _("Turn down"),
            NOTE_REQUIRED,
            "reason",
        ),
        Transition("accept", (A.OFFERED,), A.ACCEPTED, (APPLICANT,), _("Accept the offer")),
        Transition("decline", (A.OFFERED,), A.DECLINED, (APPLICANT,), _("Decline the offer"), NOTE_OPTIONAL),
        Transition("place", (A.ACCEPTED,), A.PLACED, (EMPLOYER,), _("Record the placement")),
        Transition("complete", (A.PLACED,), A.COMPLETED, (EMPLOYER, STAFF), _("Record completion")),
        Transition(
            "withdraw",
            (A.SUBMITTED, A.SHORTLISTED, A.INTERVIEW, A.OFFERED),
            A.WITHDRAWN,
            (APPLICANT,),
            _("Withdraw the application"),
            NOTE_OPTIONAL,
        ),
    ],
    state_label=lambda state: A(state).label,
)

# The actions the employer's users may take without being asked for more than a note.
EMPLOYER_APPLICATION_ACTIONS = ("shortlist", "interview", "offer", "reject", "place", "complete")


def is_employer_user(user: User | AnonymousUser, employer: Employer) -> bool:
    """A user of the employer (with the employer role), or an operator of the base it posts for.
    Reads `employer.users` and the base's operators: callers prefetch them on list pages."""
    if not user.is_authenticated:
        return False
    if roles.has_role(user, roles.EMPLOYER) and any(u.pk == user.pk for u in employer.users.all()):
        return True
    if employer.base is not None and roles.has_role(user, roles.BASE_OPERATOR):
        return any(u.pk == user.pk for u in employer.base.operators.all())
    return False


def vacancy_roles(user: User | AnonymousUser, employer: Employer) -> frozenset[str]:
    found: set[str] = set()
    if is_employer_user(user, employer):
        found.add(EMPLOYER)
    if roles.is_bureau_staff(user):
        found.add(STAFF)
    return frozenset(found)


def application_roles(user: User | AnonymousUser, *, applicant_id: int, employer: Employer) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    if applicant_id == user.pk:
        return frozenset({APPLICANT})  # nobody handles their own application
    return vacancy_roles(user, employer)
