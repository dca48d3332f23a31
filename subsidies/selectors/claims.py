"""Claims as staff and applicants see them: the queue and its flags, caps left, the pages' reads."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypedDict

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from incubators import selectors as incubator_selectors
from incubators.models import Base

from .. import rules
from ..models import (
    APPROVED_STATES,
    LIVE_STATES,
    QUEUE_STATES,
    SENT_TO_STAFF,
    ApplicantProfile,
    Claim,
    ClaimState,
    ClaimTransition,
    PaymentBatch,
    PaymentBatchItem,
    Scheme,
    SchemeBudget,
)
from .rules_in_force import approved_total, person_cap, person_claims_q


def claims_visible_to(user: User) -> QuerySet[Claim]:
    """Staff see every claim ever submitted (models.SENT_TO_STAFF), and their own; anyone else
    only their own."""
    qs = Claim.objects.select_related("scheme", "applicant")
    if roles.is_bureau_staff(user):
        return qs.filter(SENT_TO_STAFF | Q(applicant=user))
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
    qs = Claim.objects.filter(SENT_TO_STAFF).select_related("scheme", "applicant", "payment_item")
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


# At most this many flags are worked out per claim: a page of the queue does bounded work
# whatever one person has claimed (issue 15 #11).
FLAGS_PER_CLAIM = 5


def _company_key(claim: Claim) -> str:
    return claim.company_name.strip().lower()


def double_claim_flags(claims: list[Claim]) -> dict[int, list[str]]:
    """Flags for staff, for a page of claims, in two queries: another live claim of the same
    scheme for the same beneficiary (Scheme.given_to: the same person, by account or identity
    number; the same company, by registration number or name; the same base) whose internship
    dates overlap, or, without dates, for the same period (any period, for a one-time measure:
    Scheme.claims_per_period off); or a claim of the same person under a scheme exclusive with
    this one (exclusive_conflicts, what the applicant is told too).

    Periods are compared as date ranges (rules.periods_overlap), never month by month, and at
    most FLAGS_PER_CLAIM flags are worked out per claim: the work per page is bounded by the
    number of claims it finds, whatever their dates."""
    if not claims:
        return {}
    scheme_ids = {c.scheme_id for c in claims}
    exclusive = exclusive_schemes(scheme_ids)
    identities = {c.identity_number for c in claims if c.identity_number}
    companies = {_company_key(c) for c in claims if _company_key(c)}
    registrations = {c.registration_number for c in claims if c.registration_number}
    bases = {c.base_id for c in claims if c.base_id is not None}
    q = Q(applicant_id__in={c.applicant_id for c in claims}) | Q(identity_number__in=identities)
    q |= Q(registration_number__in=registrations) | Q(base_id__in=bases)
    for name in companies:
        q |= Q(company_name__iexact=name)  # the index on UPPER(company_name)
    # Only claims of these schemes or of schemes exclusive with them can raise a flag.
    relevant_schemes = scheme_ids.union(*exclusive.values())
    others = list(
        Claim.objects.filter(q, state__in=LIVE_STATES, scheme_id__in=relevant_schemes)
        .only(
            "id",
            "scheme_id",
            "applicant_id",
            "identity_number",
            "company_name",
            "registration_number",
            "base_id",
            "period",
            "start_date",
            "end_date",
        )
        .order_by("pk")
    )
    return flags_among(claims, others, exclusive)


def flags_among(claims: list[Claim], others: list[Claim], exclusive: dict[int, set[int]]) -> dict[int, list[str]]:
    """The double-claim flags of `claims` against `others` (the live claims that may match,
    schemes on `claims` only), without a query: each claim is compared with the other claims of
    its beneficiary only, found through these maps (in pk order), one comparison of date ranges
    each, at most FLAGS_PER_CLAIM flags. bench/double_claims.py measures it."""
    texts = _flag_texts()
    index: dict[tuple[str, object], list[Claim]] = defaultdict(list)
    for other in others:
        for key in _beneficiary_keys(other):
            index[key].append(other)
    flags: dict[int, list[str]] = {}
    for claim in claims:
        found: list[str] = []
        seen: set[int] = {claim.id}
        candidates = sorted(
            {o.id: o for key in _beneficiary_keys(claim) for o in index.get(key, ())}.values(), key=lambda o: o.id
        )
        for other in candidates:
            if len(found) >= FLAGS_PER_CLAIM:
                break
            if other.id in seen:
                continue
            seen.add(other.id)
            flag = _double_claim(claim, other, exclusive, texts)
            if flag:
                found.append(flag)
        flags[claim.id] = found
    return flags


def _beneficiary_keys(claim: Claim) -> list[tuple[str, object]]:
    keys: list[tuple[str, object]] = [("applicant", claim.applicant_id)]
    if claim.identity_number:
        keys.append(("identity", claim.identity_number))
    if _company_key(claim):
        keys.append(("company", _company_key(claim)))
    if claim.registration_number:
        keys.append(("registration", claim.registration_number))
    if claim.base_id is not None:
        keys.append(("base", claim.base_id))
    return keys


def _same_person(claim: Claim, other: Claim) -> bool:
    return other.applicant_id == claim.applicant_id or bool(
        claim.identity_number and other.identity_number == claim.identity_number
    )


def _same_beneficiary(claim: Claim, other: Claim) -> str:
    """How `other` (a claim of the same scheme) is for the same beneficiary: "person",
    "company", "base", or "" when it is not."""
    given_to = claim.scheme.given_to
    if given_to == rules.BASE:
        return "base" if claim.base_id is not None and other.base_id == claim.base_id else ""
    if given_to == rules.COMPANY:
        if claim.registration_number and other.registration_number == claim.registration_number:
            return "company"
        if _company_key(claim) and _company_key(other) == _company_key(claim):
            return "company"
        return ""
    return "person" if _same_person(claim, other) else ""


def _flag_texts() -> dict[str, str]:
    """The flags' words in the active language, looked up once a page."""
    return {
        "exclusive": _("Claim #%(id)s is under a scheme exclusive with this one."),
        "overlap": _("Internship months overlap claim #%(id)s."),
        "same": _("Claim #%(id)s: same scheme and period (%(who)s)."),
        "person": _("same person"),
        "company": _("same company"),
        "base": _("same base"),
    }


