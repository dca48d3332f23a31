"""A claim's life: created and changed by its applicant, moved along the transition table
(subsidies/workflow.py), approved within the caps and the budget, its eligible amount computed.

Each transition runs in `transaction.atomic(durable=True)`, locks the claim (and, to decide
money, the person's other claims of the scheme and the scheme's budget row) with
`select_for_update` in primary-key order, asks the workflow whether this person may take this
action from this state, writes a ClaimTransition row in the same transaction, and sends
notifications on commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from incubators import selectors as incubator_selectors
from mentorship import services as mentorship_services
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotAllowed, NotFound, WrongState
from portal.workflow import Transition

from .. import payee, rules, selectors, workflow
from ..models import UNDECIDED_STATES, ApplicantProfile, Claim, ClaimState, ClaimTransition, Scheme, SchemeBudget
from ._common import enqueue_eligibility, lock_claim, parse_amount, require_applicant, write_transition
from .profile import applicant_profile_fill
from .reference import claim_reference_assign

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CLAIM_FIELDS = (
    "requested_amount",
    "education_level",
    "start_date",
    "end_date",
    "financing_amount",
    "company_name",
    "period",
    "registration_number",
    "base_id",
    "payee_bank",
    "payee_account_name",
    "payee_account_number",
)


@dataclass
class ClaimInput:
    requested_amount: Decimal | None = None
    education_level: str = ""
    start_date: date | None = None
    end_date: date | None = None
    financing_amount: Decimal | None = None
    company_name: str = ""
    period: str = ""
    registration_number: str = ""  # a measure given to a company (Scheme.given_to)
    base_id: int | None = None  # a measure given to a base: one the applicant operates
    payee_bank: str = ""
    payee_account_name: str = ""
    payee_account_number: str = ""


def _validate_claim_input(data: ClaimInput, window: rules.DateWindow, *, applicant: User) -> None:
    errors: dict[str, list[StrOrPromise]] = {}
    data.registration_number = rules.normalise_registration(data.registration_number)
    if data.registration_number:
        error = rules.registration_error(data.registration_number)
        if error:
            errors["registration_number"] = [error]
    if data.base_id is not None and not incubator_selectors.user_operates_base(applicant, data.base_id):
        errors["base"] = [_("Choose a base you operate.")]
    if data.requested_amount is not None and data.requested_amount < 0:
        errors["requested_amount"] = [_("The amount cannot be negative.")]
    if data.financing_amount is not None and data.financing_amount < 0:
        errors["financing_amount"] = [_("The amount cannot be negative.")]
    for field, message in rules.period_errors(data.start_date, data.end_date, window).items():
        errors[field] = [message]
    if data.education_level and data.education_level not in rules.EDUCATION_LEVELS:
        errors["education_level"] = [_("Choose an education level.")]
    account_error = payee.account_number_error(data.payee_account_number)
    if account_error:
        errors["payee_account_number"] = [account_error]
    data.payee_account_number = payee.canonical_account_number(data.payee_account_number)
    if errors:
        raise InvalidInput(_("Check the claim's details."), errors=errors)


def claim_create(
    *, applicant: User, scheme: Scheme, data: ClaimInput, identity_type: str = "", identity_number: str = ""
) -> Claim:
    """A draft claim. The applicant must have the scheme's applicant role."""
    if not roles.has_role(applicant, scheme.applicant_role):
        raise NotAllowed(_("This scheme is not open to your role."))
    if not scheme.is_open:
        raise WrongState(_("This scheme is closed."))
    _validate_claim_input(data, scheme.date_window(timezone.localdate()), applicant=applicant)
    with transaction.atomic(durable=True):
        applicant_profile_fill(user=applicant, identity_type=identity_type, identity_number=identity_number)
        claim = Claim.objects.create(
            scheme=scheme, applicant=applicant, state=ClaimState.DRAFT, **{f: getattr(data, f) for f in CLAIM_FIELDS}
        )
        ClaimTransition.objects.create(claim=claim, actor=applicant, from_state="", to_state=ClaimState.DRAFT)
        enqueue_eligibility(claim.pk)
    return claim


def require_editable(claim: Claim) -> None:
    if claim.state not in workflow.EDITABLE_STATES:
        raise WrongState(format_lazy(_("This cannot be done while it is {state}."), state=claim.get_state_display()))


