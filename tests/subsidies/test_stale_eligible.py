"""Issue 15 #1: an approval is decided against the amount of the claim's current facts, not a
stale stored one. The worker is "stopped": on-commit callbacks (the eligibility task) are not
run after the applicant's change, so the stored amount is the old one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from subsidies import services
from subsidies.models import Claim, ClaimState

from .factories import PDF

pytestmark = pytest.mark.django_db

BASE = "/api/v1/subsidies"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _returned_phd_claim(kit, make_user, capture):
    from django.core.files.uploadedfile import SimpleUploadedFile

    youth = make_user("youth")
    api = client_for(youth)
    with capture(execute=True):
        response = api.post(
            f"{BASE}/claims/",
            {
                "scheme": "futian-internship",
                "education_level": "phd",
                "start_date": "2026-01-01",
                "end_date": "2026-06-30",
                "identity_type": "hkid",
                "identity_number": kit.next_hkid(),
            },
            format="json",
        )
    assert response.status_code == 201, response.json()
    claim_id = response.json()["id"]
    for kind in ("identity", "degree", "contract"):
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf")
        assert api.post(f"{BASE}/claims/{claim_id}/documents/", {"file": upload, "kind": kind}).status_code == 201
    with capture(execute=True):
        assert api.post(f"{BASE}/claims/{claim_id}/submit/").status_code == 200
    assert Claim.objects.get(pk=claim_id).eligible_amount == Decimal("27000.00")
    with capture(execute=True):
        services.claim_return(claim_id=claim_id, actor=kit.reviewer, note="Which month did you work?")
    return api, claim_id


def test_patch_changes_a_returned_claim_and_approval_uses_the_current_facts(
    kit, make_user, django_capture_on_commit_callbacks
):
    api, claim_id = _returned_phd_claim(kit, make_user, django_capture_on_commit_callbacks)
    # the worker is stopped: nothing runs on commit
    response = api.patch(f"{BASE}/claims/{claim_id}/", {"end_date": "2026-01-31"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["end_date"] == "2026-01-31"
    assert response.json()["education_level"] == "phd"  # a PATCH keeps the fields it does not name
    assert api.post(f"{BASE}/claims/{claim_id}/resubmit/").status_code == 200

    reviewer, approver = client_for(kit.reviewer), client_for(kit.approver)
    response = reviewer.post(f"{BASE}/claims/{claim_id}/recommend/")
    assert response.status_code == 200, response.json()
    assert response.json()["eligible_amount"] == "4500.00"  # recomputed in the recommending transaction

    response = approver.post(f"{BASE}/claims/{claim_id}/approve/", {"amount": "27000"}, format="json")
    assert response.status_code == 400, response.json()
    claim = Claim.objects.get(pk=claim_id)
    assert claim.state == ClaimState.RECOMMENDED and claim.approved_amount is None

    response = approver.post(f"{BASE}/claims/{claim_id}/approve/", {"amount": "4500"}, format="json")
    assert response.status_code == 200, response.json()
    assert Claim.objects.get(pk=claim_id).approved_amount == Decimal("4500.00")


def test_approval_recomputes_even_when_the_stored_amount_is_stale(kit, django_capture_on_commit_callbacks):
    """The stored amount is made stale behind the services' back (a rule-data edit, a lost task):
    the approving transaction recomputes from the facts and refuses the old figure."""
    claim = kit.recommended(education_level="phd", start_date=date(2026, 1, 1), end_date=date(2026, 1, 31))
    Claim.objects.filter(pk=claim.pk).update(eligible_amount=Decimal("27000"))
    with pytest.raises(services.InvalidInput):
        services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount="27000")
    claim = services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount="4500")
    assert claim.eligible_amount == Decimal("4500.00") and claim.approved_amount == Decimal("4500.00")


def test_patch_only_by_the_applicant_and_only_while_editable(kit, make_user, django_capture_on_commit_callbacks):
    claim = kit.submitted()
    other = client_for(make_user("youth"))
    assert other.patch(f"{BASE}/claims/{claim.pk}/", {"end_date": "2026-01-31"}, format="json").status_code == 404
    staff = client_for(kit.reviewer)
    assert staff.patch(f"{BASE}/claims/{claim.pk}/", {"end_date": "2026-01-31"}, format="json").status_code == 403
    owner = client_for(claim.applicant)
    response = owner.patch(f"{BASE}/claims/{claim.pk}/", {"end_date": "2026-01-31"}, format="json")
    assert response.status_code == 409, response.json()
    claim.refresh_from_db()
    assert str(claim.end_date) == "2026-03-31"


def test_patch_validates_as_post_does(kit, django_capture_on_commit_callbacks):
    claim = kit.draft()
    owner = client_for(claim.applicant)
    response = owner.patch(f"{BASE}/claims/{claim.pk}/", {"end_date": "2025-12-31"}, format="json")
    assert response.status_code == 400
    assert "end_date" in response.json()
    response = owner.patch(f"{BASE}/claims/{claim.pk}/", {"requested_amount": "-1"}, format="json")
    assert response.status_code == 400
    response = owner.patch(f"{BASE}/claims/{claim.pk}/", {"scheme": "luohu-living"}, format="json")
    assert response.status_code == 400  # a claim keeps its scheme


def test_decided_claims_stay_decided(kit, django_capture_on_commit_callbacks):
    claim = kit.approved(education_level="phd", start_date=date(2026, 1, 1), end_date=date(2026, 6, 30))
    assert claim.approved_amount == Decimal("27000.00")
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_compute_eligibility(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.eligible_amount == Decimal("27000.00") and claim.state == ClaimState.APPROVED