def _excludes(claim: Claim, other: Claim, exclusive: dict[int, set[int]]) -> bool:
    """The rule of incompatible schemes, one source for staff's flag and the applicant's warning:
    the same person has a live claim under a scheme that cannot be combined with this one."""
    return other.scheme_id in exclusive[claim.scheme_id] and _same_person(claim, other)


def _double_claim(claim: Claim, other: Claim, exclusive: dict[int, set[int]], texts: dict[str, str]) -> str:
    if other.scheme_id != claim.scheme_id:
        return texts["exclusive"] % {"id": other.id} if _excludes(claim, other, exclusive) else ""
    who = _same_beneficiary(claim, other)
    if not who:
        return ""
    if claim.start_date and claim.end_date and other.start_date and other.end_date:
        if rules.periods_overlap(claim.start_date, claim.end_date, other.start_date, other.end_date):
            return texts["overlap"] % {"id": other.id}
        return ""
    if not claim.scheme.claims_per_period or (claim.period or "") == (other.period or ""):
        return texts["same"] % {"id": other.id, "who": texts[who]}
    return ""


def exclusive_conflicts(user: User, scheme: Scheme, claim: Claim | None = None) -> list[Claim]:
    """The applicant's live claims (by account, or identity number) under schemes that cannot be
    combined with `scheme`: what the applicant is told before submitting, by the rule staff's
    flag uses (_excludes). `claim`: the claim being made, when it exists. Two queries at most."""
    exclusive = exclusive_schemes([scheme.pk])
    if not exclusive[scheme.pk]:
        return []
    if claim is None or not claim.identity_number:  # a draft takes the number at submission
        profile = ApplicantProfile.objects.filter(user=user).only("identity_number").first()
        claim = Claim(
            pk=claim.pk if claim else None,
            scheme=scheme,
            applicant=user,
            identity_number=profile.identity_number if profile else "",
        )
    q = Q(applicant_id=user.pk)
    if claim.identity_number:
        q |= Q(identity_number=claim.identity_number)
    others = Claim.objects.filter(q, state__in=LIVE_STATES, scheme_id__in=exclusive[scheme.pk]).select_related("scheme")
    return [other for other in others.order_by("pk") if _excludes(claim, other, exclusive)]


def exclusive_schemes(scheme_ids: Iterable[int]) -> dict[int, set[int]]:
    """{scheme id: the ids of the schemes it cannot be combined with} (Scheme.exclusive_with)."""
    exclusive: dict[int, set[int]] = defaultdict(set)
    for from_id, to_id in Scheme.exclusive_with.through.objects.filter(from_scheme_id__in=list(scheme_ids)).values_list(
        "from_scheme_id", "to_scheme_id"
    ):
        exclusive[from_id].add(to_id)
    return exclusive


def shared_identity_flags(claims: list[Claim]) -> dict[int, list[str]]:
    """For staff, in one query for a page of claims: the claims whose identity number is on more
    than one account (applicant profiles), which would split the per-person caps. The flag says
    how many accounts, never the number."""
    if not claims:
        return {}
    identities = {c.identity_number for c in claims if c.identity_number}
    accounts = dict(
        # one query for any page of claims, anonymised ones too ("" matches no profile counted)
        ApplicantProfile.objects.filter(identity_number__in=identities or {""})
        .exclude(identity_number="")
        .values("identity_number")
        .annotate(n=Count("user_id", distinct=True))
        .filter(n__gt=1)
        .values_list("identity_number", "n")
    )
    message = _("The identity number of this claim is on {count} accounts.")
    return {
        c.pk: [str(format_lazy(message, count=accounts[c.identity_number]))]
        for c in claims
        if c.identity_number in accounts
    }


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


def bases_of_applicant(user: User) -> list[Base]:
    """The bases a base operator may claim for (a measure given to a base)."""
    if not roles.has_role(user, roles.BASE_OPERATOR):
        return []
    return list(incubator_selectors.bases_operated_by(user))


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
    sent = Claim.objects.filter(SENT_TO_STAFF)
    for scheme_id, state, count in sent.values_list("scheme_id", "state").annotate(n=Count("id")):
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
