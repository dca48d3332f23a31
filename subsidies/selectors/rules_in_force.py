"""The rule in force and the caps across claims: what the checker, the guides and the approval read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from mentorship import selectors as mentorship_selectors
from portal.lookups import any_of

from .. import rules
from ..models import (
    APPROVED_STATES,
    Claim,
    RequiredDocument,
    Scheme,
    SchemeRule,
)

GBA_MENTOR = "gba-mentor"


# --- the mentorship contract ----------------------------------------------------------------------


def mentor_entitlement(mentor_user_id: int) -> mentorship_selectors.EntitlementSummary:
    """The mentor's stored entitlement, as the mentorship app keeps it (its services recompute
    it when a service is logged, and nightly): total, claimed and claimable. Read only."""
    return mentorship_selectors.mentor_entitlement_summary(mentor_user_id=mentor_user_id)


# --- caps across a person's claims ----------------------------------------------------------------


def beneficiary_q(claim: Claim) -> Q:
    """The claims of the same scheme for the same beneficiary, as the scheme says what it is
    given to (Scheme.given_to): a person (by account, and by identity number), a company (by its
    registration number) or a base. One cap counts them together; the approval locks them."""
    given_to = claim.scheme.given_to
    if given_to == rules.COMPANY and claim.registration_number:
        q = Q(registration_number=claim.registration_number)
    elif given_to == rules.BASE and claim.base_id is not None:
        q = Q(base_id=claim.base_id)
    else:  # a person; or a claim that does not name its company or base yet (a draft)
        q = Q(applicant_id=claim.applicant_id)
        if claim.identity_number:
            q |= Q(identity_number=claim.identity_number)
    return Q(scheme_id=claim.scheme_id) & q


person_claims_q = beneficiary_q  # the name the callers knew


def person_cap(claim: Claim, rule: SchemeRule | None) -> Decimal | None:
    """The most this person may be approved under the scheme in all: the rule's ceiling, or for
    mentor services the mentorship app's total entitlement."""
    if rule is None:
        return None
    if rule.kind == rules.MENTOR_SERVICES:
        return rules.money(mentor_entitlement(claim.applicant_id)["total"])
    return rule.ceiling


def approved_total(claims: Iterable[Claim]) -> Decimal:
    return sum((c.approved_amount for c in claims if c.state in APPROVED_STATES and c.approved_amount), Decimal("0"))


def mentor_claimed_totals(*, mentor_user_ids: Iterable[int]) -> dict[int, Decimal]:
    """What each mentor has been approved under gba-mentor claims (approved or paid), in one
    grouped query: {user id: total}, mentors without approved claims absent. An approval stores
    the mentor's total with the mentorship app (services.claim_approve), which subtracts it from
    the entitlement."""
    rows = (
        Claim.objects.filter(
            any_of("applicant_id", mentor_user_ids), scheme__code=GBA_MENTOR, state__in=APPROVED_STATES
        )
        .order_by()
        .values("applicant_id")
        .annotate(total=Sum("approved_amount"))
        .values_list("applicant_id", "total")
    )
    return {applicant_id: total or Decimal("0.00") for applicant_id, total in rows}


def schemes_with_rules() -> QuerySet[Scheme]:
    return Scheme.objects.select_related("policy").prefetch_related(
        Prefetch("rules", queryset=SchemeRule.objects.order_by("effective_from")),
        Prefetch("required_documents", queryset=RequiredDocument.objects.order_by("ordering", "id")),
    )


# --- the rule in force ------------------------------------------------------------------------------


def rule_in_force(scheme: Scheme, day: date) -> SchemeRule | None:
    """The one answer to "which rule version applies on this day": the latest version that
    starts on or before it (a version starting later is not in force yet). Reads the scheme's
    prefetched versions when there are (schemes_with_rules), else one query."""
    return rules.version_in_force(scheme.rules.all(), day)


def current_rule(scheme: Scheme) -> SchemeRule | None:
    return rule_in_force(scheme, timezone.localdate())


def claim_day(claim: Claim) -> date:
    """The day whose rule decides a claim: its submission, or while a draft its creation."""
    return timezone.localdate(claim.submitted_at or claim.created_at)


def claim_rule(claim: Claim) -> SchemeRule | None:
    """The rule version in force on the claim's day (what its form asks for, what it is computed
    with)."""
    return rule_in_force(claim.scheme, claim_day(claim))


def schemes_of_guides() -> QuerySet[Scheme]:
    """Schemes with their rule versions, for a policy guide's amounts (the policies app
    prefetches its guides' schemes with this)."""
    return Scheme.objects.order_by("ordering", "id").prefetch_related(
        Prefetch("rules", queryset=SchemeRule.objects.order_by("effective_from"))
    )


def benefit_lines(scheme: Scheme, day: date) -> list[rules.BenefitLine]:
    """What a guide shows of the scheme's rule in force on `day` (rules.benefit_lines)."""
    rule = rule_in_force(scheme, day)
    return rules.benefit_lines(rule.as_params()) if rule is not None else []


def scheme_estimate(
    scheme: Scheme,
    facts: rules.ClaimFacts,
    day: date,
    *,
    mentor_summary: mentorship_selectors.EntitlementSummary | None = None,
) -> rules.Eligibility | None:
    """What a claim with these facts, made on `day`, would be eligible for: `eligible_amount`
    with the rule in force that day, exactly as claim_compute_eligibility computes it. None when
    no rule is in force or the facts lack what the rule needs (the claim's amount is then empty
    too); mentor services need the mentor's entitlement."""
    rule = rule_in_force(scheme, day)
    if rule is None or (rule.kind == rules.MENTOR_SERVICES and mentor_summary is None):
        return None
    try:
        return rules.eligible_amount(
            rule.as_params(), facts, mentor_summary=mentor_summary, window=scheme.date_window(day)
        )
    except rules.RuleError:
        return None


def eligibility_of(
    scheme: Scheme, facts: rules.ClaimFacts, day: date, *, applicant_id: int | None = None
) -> rules.Eligibility | None:
    """What the rules allow a claim with these facts made on `day` (None: not computable yet):
    the rule in force that day, the scheme's date window, and for mentor services the
    applicant's entitlement. What the claim form tells the applicant as they enter an amount,
    and what the services refuse above."""
    rule = rule_in_force(scheme, day)
    if rule is None:
        return None
    summary = None
    if rule.kind == rules.MENTOR_SERVICES:
        if applicant_id is None:
            return None
        summary = mentor_entitlement(applicant_id)
    try:
        return rules.eligible_amount(rule.as_params(), facts, mentor_summary=summary, window=scheme.date_window(day))
    except rules.RuleError:
        return None


def claim_missing_documents(claim: Claim) -> list[RequiredDocument]:
    have = set(claim.documents.values_list("kind", flat=True))
    return [doc for doc in claim.scheme.required_documents.all() if doc.code not in have]


def rule_as_dict(rule: SchemeRule | None) -> dict[str, object] | None:
    if rule is None:
        return None
    return {
        "kind": rule.kind,
        "effective_from": rule.effective_from.isoformat(),
        "rates": rule.rates or {},
        "amount": str(rule.amount) if rule.amount is not None else None,
        "ceiling": str(rule.ceiling) if rule.ceiling is not None else None,
        "proportion": str(rule.proportion) if rule.proportion is not None else None,
    }
