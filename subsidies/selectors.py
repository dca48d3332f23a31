"""Reads shared by pages, the API and other apps."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypedDict

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from mentorship import selectors as mentorship_selectors
from portal.lookups import any_of

from . import rules
from .models import (
    APPROVED_STATES,
    LIVE_STATES,
    QUEUE_STATES,
    ApplicantProfile,
    Claim,
    ClaimState,
    ClaimTransition,
    PaymentBatch,
    PaymentBatchItem,
    RequiredDocument,
    Scheme,
    SchemeBudget,
    SchemeRule,
)

GBA_MENTOR = "gba-mentor"


# --- the mentorship contract ----------------------------------------------------------------------


def mentor_entitlement(mentor_user_id: int) -> mentorship_selectors.EntitlementSummary:
    """The mentor's stored entitlement, as the mentorship app keeps it (its services recompute
    it when a service is logged, and nightly): total, claimed and claimable. Read only."""
    return mentorship_selectors.mentor_entitlement_summary(mentor_user_id=mentor_user_id)


# --- caps across a person's claims ----------------------------------------------------------------


def person_claims_q(claim: Claim) -> Q:
    """The same person's claims of the same scheme: by account, and by identity number."""
    q = Q(applicant_id=claim.applicant_id)
    if claim.identity_number:
        q |= Q(identity_number=claim.identity_number)
    return Q(scheme_id=claim.scheme_id) & q


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
        return rules.eligible_amount(rule.as_params(), facts, mentor_summary=mentor_summary)
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


def claims_visible_to(user: User) -> QuerySet[Claim]:
    """Staff see every claim but drafts; anyone else only their own."""
    qs = Claim.objects.select_related("scheme", "applicant")
    if roles.is_bureau_staff(user):
        return qs.filter(~Q(state=ClaimState.DRAFT) | Q(applicant=user))
    return qs.filter(applicant=user)


QUEUE_SORTS = {
    "waiting": "submitted_at",
    "-waiting": "-submitted_at",
    "amount": "requested_amount",
    "-amount": "-requested_amount",
    "eligible": "eligible_amount",
    "-eligible": "-eligible_amount",
    "state": "state",
}


def review_queue(
    *,
    scheme: str = "",
    state: str = "",
    min_days: int | None = None,
    min_amount: Decimal | None = None,
    max_amount: Decimal | None = None,
    sort: str = "waiting",
) -> QuerySet[Claim]:
    qs = Claim.objects.exclude(state=ClaimState.DRAFT).select_related("scheme", "applicant", "payment_item")
    if scheme:
        qs = qs.filter(scheme__code=scheme)
    if state:
        qs = qs.filter(state=state)
    else:
        # waiting for staff (a returned claim waits for its applicant: filter on it by state)
        qs = qs.filter(state__in=QUEUE_STATES)  # the partial index subsidies_claim_waiting
    if min_days:  # calendar days, as the queue shows them (rules.days_waiting)
        last_day = rules.submitted_by_for_waiting(timezone.localdate(), min_days)
        qs = qs.filter(submitted_at__lt=_start_of_day(last_day + timedelta(days=1)))
    if min_amount is not None:
        qs = qs.filter(requested_amount__gte=min_amount)
    if max_amount is not None:
        qs = qs.filter(requested_amount__lte=max_amount)
    return qs.order_by(QUEUE_SORTS.get(sort, "submitted_at"), "pk")


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def days_waiting(claim: Claim) -> int | None:
    if claim.submitted_at is None:
        return None
    return rules.days_waiting(timezone.localdate(claim.submitted_at), timezone.localdate())