def claim_update(
    *, claim_id: int, actor: User, data: ClaimInput, identity_type: str = "", identity_number: str = ""
) -> Claim:
    """The applicant changes a draft or a returned claim; the eligible amount is recomputed (by
    the task, and again by any recommendation or approval)."""
    with transaction.atomic(durable=True):
        claim = lock_claim(claim_id)
        require_applicant(claim, actor)
        require_editable(claim)
        _validate_claim_input(data, claim.scheme.date_window(selectors.claim_day(claim)), applicant=actor)
        applicant_profile_fill(user=actor, identity_type=identity_type, identity_number=identity_number)
        for f in CLAIM_FIELDS:
            setattr(claim, f, getattr(data, f))
        claim.save()
        enqueue_eligibility(claim.pk)
    return claim


def claim_submit(*, claim_id: int, actor: User, declaration: str = "") -> Claim:
    """Submit a draft: it gets its reference number (`reference.claim_reference_assign`) and,
    from the pages and the API, the declaration the applicant ticked (stored with the claim)."""
    with transaction.atomic(durable=True):
        claim = lock_claim(claim_id)
        step = workflow.check(claim, actor, "submit")
        profile = ApplicantProfile.objects.filter(user=actor).first()
        if profile is None or not profile.identity_number:
            raise InvalidInput.on("identity_number", _("Enter your identity document before submitting."))
        _require_beneficiary(claim)
        missing = selectors.claim_missing_documents(claim)
        if missing:
            names = ", ".join(str(doc.name) for doc in missing)
            raise InvalidInput.on(
                "documents", format_lazy(_("Upload the required documents first: {names}."), names=names)
            )
        claim.identity_number = profile.identity_number
        claim.submitted_at = timezone.now()
        if declaration:
            claim.declaration, claim.declared_at = declaration, claim.submitted_at
        claim_reference_assign(claim)
        write_transition(claim, actor=actor, to_state=step.target)
        enqueue_eligibility(claim.pk)
    return claim


def _require_beneficiary(claim: Claim) -> None:
    """A measure given to a company or a base names it before the claim is submitted: its cap
    and flags count that beneficiary's claims (selectors.beneficiary_q)."""
    if claim.scheme.given_to == rules.COMPANY and not claim.registration_number:
        raise InvalidInput.on("registration_number", _("Enter the company's registration number before submitting."))
    if claim.scheme.given_to == rules.BASE and claim.base_id is None:
        raise InvalidInput.on("base", _("Choose the base this claim is for before submitting."))


def claim_withdraw(*, claim_id: int, actor: User, note: str = "") -> Claim:
    with transaction.atomic(durable=True):
        claim = lock_claim(claim_id)
        step = workflow.check(claim, actor, "withdraw", note=note)
        write_transition(claim, actor=actor, to_state=step.target, note=note)
    return claim


def claim_start_review(*, claim_id: int, actor: User) -> Claim:
    with transaction.atomic(durable=True):
        claim = lock_claim(claim_id)
        step = workflow.check(claim, actor, "start-review")
        write_transition(claim, actor=actor, to_state=step.target)
        record(actor, AuditAction.CLAIM_REVIEW_STARTED, claim)
    return claim


def _through_review(claim: Claim, actor: User, step: Transition) -> None:
    """A reviewer who returns, recommends or rejects a claim still waiting for review starts its
    review first: the claim passes through "in review" (its own transition row) in the same
    transaction."""
    if claim.state in workflow.WAITING_FOR_REVIEW and workflow.REVIEWER in step.roles:
        write_transition(claim, actor=actor, to_state=ClaimState.IN_REVIEW)


def claim_return(*, claim_id: int, actor: User, note: str, documents: Sequence[str] = ()) -> Claim:
    """Back to the applicant with the reviewer's questions: a reviewer from review (or waiting
    for it), an approver from recommended. `documents`: the codes of the scheme's documents the
    applicant is asked for (kept on the transition; the claim's page shows them at the top)."""
    note = (note or "").strip()
    with transaction.atomic(durable=True):
        claim = lock_claim(claim_id)
        step = workflow.check(claim, actor, "return", note=note)
        known_codes = list(claim.scheme.required_documents.order_by("ordering", "pk").values_list("code", flat=True))
        unknown = [code for code in documents if code not in known_codes]
        if unknown:
            raise InvalidInput.on("documents", _("Choose among the documents this scheme asks for."))
        _through_review(claim, actor, step)
        claim.recommended_by = None
        asked = [code for code in known_codes if code in documents]
        write_transition(claim, actor=actor, to_state=step.target, note=note, documents_requested=asked)
        record(actor, AuditAction.CLAIM_RETURNED, claim)
    return claim


