"""Closed claims past the retention period lose their personal data; nothing else does."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from subsidies import conf, services
from subsidies.models import Claim, ClaimDocument, ClaimState
from subsidies.retention import claims_anonymise_expired

pytestmark = pytest.mark.django_db


def run(kit, fn, **kwargs):
    with kit.capture(execute=True):
        return fn(**kwargs)


def paid_claim(kit) -> Claim:
    claim = kit.recommended()
    run(kit, services.claim_approve, claim_id=claim.pk, actor=kit.approver, amount="7500")
    batch = run(kit, services.payment_batch_create, actor=kit.approver, claim_ids=[claim.pk])
    run(kit, services.payment_batch_mark_paid, batch_id=batch.pk, actor=kit.approver)
    claim.refresh_from_db()
    return claim


def test_closed_claims_past_retention_are_anonymised_once(kit):
    old_paid = paid_claim(kit)
    old_withdrawn = kit.submitted()
    run(kit, services.claim_withdraw, claim_id=old_withdrawn.pk, actor=old_withdrawn.applicant)
    recent_paid = paid_claim(kit)
    open_claim = kit.submitted()
    files = [Path(doc.file.path) for doc in ClaimDocument.objects.filter(claim=old_paid)]
    assert files and all(f.exists() for f in files)

    long_ago = timezone.now() - timedelta(days=conf.RETENTION_DAYS + 1)
    Claim.objects.filter(pk__in=[old_paid.pk, old_withdrawn.pk, open_claim.pk]).update(state_changed_at=long_ago)

    with kit.capture(execute=True):
        assert claims_anonymise_expired() == 2
    with kit.capture(execute=True):
        assert claims_anonymise_expired() == 0  # idempotent

    old_paid.refresh_from_db()
    assert old_paid.identity_number == "" and old_paid.anonymised_at is not None
    assert old_paid.approved_amount == Decimal("7500.00") and old_paid.state == ClaimState.PAID
    assert old_paid.transitions.count() > 0  # the timeline stays for audit
    assert not ClaimDocument.objects.filter(claim=old_paid).exists()
    assert not any(f.exists() for f in files)
    for kept in (recent_paid, open_claim):
        kept.refresh_from_db()
        assert kept.identity_number and kept.anonymised_at is None
        assert ClaimDocument.objects.filter(claim=kept).exists()
