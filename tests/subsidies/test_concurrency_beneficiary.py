"""Caps by beneficiary under concurrency, on the real PostgreSQL (issue 15 #3): several claims of
one base (the municipal award, 500,000 once per base) or of one company (landing support, up to
1,000,000), made by different people, approved by different approvers at the same instant.
Exactly one base award is approved; a company's approvals never pass its cap. Each refusal is a
domain error (a 4xx), never a crash. The approval locks every claim of the beneficiary
(selectors.beneficiary_q) in pk order before it reads the cap."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from subsidies import rules, services
from subsidies.models import Claim, ClaimState
from tests.incubators.factories import BaseFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
RUNS = 4


def _race(claim_ids: list[int], approvers, amount: str) -> list[str]:
    barrier = threading.Barrier(len(claim_ids))
    outcomes: list[str] = [""] * len(claim_ids)

    def approve(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            services.claim_approve(claim_id=claim_ids[index], actor=approvers[index], amount=amount, reason="Race.")
            outcomes[index] = "approved"
        except services.DomainError as error:
            outcomes[index] = f"refused {error.status}"
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcomes[index] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(len(claim_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_one_base_award_per_base_whoever_approves_at_once(kit, make_user):
    approvers = [make_user("approver") for _ in range(THREADS)]
    for run in range(RUNS):
        base = BaseFactory()
        claim_ids = []
        for n in range(THREADS):
            operator = make_user("base_operator")
            base.operators.add(operator)
            claim = kit.recommended("municipal-base-award", applicant=operator, base_id=base.pk, period=f"{2022 + n}")
            claim_ids.append(claim.pk)
        outcomes = _race(claim_ids, approvers, "500000")
        assert sorted(outcomes) == ["approved"] + ["refused 400"] * (THREADS - 1), (run, outcomes)
        approved = Claim.objects.filter(base=base, state=ClaimState.APPROVED)
        assert approved.aggregate(total=Sum("approved_amount"))["total"] == Decimal("500000.00")


def test_a_companys_cap_holds_when_its_founders_are_approved_at_once(kit, make_user):
    approvers = [make_user("approver") for _ in range(THREADS)]
    for run in range(RUNS):
        first17 = f"91440300MA{run:07d}"
        number = first17 + rules.uscc_check_character(first17)
        claim_ids = [
            kit.recommended("futian-landing-competition", registration_number=number).pk for _ in range(THREADS)
        ]
        outcomes = _race(claim_ids, approvers, "400000")
        # 1,000,000 holds two approvals of 400,000; the third would pass it
        assert sorted(outcomes) == ["approved"] * 2 + ["refused 400"] * (THREADS - 2), (run, outcomes)
        total = Claim.objects.filter(registration_number=number, state=ClaimState.APPROVED).aggregate(
            total=Sum("approved_amount")
        )["total"]
        assert total == Decimal("800000.00")