def claim_resubmit(*, claim_id: int, actor: User, note: str = "") -> Claim:
    with transaction.atomic(durable=True):
        claim = lock_claim(claim_id)
        step = workflow.check(claim, actor, "resubmit", note=note)
        write_transition(claim, actor=actor, to_state=step.target, note=note)
        enqueue_eligibility(claim.pk)
    return claim


def _require_eligible(claim: Claim) -> Decimal:
    """The eligible amount of the claim's current facts, recomputed under the caller's lock: a
    recommendation or an approval is never decided against an amount stored before the
    applicant's last change (the task that stores it may not have run yet)."""
    eligible = _recompute_eligibility(claim)
    if eligible is None:
        raise WrongState(
            format_lazy(
                _("The eligible amount cannot be computed: {why}"), why=rules.calculation_words(claim.calculation)
            )
        )
    return eligible


def claim_recommend(*, claim_id: int, actor: User, note: str = "") -> Claim:
    with transaction.atomic(durable=True):
        claim = lock_claim(claim_id)
        step = workflow.check(claim, actor, "recommend", note=note)
        eligible = _require_eligible(claim)
        _through_review(claim, actor, step)
        claim.recommended_by = actor
        write_transition(claim, actor=actor, to_state=step.target, note=note)
        record(actor, AuditAction.CLAIM_RECOMMENDED, claim, eligible=eligible)
    return claim


def claim_reject(*, claim_id: int, actor: User, reason: str) -> Claim:
    reason = (reason or "").strip()
    with transaction.atomic(durable=True):
        claim = lock_claim(claim_id)
        step = workflow.check(claim, actor, "reject", note=reason)
        _through_review(claim, actor, step)
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decision_reason = reason
        write_transition(claim, actor=actor, to_state=step.target, note=reason)
        record(actor, AuditAction.CLAIM_REJECTED, claim)
    return claim


def _lock_budget(scheme: Scheme, year: int) -> SchemeBudget | None:
    if scheme.annual_budget is None:
        return None
    budget, _created = SchemeBudget.objects.get_or_create(
        scheme=scheme, year=year, defaults={"amount": scheme.annual_budget}
    )
    return SchemeBudget.objects.select_for_update().get(pk=budget.pk)


def claim_approve(*, claim_id: int, actor: User, amount: Decimal | int | str, reason: str = "") -> Claim:
    """Approve a recommended claim for `amount`.

    1. Read the claim (unlocked) to learn its scheme and person.
    2. Lock, in pk order, that claim and every claim of the same person (account or identity
       number) under the scheme: two approvals for one person run one after the other.
    3. Check actor, state and four eyes (the workflow).
    4. Lock the scheme's budget row for the year (always after the claims: one lock order).
    5. Check the amount against eligible, requested, what is left of the person's cap and of
       the budget.
    6. Write the claim, the budget's committed total and the transition; notify on commit.
    """
    amount = parse_amount(amount, "amount")
    reason = (reason or "").strip()
    with transaction.atomic(durable=True):
        peek = Claim.objects.select_related("scheme").filter(pk=claim_id).first()
        if peek is None:
            raise NotFound(_("There is no such claim."))
        same_person = Q(pk=claim_id) | selectors.person_claims_q(peek)
        locked = list(Claim.objects.select_for_update().filter(same_person).order_by("pk"))
        claim = next(c for c in locked if c.pk == claim_id)
        claim.scheme = peek.scheme
        step = workflow.check(claim, actor, "approve", note=reason)
        eligible = _require_eligible(claim)
        others = [c for c in locked if c.pk != claim_id]
        cap_remaining = rules.cap_left(selectors.person_cap(claim, claim.rule), selectors.approved_total(others))
        budget = _lock_budget(claim.scheme, timezone.localdate().year)
        budget_remaining = budget.remaining if budget else None
        errors = rules.approval_errors(
            amount=amount,
            eligible=eligible,
            requested=claim.requested_amount,
            cap_remaining=cap_remaining,
            budget_remaining=budget_remaining,
        )
        if errors:
            raise InvalidInput(errors[0], errors={"amount": errors})
        full = claim.requested_amount if claim.requested_amount is not None else eligible
        if amount < full and not reason:
            raise InvalidInput.on("reason", _("Give a reason for approving less than asked."))
        if budget is not None:
            budget.committed += amount
            budget.save(update_fields=["committed"])
        claim.approved_amount = amount
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decision_reason = reason
        write_transition(claim, actor=actor, to_state=step.target, note=reason, amount=amount)
        record(actor, AuditAction.CLAIM_APPROVED, claim, amount=amount, eligible=eligible)
        if claim.scheme.code == selectors.GBA_MENTOR:
            # what the mentor has claimed, kept by the mentorship app, moves in this transaction
            mentorship_services.entitlement_claimed_set(
                mentor_user_id=claim.applicant_id,
                claimed=selectors.mentor_claimed_totals(mentor_user_ids=[claim.applicant_id]).get(
                    claim.applicant_id, Decimal("0")
                ),
            )
    return claim


