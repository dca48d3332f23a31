"""On PostgreSQL, many threads deciding money at once: one cap and one budget are never exceeded,
and a payment batch is paid once. Each thread has its own connection (closed at the end)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from subsidies import rules, services
from subsidies.models import Claim, ClaimState, ClaimTransition, SchemeBudget

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
SAME = "Z683786" + rules.hkid_check_digit("Z", "683786")


def race(calls):
    """Run every call at once (a barrier releases them together); returns the results, each a
    value or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - recorded and asserted on by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_one_person_many_claims_never_exceed_the_cap(kit):
    # the same person (one HKID) under several accounts, each with a recommended 60,000 claim
    claims = [kit.recommended("luohu-living", identity_number="A123456(3)") for _ in range(THREADS)]
    results = race(
        [(lambda c=c: services.claim_approve(claim_id=c.pk, actor=kit.approver, amount="60000")) for c in claims]
    )
    won = [r for r in results if isinstance(r, Claim)]
    refused = [r for r in results if isinstance(r, services.InvalidInput)]
    assert len(won) == 1 and len(refused) == THREADS - 1, results
    total = Claim.objects.filter(identity_number="A1234563", state=ClaimState.APPROVED).aggregate(
        s=Sum("approved_amount")
    )["s"]
    assert total == Decimal("60000.00")


def test_many_people_never_exceed_the_budget(kit, schemes):
    scheme = schemes["luohu-living"]
    scheme.annual_budget = Decimal("150000")
    scheme.save()
    claims = [kit.recommended("luohu-living") for _ in range(THREADS)]
    results = race(
        [(lambda c=c: services.claim_approve(claim_id=c.pk, actor=kit.approver, amount="60000")) for c in claims]
    )
    assert sum(isinstance(r, Claim) for r in results) == 2, results
    assert all(isinstance(r, (Claim, services.InvalidInput)) for r in results), results
    budget = SchemeBudget.objects.get(scheme=scheme)
    approved = Claim.objects.filter(scheme=scheme, state=ClaimState.APPROVED).aggregate(s=Sum("approved_amount"))["s"]
    assert budget.committed == approved == Decimal("120000.00") <= budget.amount


def test_cap_and_budget_together_with_partial_amounts(kit, schemes):
    scheme = schemes["luohu-living"]
    scheme.annual_budget = Decimal("100000")
    scheme.save()
    same_person = [
        kit.recommended("luohu-living", identity_number=SAME, requested_amount=Decimal("25000")) for _ in range(4)
    ]
    others = [kit.recommended("luohu-living", requested_amount=Decimal("25000")) for _ in range(4)]
    results = race(
        [
            (lambda c=c: services.claim_approve(claim_id=c.pk, actor=kit.approver, amount="25000"))
            for c in same_person + others
        ]
    )
    assert all(isinstance(r, (Claim, services.InvalidInput)) for r in results), results
    budget = SchemeBudget.objects.get(scheme=scheme)
    assert budget.committed <= budget.amount
    person_total = Claim.objects.filter(identity_number=SAME, state=ClaimState.APPROVED).aggregate(
        s=Sum("approved_amount")
    )["s"] or Decimal("0")
    assert person_total <= Decimal("50000")  # two of 25,000 fit in the 60,000 cap, a third does not
    # the budget holds four approvals of 25,000, and six could be allowed by the caps: four win
    assert sum(isinstance(r, Claim) for r in results) == 4
    assert (
        budget.committed
        == Claim.objects.filter(scheme=scheme, state=ClaimState.APPROVED).aggregate(s=Sum("approved_amount"))["s"]
    )


def test_payment_batch_marked_paid_by_two_at_once_pays_once(kit, make_user):
    claims = [kit.approved() for _ in range(3)]
    batch = services.payment_batch_create(actor=kit.approver)
    second_approver = make_user("approver")
    results = race(
        [
            lambda: services.payment_batch_mark_paid(batch_id=batch.pk, actor=kit.approver),
            lambda: services.payment_batch_mark_paid(batch_id=batch.pk, actor=second_approver),
        ]
    )
    assert sorted(type(r).__name__ for r in results) == ["PaymentBatch", "WrongState"], results
    for claim in claims:
        assert ClaimTransition.objects.filter(claim=claim, to_state=ClaimState.PAID).count() == 1


def test_two_batches_at_once_take_each_claim_once(kit, make_user):
    claims = [kit.approved() for _ in range(3)]
    results = race([lambda: services.payment_batch_create(actor=kit.approver) for _ in range(3)])
    made = [r for r in results if not isinstance(r, Exception)]
    assert len(made) == 1, results
    assert all(isinstance(r, services.WrongState) for r in results if isinstance(r, Exception))
    assert sorted(made[0].items.values_list("claim_id", flat=True)) == sorted(c.pk for c in claims)