def double_claim_flags(claims: list[Claim]) -> dict[int, list[str]]:
    """Flags for staff, for a page of claims in one query: the same person (identity number or
    account) or company already has a claim for the same scheme and period, overlapping
    internship months, or a claim under a scheme exclusive with this one."""
    if not claims:
        return {}
    scheme_ids = {c.scheme_id for c in claims}
    exclusive = defaultdict(set)
    for from_id, to_id in Scheme.exclusive_with.through.objects.filter(from_scheme_id__in=scheme_ids).values_list(
        "from_scheme_id", "to_scheme_id"
    ):
        exclusive[from_id].add(to_id)
    identities = {c.identity_number for c in claims if c.identity_number}
    companies = {c.company_name.strip().lower() for c in claims if c.company_name.strip()}
    applicants = {c.applicant_id for c in claims}
    q = Q(applicant_id__in=applicants) | Q(identity_number__in=identities)
    for name in companies:
        q |= Q(company_name__iexact=name)  # the index on UPPER(company_name)
    # Only claims of these schemes or of schemes exclusive with them can raise a flag.
    relevant_schemes = scheme_ids.union(*exclusive.values())
    others = list(
        Claim.objects.filter(q, state__in=LIVE_STATES, scheme_id__in=relevant_schemes).only(
            "id", "scheme_id", "applicant_id", "identity_number", "company_name", "period", "start_date", "end_date"
        )
    )
    # Each claim is compared with the other claims of its person or company only (found through
    # these maps), in the order of `others`: the same flags as comparing it with every row.
    by_applicant: dict[int, list[int]] = defaultdict(list)
    by_identity: dict[str, list[int]] = defaultdict(list)
    by_company: dict[str, list[int]] = defaultdict(list)
    for position, other in enumerate(others):
        by_applicant[other.applicant_id].append(position)
        if other.identity_number:
            by_identity[other.identity_number].append(position)
        if other.company_name.strip():
            by_company[other.company_name.strip().lower()].append(position)
    flags: dict[int, list[str]] = {}
    for claim in claims:
        found: list[str] = []
        company = claim.company_name.strip().lower()
        positions = set(by_applicant.get(claim.applicant_id, ()))
        if claim.identity_number:
            positions.update(by_identity.get(claim.identity_number, ()))
        if company:
            positions.update(by_company.get(company, ()))
        for other in (others[position] for position in sorted(positions)):
            if other.pk == claim.pk:
                continue
            same_person = other.applicant_id == claim.applicant_id or (
                claim.identity_number and other.identity_number == claim.identity_number
            )
            same_company = bool(claim.company_name.strip()) and (
                other.company_name.strip().lower() == claim.company_name.strip().lower()
            )
            if not (same_person or same_company):
                continue
            if other.scheme_id == claim.scheme_id:
                if claim.start_date and claim.end_date and other.start_date and other.end_date:
                    if rules.months_covered(claim.start_date, claim.end_date) & rules.months_covered(
                        other.start_date, other.end_date
                    ):
                        found.append(_("Internship months overlap claim #%(id)s.") % {"id": other.pk})
                elif (claim.period or "") == (other.period or ""):
                    who = _("same person") if same_person else _("same company")
                    found.append(_("Claim #%(id)s: same scheme and period (%(who)s).") % {"id": other.pk, "who": who})
            elif other.scheme_id in exclusive[claim.scheme_id] and same_person:
                found.append(_("Claim #%(id)s is under a scheme exclusive with this one.") % {"id": other.pk})
        flags[claim.pk] = found
    return flags


class CapLeft(TypedDict):
    scheme: Scheme
    cap: Decimal
    used: Decimal
    left: Decimal | None


def caps_left_for(user: User) -> list[CapLeft]:
    """For the applicant's "what is left of each cap": per scheme with a cap they have claimed."""
    claims = list(Claim.objects.filter(applicant=user).select_related("scheme", "rule"))
    by_scheme: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_scheme[claim.scheme_id].append(claim)
    result: list[CapLeft] = []
    for scheme_claims in by_scheme.values():
        latest = max(scheme_claims, key=lambda c: c.pk)
        cap = person_cap(latest, latest.rule) if latest.rule else None
        if cap is None:
            continue
        used = approved_total(scheme_claims)
        result.append({"scheme": latest.scheme, "cap": cap, "used": used, "left": rules.cap_left(cap, used)})
    return result


class ApprovalLimits(TypedDict):
    cap_remaining: Decimal | None
    budget_remaining: Decimal | None
    most: Decimal | None


def approval_limits(claim: Claim) -> ApprovalLimits:
    """For the approver's form (read without locks; the approval itself re-checks under lock):
    what is left of the person's cap and of the scheme's budget, and the most approvable."""
    others = list(Claim.objects.filter(person_claims_q(claim)).exclude(pk=claim.pk).only("state", "approved_amount"))
    cap_remaining = rules.cap_left(person_cap(claim, claim.rule), approved_total(others))
    budget_remaining = None
    if claim.scheme.annual_budget is not None:
        budget = SchemeBudget.objects.filter(scheme=claim.scheme, year=timezone.localdate().year).first()
        budget_remaining = budget.remaining if budget else claim.scheme.annual_budget
    most = None
    if claim.eligible_amount is not None:
        most = rules.approval_limit(
            eligible=claim.eligible_amount,
            requested=claim.requested_amount,
            cap_remaining=cap_remaining,
            budget_remaining=budget_remaining,
        )
    return {"cap_remaining": cap_remaining, "budget_remaining": budget_remaining, "most": most}


# --- pages' reads ---------------------------------------------------------------------------------


def profile_lacks_identity(user: User) -> bool:
    profile = ApplicantProfile.objects.filter(user=user).first()
    return profile is None or not profile.identity_number


def claims_of(user: User) -> QuerySet[Claim]:
    """An applicant's own claims, newest first."""
    return Claim.objects.filter(applicant=user).select_related("scheme").order_by("-created_at", "-id")


def claim_timeline(claim: Claim) -> QuerySet[ClaimTransition]:
    return claim.transitions.select_related("actor").order_by("created_at", "id")


class ReturnRequest(TypedDict):
    question: str
    documents: list[str]
    asked_at: datetime


