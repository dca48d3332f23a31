"""Every write of the subsidies app: one function per use case.

Each transition runs in `transaction.atomic(durable=True)`, locks the claim (and, to decide
money, the person's other claims of the scheme and the scheme's budget row) with
`select_for_update` in primary-key order, checks who acts and from which state, writes a
ClaimTransition row in the same transaction, and sends notifications on commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from accounts.services import notify
from portal.audit import AuditAction, record
from portal.invariants import known
from portal.outbox import enqueue_on_commit

from . import rules, selectors
from .cache import queue_changed
from .models import (
    UNDECIDED_STATES,
    ApplicantProfile,
    Claim,
    ClaimDocument,
    ClaimState,
    ClaimTransition,
    IdentityView,
    PaymentBatch,
    PaymentBatchItem,
    PaymentBatchState,
    RequiredDocument,
    Scheme,
    SchemeBudget,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- errors ---------------------------------------------------------------------------------------


class ClaimError(Exception):
    """A refused use case. `status` is the HTTP status the API and pages answer with."""

    status = 400

    def __init__(self, message: StrOrPromise, *, errors: Mapping[str, Sequence[StrOrPromise]] | None = None):
        super().__init__(str(message))
        self.message = message
        self.errors = errors or {}


class InvalidInput(ClaimError):
    status = 400


class NotAllowed(ClaimError):
    status = 403


class WrongState(ClaimError):
    status = 409


# --- helpers --------------------------------------------------------------------------------------


def _acts_as(user: User, role: str) -> bool:
    return bool(user.is_superuser or roles.has_role(user, role))


def _require_role(user: User, *allowed: str) -> None:
    if not any(_acts_as(user, role) for role in allowed):
        raise NotAllowed(_("You are not allowed to do this."))


def _require_state(claim: Claim, *states: str) -> None:
    if claim.state not in states:
        raise WrongState(
            format_lazy(_("This cannot be done to a claim that is {state}."), state=claim.get_state_display())
        )


def _require_not_applicant(claim: Claim, actor: User) -> None:
    if claim.applicant_id == actor.pk:
        raise NotAllowed(_("You cannot review or decide your own claim."))


def _require_applicant(claim: Claim, actor: User) -> None:
    if claim.applicant_id != actor.pk:
        raise NotAllowed(_("Only the applicant can do this."))


def _lock_claim(claim_id: int) -> Claim:
    try:
        return Claim.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=claim_id)
    except Claim.DoesNotExist:
        raise InvalidInput(_("There is no such claim."))


def _scheme_name(scheme: Scheme) -> StrOrPromise:
    """The scheme's name, read in the language active when rendered (notify renders in the
    recipient's language)."""
    return lazy(lambda: str(Scheme.objects.get(pk=scheme.pk).name), str)()


def _notify_applicant(claim: Claim, transition: ClaimTransition) -> None:
    state = ClaimState(transition.to_state).label
    subject = format_lazy(
        _("Your claim {number} ({scheme}) is now: {state}"),
        number=f"#{claim.pk}",
        scheme=_scheme_name(claim.scheme),
        state=state,
    )
    body = format_lazy(
        _("Your claim {number} changed from {old} to {new}. {note}"),
        number=f"#{claim.pk}",
        old=ClaimState(transition.from_state).label if transition.from_state else "-",
        new=state,
        note=transition.note,
    )
    applicant = claim.applicant
    with translation.override(applicant.preferred_language or None):
        url = reverse("subsidies:claim", kwargs={"pk": claim.pk})
    # In the transaction: notify() is idempotent per key and sends its email on commit.
    notify(recipient=applicant, key=f"subsidies:transition:{transition.pk}", subject=subject, body=body, url=url)


def _transition(
    claim: Claim,
    *,
    actor: User | None,
    to_state: str,
    note: str = "",
    amount: Decimal | None = None,
    tell_applicant: bool = True,
) -> ClaimTransition:
    """Change the claim's state, append the transition row, and tell the applicant on commit."""
    from_state = claim.state
    now = timezone.now()
    claim.state = to_state
    claim.state_changed_at = now
    claim.save()
    transition = ClaimTransition.objects.create(
        claim=claim, actor=actor, from_state=from_state, to_state=to_state, note=note, amount=amount
    )
    if tell_applicant:  # applicants are told of every change, their own too (a receipt)
        _notify_applicant(claim, transition)
    return transition


