"""Across mentorship and subsidies, with the real apps on both sides of the contract: a mentor
claims the entitlement the mentorship app computed, staff approve it, and what was claimed is
never claimable again."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.demo import demo_user
from mentorship.selectors import mentor_entitlement_summary

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def claim_and_submit(mentor, scheme_id: int, amount: str) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = client_for(mentor)
    created = api.post(
        "/api/v1/subsidies/claims/",
        {"scheme": scheme_id, "requested_amount": amount, "identity_type": "hkid", "identity_number": "A123456(3)"},
        format="json",
    )
    assert created.status_code == 201, created.content
    claim_id = created.json()["id"]
    for kind in ("identity", "service-log"):
        upload = api.post(
            f"/api/v1/subsidies/claims/{claim_id}/documents/",
            {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")},
            format="multipart",
        )
        assert upload.status_code == 201, upload.content
    submitted = api.post(f"/api/v1/subsidies/claims/{claim_id}/submit/", {"declaration": True}, format="json")
    assert submitted.status_code == 200, submitted.content
    return api.get(f"/api/v1/subsidies/claims/{claim_id}/").json()


@pytest.mark.django_db(transaction=True)  # the eligibility task runs on commit
def test_mentor_claims_the_entitlement_once():
    call_command("load_demo", verbosity=0)
    mentor, reviewer, approver = demo_user("mentor"), demo_user("reviewer"), demo_user("approver")
    before = mentor_entitlement_summary(mentor_user_id=mentor.pk)
    assert before["total"] > 0
    claimable = before["claimable"]
    assert claimable == before["total"] - before["claimed"]

    schemes = client_for(mentor).get("/api/v1/subsidies/schemes/").json()
    schemes = schemes.get("results", schemes)
    scheme_id = next(s["id"] for s in schemes if s["code"] == "gba-mentor")

    claim = claim_and_submit(mentor, scheme_id, str(claimable))
    assert Decimal(claim["eligible_amount"]) == claimable

    assert client_for(reviewer).post(f"/api/v1/subsidies/claims/{claim['id']}/recommend/").status_code == 200
    # asking for more than the mentorship app says is claimable is refused
    too_much = client_for(approver).post(
        f"/api/v1/subsidies/claims/{claim['id']}/approve/", {"amount": str(claimable + 1)}, format="json"
    )
    assert too_much.status_code == 400
    approved = client_for(approver).post(
        f"/api/v1/subsidies/claims/{claim['id']}/approve/", {"amount": str(claimable)}, format="json"
    )
    assert approved.status_code == 200, approved.content

    after = mentor_entitlement_summary(mentor_user_id=mentor.pk)
    assert after["claimed"] == before["claimed"] + claimable
    assert after["claimable"] == 0
    entitlement = client_for(mentor).get(f"/api/v1/mentorship/mentors/{mentor.mentor_profile.pk}/entitlement/").json()
    assert Decimal(entitlement["claimable"]) == 0
    assert Decimal(entitlement["claimed"]) == after["claimed"]

    # a second claim finds nothing left to claim
    second = claim_and_submit(mentor, scheme_id, "200")
    assert Decimal(second["eligible_amount"]) == 0
