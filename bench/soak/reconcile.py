"""After the load: every total checked against the rows it comes from. Each check returns
(name, figure, problems); an empty `problems` list is a pass. Plain ORM and SQL, read only."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

ZERO = Decimal("0.00")
SINCE = [datetime(2000, 1, 1, tzinfo=UTC)]  # set to the load's start by the runner


def _sum(values) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def approved_equals_timelines() -> tuple[str, str, list[str]]:
    """Each approved or paid claim has exactly one "approved" step in its timeline, for its
    approved amount; the claim's state is its timeline's last step; no undecided claim carries
    an approved amount."""
    from subsidies.models import APPROVED_STATES, Claim, ClaimState, ClaimTransition

    problems = []
    steps = defaultdict(list)
    for claim_id, amount in ClaimTransition.objects.filter(to_state=ClaimState.APPROVED).values_list(
        "claim_id", "amount"
    ):
        steps[claim_id].append(amount)
    approved = dict(Claim.objects.filter(state__in=APPROVED_STATES).values_list("pk", "approved_amount"))
    for claim_id, amount in approved.items():
        if steps.get(claim_id) != [amount]:
            problems.append(f"claim {claim_id}: approved {amount}, timeline's approvals {steps.get(claim_id)}")
    for claim_id in set(steps) - set(approved):
        problems.append(f"claim {claim_id} has an approval step but is not approved or paid")
    last_steps = {
        row["claim_id"]: row["to_state"]
        for row in ClaimTransition.objects.order_by("claim_id", "-created_at", "-id")
        .distinct("claim_id")
        .values("claim_id", "to_state")
    }
    for claim_id, state in Claim.objects.values_list("pk", "state"):
        if last_steps.get(claim_id) != state:
            problems.append(f"claim {claim_id} is {state} but its timeline ends at {last_steps.get(claim_id)}")
    claims_total = _sum(approved.values())
    steps_total = _sum(a for amounts in steps.values() for a in amounts)
    if claims_total != steps_total:
        problems.append(f"approved {claims_total} != timeline approvals {steps_total}")
    return "approved sums = timelines' approvals", f"{len(approved)} claims, {claims_total} RMB", problems


def paid_equals_timelines() -> tuple[str, str, list[str]]:
    """Each paid claim: one "paid" step for its approved amount, in exactly one paid batch whose
    total is the sum of its items; every claim of a paid batch is paid."""
    from subsidies.models import Claim, ClaimState, ClaimTransition, PaymentBatch, PaymentBatchItem, PaymentBatchState

    problems = []
    paid_steps = defaultdict(list)
    for claim_id, amount in ClaimTransition.objects.filter(to_state=ClaimState.PAID).values_list("claim_id", "amount"):
        paid_steps[claim_id].append(amount)
    paid = dict(Claim.objects.filter(state=ClaimState.PAID).values_list("pk", "approved_amount"))
    for claim_id, amount in paid.items():
        if paid_steps.get(claim_id) != [amount]:
            problems.append(f"claim {claim_id}: paid {amount}, timeline's payments {paid_steps.get(claim_id)}")
    for claim_id in set(paid_steps) - set(paid):
        problems.append(f"claim {claim_id} has a payment step but is not paid")
    for batch in PaymentBatch.objects.annotate(items_total=Sum("items__amount"), n=Count("items")):
        if batch.total != (batch.items_total or ZERO):
            problems.append(f"batch {batch.reference}: total {batch.total} != items {batch.items_total}")
    paid_items = PaymentBatchItem.objects.filter(batch__state=PaymentBatchState.PAID)
    unpaid_in_paid = paid_items.exclude(claim__state=ClaimState.PAID).values_list("claim_id", flat=True)
    problems += [f"claim {c} is in a paid batch but not paid" for c in unpaid_in_paid]
    unbatched = set(paid) - set(paid_items.values_list("claim_id", flat=True))
    problems += [f"claim {c} is paid outside any paid batch" for c in sorted(unbatched)]
    items_total = _sum(paid_items.values_list("amount", flat=True))
    steps_total = _sum(a for amounts in paid_steps.values() for a in amounts)
    if items_total != steps_total:
        problems.append(f"paid batches {items_total} != timeline payments {steps_total}")
    batches = PaymentBatch.objects.filter(state=PaymentBatchState.PAID).count()
    return (
        "paid sums = timelines' payments = paid batches",
        f"{len(paid)} claims in {batches} batches, {steps_total} RMB",
        problems,
    )


def budgets_committed() -> tuple[str, str, list[str]]:
    """Each scheme's budget for a year: committed = the approved amounts of the claims decided
    that year (approved or paid), and never above the budget."""
    from subsidies.models import APPROVED_STATES, Claim, SchemeBudget

    problems = []
    total = ZERO
    budgets = list(SchemeBudget.objects.select_related("scheme"))
    for budget in budgets:
        approved = Claim.objects.filter(scheme=budget.scheme, state__in=APPROVED_STATES, decided_at__year=budget.year)
        expected = approved.aggregate(s=Sum("approved_amount"))["s"] or ZERO
        total += budget.committed
        if budget.committed != expected:
            problems.append(f"{budget.scheme.code} {budget.year}: committed {budget.committed} != approved {expected}")
        if budget.committed > budget.amount:
            problems.append(
                f"{budget.scheme.code} {budget.year}: committed {budget.committed} > budget {budget.amount}"
            )
    return "budgets' committed = approved sums", f"{len(budgets)} budgets, {total} RMB committed", problems


def person_caps() -> tuple[str, str, list[str]]:
    """No person (by account, and by identity number) approved above a scheme's ceiling; no
    mentor approved above their entitlement under gba-mentor."""
    from mentorship.models import MentorEntitlement
    from subsidies import rules as subsidy_rules
    from subsidies.models import APPROVED_STATES, Claim

    problems = []
    groups: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    ceilings: dict[tuple, Decimal | None] = {}
    mentor_totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    approved = Claim.objects.filter(state__in=APPROVED_STATES).select_related("rule", "scheme")
    for claim in approved:
        if claim.rule is not None and claim.rule.kind == subsidy_rules.MENTOR_SERVICES:
            mentor_totals[claim.applicant_id] += claim.approved_amount
            continue
        ceiling = claim.rule.ceiling if claim.rule is not None else None
        for key in {
            ("account", claim.scheme_id, claim.applicant_id),
            ("identity", claim.scheme_id, claim.identity_number),
        }:
            if key[2]:
                groups[key] += claim.approved_amount
                ceilings[key] = ceiling
    for key, amount in groups.items():
        if ceilings[key] is not None and amount > ceilings[key]:
            problems.append(f"{key}: approved {amount} > ceiling {ceilings[key]}")
    entitlements = dict(MentorEntitlement.objects.values_list("mentor__user_id", "total"))
    for user_id, amount in mentor_totals.items():
        if amount > entitlements.get(user_id, ZERO):
            problems.append(f"mentor user {user_id}: approved {amount} > entitlement {entitlements.get(user_id)}")
    figure = f"{len(groups)} person-scheme totals, {len(mentor_totals)} mentors' claims"
    return "no person above a cap", figure, problems


def mentee_caps_and_recomputation() -> tuple[str, str, list[str]]:
    """Each stored entitlement equals a fresh computation from the records (the last
    recomputation Celery ran saw every service), and no mentee is above a per-mentee cap."""
    from mentorship import rules, selectors
    from mentorship.models import Mentor, MentorEntitlement, RelationshipEntitlement

    problems = []
    schedules = selectors.rate_schedules()
    career_cap = max(s.career_guidance_cap for s in schedules)
    internship_cap = max(s.internship_guidance_cap for s in schedules)
    stored = {e.mentor_id: e for e in MentorEntitlement.objects.all()}
    mentors = list(Mentor.objects.order_by("pk").values_list("pk", flat=True))
    for mentor_id in mentors:
        relationship_ids, services, attendances = selectors.mentor_records(mentor_id)
        if not services and not attendances:
            continue
        fresh = rules.compute_entitlement(
            services=services, attendances=attendances, schedules=schedules, relationship_ids=relationship_ids
        )
        if mentor_id not in stored or stored[mentor_id].total != fresh.total:
            problems.append(
                f"mentor {mentor_id}: stored {getattr(stored.get(mentor_id), 'total', None)} != fresh {fresh.total}"
            )
    over = RelationshipEntitlement.objects.filter(
        Q(career_guidance__gt=career_cap) | Q(internship_guidance__gt=internship_cap)
    ).values_list("relationship_id", flat=True)
    problems += [f"relationship {r} above a per-mentee cap" for r in over]
    count = RelationshipEntitlement.objects.count()
    at_cap = RelationshipEntitlement.objects.filter(career_guidance=career_cap).count()
    return (
        "entitlements recomputed, no mentee above a cap",
        f"{len(stored)} mentors, {count} mentees ({at_cap} at the career-guidance cap of {career_cap})",
        problems,
    )


def eligibility_computed(since=None) -> tuple[str, str, list[str]]:
    """Every claim submitted since `since` (the load's start: the demo's claims are written
    straight to the database) had its eligibility computed by Celery after its submission."""
    from django.db.models import F

    from subsidies.models import Claim

    submitted = Claim.objects.filter(submitted_at__isnull=False, submitted_at__gte=since or SINCE[0])
    late = submitted.filter(Q(eligibility_computed_at__isnull=True) | Q(eligibility_computed_at__lt=F("submitted_at")))
    problems = [f"claim {pk}: eligibility not computed after submission" for pk in late.values_list("pk", flat=True)]
    return "every submitted claim computed by Celery", f"{submitted.count()} submitted claims", problems


def outbox_sent() -> tuple[str, str, list[str]]:
    from portal.models import OutboxMessage

    unsent = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    total = OutboxMessage.objects.count()
    return "no outbox row left unsent", f"{total} rows, {unsent} unsent", [f"{unsent} unsent"] if unsent else []


def reports_history() -> tuple[str, str, list[str]]:
    """Each report's version is the number of its history rows (one per save, none lost or
    doubled)."""
    from incubators.models import ProjectCountReport

    problems = []
    history = ProjectCountReport.history.model.objects
    rows = dict(history.values("id").annotate(n=Count("history_id")).values_list("id", "n"))
    reports = dict(ProjectCountReport.objects.values_list("pk", "version"))
    for pk, version in reports.items():
        if rows.get(pk, 0) != version:
            problems.append(f"report {pk}: version {version}, {rows.get(pk, 0)} history rows")
    return (
        "every report's history has one row per version",
        f"{len(reports)} reports, {sum(rows.values())} history rows",
        problems,
    )


CHECKS = [
    approved_equals_timelines,
    paid_equals_timelines,
    budgets_committed,
    person_caps,
    mentee_caps_and_recomputation,
    eligibility_computed,
    outbox_sent,
    reports_history,
]


def pending_work() -> dict[str, int]:
    """What Celery still has to do: unsent outbox rows, submitted claims not yet computed."""
    checks = (outbox_sent(), eligibility_computed(), mentee_caps_and_recomputation())
    return {name: len(problems) for name, _figure, problems in checks}


def run_all() -> list[tuple[str, str, list[str]]]:
    return [check() for check in CHECKS]