def _enqueue_eligibility(claim_id: int) -> None:
    from .tasks import compute_claim_eligibility

    enqueue_on_commit(compute_claim_eligibility, claim_id)


def _parse_amount(value: object, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidInput(_("Enter an amount in RMB."), errors={field: [_("Enter an amount in RMB.")]})
    if not amount.is_finite():
        raise InvalidInput(_("Enter an amount in RMB."), errors={field: [_("Enter an amount in RMB.")]})
    return amount


# --- profile --------------------------------------------------------------------------------------


def applicant_profile_fill(*, user: User, identity_type: str, identity_number: str) -> ApplicantProfile:
    """Fill the applicant's identity where the profile lacks it (an existing identity is kept:
    staff change it, not a claim form). Raises InvalidInput for an invalid number."""
    profile, _created = ApplicantProfile.objects.get_or_create(user=user)
    if profile.identity_number or not identity_number:
        return profile
    error = rules.identity_error(identity_type, identity_number)
    if error:
        raise InvalidInput(error, errors={"identity_number": [error]})
    profile.identity_type = identity_type
    profile.identity_number = rules.canonical_identity(identity_type, identity_number)
    profile.save(update_fields=["identity_type", "identity_number"])
    return profile


def identity_view_record(*, claim: Claim, viewer: User) -> str:
    """A staff member sees a claim's full identity number: recorded, then returned."""
    if not roles.is_bureau_staff(viewer):
        raise NotAllowed(_("You are not allowed to do this."))
    with transaction.atomic(durable=True):
        IdentityView.objects.create(claim=claim, viewer=viewer)
        record(viewer, AuditAction.IDENTITY_REVEALED, claim)
    return claim.identity_number


# --- claims ---------------------------------------------------------------------------------------

CLAIM_FIELDS = (
    "requested_amount",
    "education_level",
    "start_date",
    "end_date",
    "financing_amount",
    "company_name",
    "period",
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


def _validate_claim_input(scheme: Scheme, data: ClaimInput) -> None:
    errors: dict[str, list[StrOrPromise]] = {}
    if data.requested_amount is not None and data.requested_amount < 0:
        errors["requested_amount"] = [_("The amount cannot be negative.")]
    if data.financing_amount is not None and data.financing_amount < 0:
        errors["financing_amount"] = [_("The amount cannot be negative.")]
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = [_("The end date must be on or after the start date.")]
    if data.education_level and data.education_level not in rules.EDUCATION_LEVELS:
        errors["education_level"] = [_("Choose an education level.")]
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
    _validate_claim_input(scheme, data)
    with transaction.atomic(durable=True):
        applicant_profile_fill(user=applicant, identity_type=identity_type, identity_number=identity_number)
        claim = Claim.objects.create(
            scheme=scheme, applicant=applicant, state=ClaimState.DRAFT, **{f: getattr(data, f) for f in CLAIM_FIELDS}
        )
        ClaimTransition.objects.create(claim=claim, actor=applicant, from_state="", to_state=ClaimState.DRAFT)
        _enqueue_eligibility(claim.pk)
    return claim


def claim_update(*, claim_id: int, actor: User, data: ClaimInput) -> Claim:
    """The applicant changes a draft or a returned claim; the eligible amount is recomputed."""
    with transaction.atomic(durable=True):
        claim = _lock_claim(claim_id)
        _require_applicant(claim, actor)
        _require_state(claim, ClaimState.DRAFT, ClaimState.RETURNED)
        _validate_claim_input(claim.scheme, data)
        for f in CLAIM_FIELDS:
            setattr(claim, f, getattr(data, f))
        claim.save()
        _enqueue_eligibility(claim.pk)
    return claim


def claim_missing_documents(claim: Claim) -> list[RequiredDocument]:
    have = set(claim.documents.values_list("kind", flat=True))
    return [doc for doc in claim.scheme.required_documents.all() if doc.code not in have]


def claim_submit(*, claim_id: int, actor: User) -> Claim:
    with transaction.atomic(durable=True):
        claim = _lock_claim(claim_id)
        _require_applicant(claim, actor)
        _require_state(claim, ClaimState.DRAFT)
        profile = ApplicantProfile.objects.filter(user=actor).first()
        if profile is None or not profile.identity_number:
            message = _("Enter your identity document before submitting.")
            raise InvalidInput(message, errors={"identity_number": [message]})
        missing = claim_missing_documents(claim)
        if missing:
            names = ", ".join(str(doc.name) for doc in missing)
            message = format_lazy(_("Upload the required documents first: {names}."), names=names)
            raise InvalidInput(message, errors={"documents": [message]})
        claim.identity_number = profile.identity_number
        claim.submitted_at = timezone.now()
        _transition(claim, actor=actor, to_state=ClaimState.SUBMITTED)
        _enqueue_eligibility(claim.pk)
    return claim


def claim_withdraw(*, claim_id: int, actor: User, note: str = "") -> Claim:
    with transaction.atomic(durable=True):
        claim = _lock_claim(claim_id)
        _require_applicant(claim, actor)
        _require_state(claim, *UNDECIDED_STATES)
        _transition(claim, actor=actor, to_state=ClaimState.WITHDRAWN, note=note)
    return claim


def claim_start_review(*, claim_id: int, actor: User) -> Claim:
    with transaction.atomic(durable=True):
        claim = _lock_claim(claim_id)
        _require_role(actor, roles.REVIEWER)
        _require_not_applicant(claim, actor)
        _require_state(claim, ClaimState.SUBMITTED, ClaimState.RESUBMITTED)
        _transition(claim, actor=actor, to_state=ClaimState.IN_REVIEW)
        record(actor, AuditAction.CLAIM_REVIEW_STARTED, claim)
    return claim


WAITING_FOR_REVIEW = (ClaimState.SUBMITTED, ClaimState.RESUBMITTED)


def _review_started(claim: Claim, actor: User) -> None:
    """A reviewer who returns, recommends or rejects a submitted claim starts its review first:
    the claim passes through "in review" (its own transition row) in the same transaction, so the
    API's actions need no separate start."""
    if claim.state in WAITING_FOR_REVIEW and _acts_as(actor, roles.REVIEWER):
        _transition(claim, actor=actor, to_state=ClaimState.IN_REVIEW)


def _require_staff_for_state(claim: Claim, actor: User) -> None:
    """Return and reject: a reviewer acts on a claim waiting for or in review, an approver on a
    recommended one."""
    _require_state(claim, ClaimState.IN_REVIEW, ClaimState.RECOMMENDED, *WAITING_FOR_REVIEW)
    _require_role(actor, roles.APPROVER if claim.state == ClaimState.RECOMMENDED else roles.REVIEWER)
    _review_started(claim, actor)


def _require_note(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if not note:
        message = _("Give a reason.")
        raise InvalidInput(message, errors={field: [message]})
    return note


def claim_return(*, claim_id: int, actor: User, note: str) -> Claim:
    """Back to the applicant with the reviewer's questions: a reviewer from review, or an
    approver from recommended."""
    note = _require_note(note)
    with transaction.atomic(durable=True):
        claim = _lock_claim(claim_id)
        _require_role(actor, roles.REVIEWER, roles.APPROVER)
        _require_not_applicant(claim, actor)
        _require_staff_for_state(claim, actor)
        claim.recommended_by = None
        _transition(claim, actor=actor, to_state=ClaimState.RETURNED, note=note)
        record(actor, AuditAction.CLAIM_RETURNED, claim)
    return claim


def claim_resubmit(*, claim_id: int, actor: User, note: str = "") -> Claim:
    with transaction.atomic(durable=True):
        claim = _lock_claim(claim_id)
        _require_applicant(claim, actor)
        _require_state(claim, ClaimState.RETURNED)
        _transition(claim, actor=actor, to_state=ClaimState.RESUBMITTED, note=note)
        _enqueue_eligibility(claim.pk)
    return claim


def claim_recommend(*, claim_id: int, actor: User, note: str = "") -> Claim:
    with transaction.atomic(durable=True):
        claim = _lock_claim(claim_id)
        _require_role(actor, roles.REVIEWER)
        _require_not_applicant(claim, actor)
        _require_state(claim, ClaimState.IN_REVIEW, *WAITING_FOR_REVIEW)
        if claim.eligible_amount is None:
            raise WrongState(_("The eligible amount has not been computed yet; try again in a moment."))
        _review_started(claim, actor)
        claim.recommended_by = actor
        _transition(claim, actor=actor, to_state=ClaimState.RECOMMENDED, note=note)
        record(actor, AuditAction.CLAIM_RECOMMENDED, claim, eligible=claim.eligible_amount)
    return claim


def claim_reject(*, claim_id: int, actor: User, reason: str) -> Claim:
    reason = _require_note(reason, "reason")
    with transaction.atomic(durable=True):
        claim = _lock_claim(claim_id)
        _require_role(actor, roles.REVIEWER, roles.APPROVER)
        _require_not_applicant(claim, actor)
        _require_staff_for_state(claim, actor)
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decision_reason = reason
        _transition(claim, actor=actor, to_state=ClaimState.REJECTED, note=reason)
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
    3. Lock the scheme's budget row for the year (always after the claims: one lock order).
    4. Check actor, state and four eyes; the amount against eligible, requested, what is left
       of the person's cap and of the budget.
    5. Write the claim, the budget's committed total and the transition; notify on commit.
    """
    amount = _parse_amount(amount, "amount")
    reason = (reason or "").strip()
    _require_role(actor, roles.APPROVER)
    with transaction.atomic(durable=True):
        try:
            peek = Claim.objects.select_related("scheme").get(pk=claim_id)
        except Claim.DoesNotExist:
            raise InvalidInput(_("There is no such claim."))
        same_person = Q(pk=claim_id) | selectors.person_claims_q(peek)
        locked = list(Claim.objects.select_for_update().filter(same_person).order_by("pk"))
        claim = next(c for c in locked if c.pk == claim_id)
        claim.scheme = peek.scheme
        _require_not_applicant(claim, actor)
        if claim.recommended_by_id == actor.pk:
            raise NotAllowed(_("You recommended this claim: another approver must decide it."))
        _require_state(claim, ClaimState.RECOMMENDED)
        if claim.eligible_amount is None:
            raise WrongState(_("The eligible amount has not been computed yet; try again in a moment."))
        others = [c for c in locked if c.pk != claim_id]
        cap_remaining = rules.cap_left(selectors.person_cap(claim, claim.rule), selectors.approved_total(others))
        budget = _lock_budget(claim.scheme, timezone.localdate().year)
        budget_remaining = budget.remaining if budget else None
        errors = rules.approval_errors(
            amount=amount,
            eligible=claim.eligible_amount,
            requested=claim.requested_amount,
            cap_remaining=cap_remaining,
            budget_remaining=budget_remaining,
        )
        if errors:
            raise InvalidInput(errors[0], errors={"amount": errors})
        full = claim.requested_amount if claim.requested_amount is not None else claim.eligible_amount
        if amount < full and not reason:
            message = _("Give a reason for approving less than asked.")
            raise InvalidInput(message, errors={"reason": [message]})
        if budget is not None:
            budget.committed += amount
            budget.save(update_fields=["committed"])
        claim.approved_amount = amount
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decision_reason = reason
        _transition(claim, actor=actor, to_state=ClaimState.APPROVED, note=reason, amount=amount)
        record(actor, AuditAction.CLAIM_APPROVED, claim, amount=amount, eligible=claim.eligible_amount)
    return claim


def claim_compute_eligibility(*, claim_id: int) -> Claim | None:
    """Compute and store the eligible amount with the rule version in force on the claim's
    date. Only undecided claims: a rule change never alters a decided claim. Idempotent."""
    with transaction.atomic(durable=True):
        claim = Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id).select_related("scheme").first()
        if claim is None or claim.state not in UNDECIDED_STATES:
            return None
        day = timezone.localdate(claim.submitted_at) if claim.submitted_at else timezone.localdate(claim.created_at)
        rule = claim.scheme.rules.filter(effective_from__lte=day).order_by("-effective_from").first()
        if rule is None:
            claim.eligible_amount, claim.rule = None, None
            claim.calculation = {"kind": "no_rule"}
        else:
            summary = selectors.mentor_entitlement(claim.applicant_id) if rule.kind == rules.MENTOR_SERVICES else None
            try:
                result = rules.eligible_amount(rule.as_params(), claim.facts, mentor_summary=summary)
            except rules.RuleError as error:
                claim.eligible_amount, claim.rule = None, rule
                claim.calculation = {"kind": "missing", "fields": sorted(error.errors)}
            else:
                claim.eligible_amount, claim.rule, claim.calculation = result.amount, rule, result.calculation
        claim.eligibility_computed_at = timezone.now()
        claim.save(update_fields=["eligible_amount", "rule", "calculation", "eligibility_computed_at", "updated_at"])
    return claim


# --- documents ------------------------------------------------------------------------------------


def claim_document_add(*, claim_id: int, actor: User, kind: str, upload: File[bytes]) -> ClaimDocument:
    """Attach a document (validated by `documents.check_upload`) to a draft or returned claim."""
    from .documents import check_upload

    document = None
    try:
        with transaction.atomic(durable=True):
            claim = _lock_claim(claim_id)
            _require_applicant(claim, actor)
            _require_state(claim, ClaimState.DRAFT, ClaimState.RETURNED)
            codes = set(claim.scheme.required_documents.values_list("code", flat=True))
            if kind not in codes:
                message = _("Choose a kind of document this scheme asks for.")
                raise InvalidInput(message, errors={"kind": [message]})
            content_type = check_upload(upload)
            document = ClaimDocument(
                claim=claim,
                kind=kind,
                original_name=(upload.name or "document")[-255:],
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor,
            )
            document.file.save("upload", upload, save=False)
            document.save()
    except Exception:
        # No orphan file when the row is refused, or when the commit itself fails (the database
        # went away between the insert and the commit).
        if document is not None and document.file.name:
            document.file.delete(save=False)
        raise
    return document


# --- payment batches ------------------------------------------------------------------------------


def _approved_amount(claim: Claim) -> Decimal:
    """An approved or paid claim's amount, never empty (subsidies_claim_approved_has_amount)."""
    return known(claim.approved_amount, "approved amount")


def payment_batch_create(*, actor: User, claim_ids: list[int] | None = None) -> PaymentBatch:
    """Gather approved, not yet batched claims (all, or those of `claim_ids`) in a new batch.
    A claim belongs to at most one batch: PaymentBatchItem.claim is unique; a concurrent
    batch that took a claim first makes this one fail cleanly."""
    _require_role(actor, roles.APPROVER)
    try:
        with transaction.atomic(durable=True):
            batched = PaymentBatchItem.objects.filter(claim=OuterRef("pk"))
            qs = Claim.objects.select_for_update().filter(~Exists(batched), state=ClaimState.APPROVED)
            if claim_ids is not None:
                qs = qs.filter(pk__in=claim_ids)
            claims = list(qs.order_by("pk"))
            if not claims:
                raise WrongState(_("There are no approved claims waiting for payment."))
            batch = PaymentBatch.objects.create(reference=f"PB-{timezone.now():%Y%m%d%H%M%S%f}", created_by=actor)
            PaymentBatchItem.objects.bulk_create(
                [PaymentBatchItem(batch=batch, claim=c, amount=_approved_amount(c)) for c in claims]
            )
            queue_changed()  # bulk_create sends no signal; the queue reads the claims' payment items
            batch.total = sum((_approved_amount(c) for c in claims), Decimal("0"))
            batch.reference = f"PB-{timezone.localdate():%Y%m%d}-{batch.pk:04d}"
            batch.save(update_fields=["total", "reference"])
            record(actor, AuditAction.BATCH_CREATED, batch, total=batch.total, claims=[c.pk for c in claims])
    except IntegrityError:
        raise WrongState(_("Some of these claims were put in another batch meanwhile; try again."))
    return batch


def payment_batch_mark_paid(*, batch_id: int, actor: User) -> PaymentBatch:
    """Mark a batch paid, once: the batch row is locked and must be open; a second call (or a
    concurrent one) finds it paid and pays nothing."""
    _require_role(actor, roles.APPROVER)
    with transaction.atomic(durable=True):
        batch = PaymentBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            raise InvalidInput(_("There is no such payment batch."))
        if batch.state != PaymentBatchState.OPEN:
            raise WrongState(_("This payment batch has already been marked paid."))
        claims = list(
            Claim.objects.select_for_update(of=("self",))
            .filter(payment_item__batch=batch)
            .select_related("applicant", "scheme")
            .order_by("pk")
        )
        for claim in claims:
            if claim.state == ClaimState.APPROVED:
                _transition(
                    claim, actor=actor, to_state=ClaimState.PAID, amount=claim.approved_amount, note=batch.reference
                )
        batch.state = PaymentBatchState.PAID
        batch.paid_by = actor
        batch.paid_at = timezone.now()
        batch.save(update_fields=["state", "paid_by", "paid_at"])
        record(actor, AuditAction.BATCH_PAID, batch, total=batch.total, claims=[c.pk for c in claims])
    return batch
