"""Money-deciding services run in their own durable transaction and enqueue work only on commit."""

from __future__ import annotations

import pytest
from django.db import transaction

from accounts.models import Notification
from subsidies import services
from tests.subsidies.factories import ClaimKit


@pytest.fixture
def kit(db, make_user, django_capture_on_commit_callbacks):
    from subsidies.demo import ensure_schemes

    return ClaimKit(schemes=ensure_schemes(), make_user=make_user, capture=django_capture_on_commit_callbacks)


def test_approval_cannot_be_nested_in_another_transaction(kit):
    claim = kit.recommended()
    with pytest.raises(RuntimeError, match="durable"):
        with transaction.atomic():
            services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=claim.eligible_amount)
    claim.refresh_from_db()
    assert claim.approved_amount is None


@pytest.mark.parametrize(
    "call",
    [
        lambda kit, claim: services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount="999999999"),
        lambda kit, claim: services.claim_approve(claim_id=claim.pk, actor=claim.applicant, amount="1"),
        lambda kit, claim: services.claim_submit(claim_id=claim.pk, actor=claim.applicant),
    ],
    ids=["amount above the limits", "applicant approving", "submit from the wrong state"],
)
def test_a_refused_transition_enqueues_and_notifies_nothing(kit, django_capture_on_commit_callbacks, call):
    claim = kit.recommended()
    notifications = Notification.objects.count()
    transitions = claim.transitions.count()
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises((services.InvalidInput, services.NotAllowed, services.WrongState)):
            call(kit, claim)
    assert callbacks == []
    assert Notification.objects.count() == notifications
    assert claim.transitions.count() == transitions


def test_an_accepted_transition_enqueues_after_commit(kit, django_capture_on_commit_callbacks):
    claim = kit.recommended()
    with django_capture_on_commit_callbacks() as callbacks:
        services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=claim.eligible_amount)
    assert callbacks  # the applicant's notification waits for the commit