def _recompute_eligibility(claim: Claim) -> Decimal | None:
    """Set the claim's eligible amount, rule version and calculation from its current facts,
    with the rule version in force on the claim's date (selectors.rule_in_force), and save them.
    The caller holds the claim's lock. Returns the amount (None: it cannot be computed)."""
    rule = selectors.rule_in_force(claim.scheme, selectors.claim_day(claim))
    if rule is None:
        claim.eligible_amount, claim.rule = None, None
        claim.calculation = {"kind": "no_rule"}
    else:
        summary = selectors.mentor_entitlement(claim.applicant_id) if rule.kind == rules.MENTOR_SERVICES else None
        window = claim.scheme.date_window(selectors.claim_day(claim))
        try:
            result = rules.eligible_amount(rule.as_params(), claim.facts, mentor_summary=summary, window=window)
        except rules.RuleError as error:
            claim.eligible_amount, claim.rule = None, rule
            claim.calculation = {"kind": "missing", "fields": sorted(error.errors)}
        else:
            claim.eligible_amount, claim.rule, claim.calculation = result.amount, rule, result.calculation
    claim.eligibility_computed_at = timezone.now()
    claim.save(update_fields=["eligible_amount", "rule", "calculation", "eligibility_computed_at", "updated_at"])
    return claim.eligible_amount


def claim_compute_eligibility(*, claim_id: int) -> Claim | None:
    """Compute and store the eligible amount (the task's use case). Only undecided claims: a
    rule change never alters a decided claim. Idempotent."""
    with transaction.atomic(durable=True):
        claim = Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id).select_related("scheme").first()
        if claim is None or claim.state not in UNDECIDED_STATES:
            return None
        _recompute_eligibility(claim)
    return claim


# --- one entry for the page and the API: an action of the table, by name ------------------------

Amount = Decimal | int | str | None
ActionCall = Callable[[int, User, str, Amount], Claim]

CLAIM_ACTIONS: dict[str, ActionCall] = {
    "submit": lambda claim_id, actor, note, amount: claim_submit(claim_id=claim_id, actor=actor),
    "withdraw": lambda claim_id, actor, note, amount: claim_withdraw(claim_id=claim_id, actor=actor, note=note),
    "start-review": lambda claim_id, actor, note, amount: claim_start_review(claim_id=claim_id, actor=actor),
    "return": lambda claim_id, actor, note, amount: claim_return(claim_id=claim_id, actor=actor, note=note),
    "resubmit": lambda claim_id, actor, note, amount: claim_resubmit(claim_id=claim_id, actor=actor, note=note),
    "recommend": lambda claim_id, actor, note, amount: claim_recommend(claim_id=claim_id, actor=actor, note=note),
    "approve": lambda claim_id, actor, note, amount: claim_approve(
        claim_id=claim_id, actor=actor, amount=amount if amount is not None else "", reason=note
    ),
    "reject": lambda claim_id, actor, note, amount: claim_reject(claim_id=claim_id, actor=actor, reason=note),
}


def claim_act(
    *,
    claim_id: int,
    actor: User,
    action: str,
    note: str = "",
    amount: Amount = None,
    documents: Sequence[str] = (),
    declaration: str = "",
) -> Claim:
    """Take one action of the claim's transition table (`workflow.CLAIM_WORKFLOW.actions`) by
    name: what the page's and the API's one action view call. `documents`: a return's request;
    `declaration`: the wording the applicant ticked on submitting."""
    if action == "submit":
        return claim_submit(claim_id=claim_id, actor=actor, declaration=declaration)
    if action == "return":
        return claim_return(claim_id=claim_id, actor=actor, note=note or "", documents=documents)
    call = CLAIM_ACTIONS.get(action)
    if call is None:
        raise NotFound(_("There is no such action."))
    return call(claim_id, actor, note or "", amount)
