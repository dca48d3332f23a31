"""Property tests of the money rules through the real services: for any sequence of claims and
approvals, no approved total exceeds a person's cap, a claim's eligible or requested amount, or
the scheme's budget, and every amount is an exact decimal of whole cents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subsidies import services
from subsidies.models import Claim, ClaimState, SchemeBudget
from tests.subsidies.factories import ClaimKit

CENTS = Decimal("0.01")
LIVING_CAP = Decimal("60000")  # Luohu: a one-time living subsidy of 60,000 RMB a person

# Amounts near the cap and the budget's edges as well as anywhere in between.
amounts = st.one_of(
    st.sampled_from([Decimal(v) for v in ("60000", "59999.99", "60000.01", "30000", "30000.01", "45000", "20000")]),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("90000"), places=2),
)
step = st.tuples(
    st.integers(min_value=0, max_value=2),  # which person (each has two accounts, one identity)
    st.integers(min_value=0, max_value=1),  # which of their accounts applies
    amounts,  # requested
    amounts,  # what the approver tries to approve
)


@pytest.fixture
def kit(db, make_user, django_capture_on_commit_callbacks):
    from subsidies.demo import ensure_schemes

    return ClaimKit(schemes=ensure_schemes(), make_user=make_user, capture=django_capture_on_commit_callbacks)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(step, min_size=1, max_size=6),
    budget_added=st.sampled_from([Decimal("50000"), Decimal("90000.50"), Decimal("150000")]),
)
@pytest.mark.heavy
def test_no_sequence_of_approvals_breaks_a_cap_or_the_budget(kit, steps, budget_added):
    scheme = kit.schemes["luohu-living"]
    year = timezone.localdate().year
    budget, _ = SchemeBudget.objects.get_or_create(scheme=scheme, year=year, defaults={"amount": 0})
    # each example starts with `budget_added` left in the year's budget (staff top it up)
    SchemeBudget.objects.filter(pk=budget.pk).update(amount=budget.committed + budget_added)

    people = []
    for _person in range(3):
        hkid = kit.next_hkid()
        people.append((hkid, [kit.make_user("youth"), kit.make_user("youth")]))

    for person, account, requested, approve in steps:
        hkid, accounts = people[person]
        claim = kit.recommended(
            "luohu-living", applicant=accounts[account], identity_number=hkid, requested_amount=requested
        )
        try:
            with kit.capture(execute=True):
                services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=approve, reason="Checked.")
        except services.InvalidInput:
            claim.refresh_from_db()
            assert claim.state == ClaimState.RECOMMENDED and claim.approved_amount is None

    approved = Claim.objects.filter(scheme=scheme, state__in=[ClaimState.APPROVED, ClaimState.PAID])
    for claim in approved:
        assert claim.approved_amount == claim.approved_amount.quantize(CENTS)
        assert claim.approved_amount <= claim.eligible_amount
        assert claim.approved_amount <= claim.requested_amount
    for hkid, _accounts in people:
        total = approved.filter(identity_number=hkid).aggregate(s=Sum("approved_amount"))["s"] or Decimal(0)
        assert total <= LIVING_CAP
    budget.refresh_from_db()
    assert budget.committed == (approved.aggregate(s=Sum("approved_amount"))["s"] or Decimal(0))
    assert budget.committed <= budget.amount