def claim_return_request(claim: Claim) -> ReturnRequest | None:
    """What a returned claim's applicant is asked to do: the latest return's question, the names
    of the documents asked for, and when (one query for the transition, one for the names).
    None unless the claim is returned."""
    if claim.state != ClaimState.RETURNED:
        return None
    step = claim.transitions.filter(to_state=ClaimState.RETURNED).order_by("-created_at", "-id").first()
    if step is None:
        return None
    codes = list(step.documents_requested or [])
    names = {doc.code: doc.name for doc in claim.scheme.required_documents.filter(code__in=codes)} if codes else {}
    return {
        "question": step.note,
        "documents": [names.get(code, code) for code in codes],
        "asked_at": step.created_at,
    }


class BatchesWaiting(TypedDict):
    count: int
    total: Decimal | None


def approved_waiting_for_payment() -> BatchesWaiting:
    """Approved claims in no batch yet: how many, and their total (one query)."""
    found = Claim.objects.filter(state=ClaimState.APPROVED, payment_item__isnull=True).aggregate(
        count=Count("id"), total=Sum("approved_amount")
    )
    return {"count": found["count"], "total": found["total"]}


def payment_batches() -> QuerySet[PaymentBatch]:
    """Batches, newest first, each with its number of claims (`claims`)."""
    return PaymentBatch.objects.annotate(claims=Count("items")).order_by("-created_at", "-id")


def batch_items(batch: PaymentBatch) -> QuerySet[PaymentBatchItem]:
    return batch.items.select_related("claim__scheme", "claim__applicant").order_by("claim_id")


def staff_queue_counts() -> list[tuple[str, int]]:
    """The staff dashboard panel: claims waiting at each step, and approved ones (one query)."""
    shown = (
        ClaimState.SUBMITTED,
        ClaimState.RESUBMITTED,
        ClaimState.IN_REVIEW,
        ClaimState.RECOMMENDED,
        ClaimState.APPROVED,
    )
    counts = dict(Claim.objects.filter(state__in=shown).values_list("state").annotate(n=Count("id")))
    return [(str(ClaimState(state).label), counts.get(state, 0)) for state in shown]


class SchemeRow(TypedDict):
    scheme: Scheme
    counts: list[int]  # by state, in the order of the page's columns
    approved: Decimal
    budget: Decimal | None


class ClaimStatistics(TypedDict):
    states: list[ClaimState]
    by_state: list[tuple[ClaimState, int]]
    scheme_rows: list[SchemeRow]
    average_days: float | None
    chart: dict[str, object]


def claims_statistics(year: int) -> ClaimStatistics:
    """The staff statistics page: claims by scheme and state, what was approved of each budget
    in `year`, and the average time from submission to decision."""
    schemes = list(Scheme.objects.order_by("ordering", "id"))
    by_state: Counter[str] = Counter()
    by_scheme_state: dict[int, Counter[str]] = defaultdict(Counter)
    for scheme_id, state, count in Claim.objects.values_list("scheme_id", "state").annotate(n=Count("id")):
        by_state[state] += count
        by_scheme_state[scheme_id][state] += count
    approved = dict(
        Claim.objects.filter(state__in=APPROVED_STATES, decided_at__year=year)
        .values_list("scheme_id")
        .annotate(total=Sum("approved_amount"))
    )
    budgets = {b.scheme_id: b for b in SchemeBudget.objects.filter(year=year)}
    average = Claim.objects.filter(decided_at__isnull=False, submitted_at__isnull=False).aggregate(
        avg=Avg(F("decided_at") - F("submitted_at"))
    )["avg"]
    states: list[ClaimState] = [s for s in ClaimState if s != ClaimState.DRAFT]
    scheme_rows: list[SchemeRow] = []
    for scheme in schemes:
        budget_amount = budgets[scheme.pk].amount if scheme.pk in budgets else scheme.annual_budget
        scheme_rows.append(
            {
                "scheme": scheme,
                "counts": [by_scheme_state[scheme.pk][s] for s in states],
                "approved": approved.get(scheme.pk) or Decimal("0"),
                "budget": budget_amount,
            }
        )
    chart: dict[str, object] = {
        "states": {
            "labels": [str(s.label) for s in states],
            "values": [by_state[s] for s in states],
            "label": _("Claims"),
        },
        "budget": {
            "labels": [str(r["scheme"].name) for r in scheme_rows],
            "approved": [float(r["approved"]) for r in scheme_rows],
            "budget": [float(r["budget"] or 0) for r in scheme_rows],
            "approved_label": _("Approved (RMB)"),
            "budget_label": _("Budget (RMB)"),
        },
    }
    return {
        "states": states,
        "by_state": [(s, by_state[s]) for s in states],
        "scheme_rows": scheme_rows,
        "average_days": round(average.total_seconds() / 86400, 1) if average else None,
        "chart": chart,
    }
