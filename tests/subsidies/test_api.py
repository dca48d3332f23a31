"""The API contract: paths, field names, who sees what, and errors as 400/403/404/409."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from subsidies.models import Claim, ClaimState

from .factories import PDF, PNG

pytestmark = pytest.mark.django_db

BASE = "/api/v1/subsidies"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_schemes_public_with_contract_fields(client, schemes):
    response = client.get(f"{BASE}/schemes/")
    assert response.status_code == 200
    body = response.json()
    by_code = {s["code"]: s for s in body["results"]}
    assert set(by_code) == {
        "futian-internship",
        "luohu-living",
        "futian-landing",
        "futian-landing-competition",
        "huaqiang-hardware-startup",
        "municipal-base-award",
        "gba-mentor",
    }
    internship = by_code["futian-internship"]
    assert {"id", "code", "name", "rule", "ceiling", "required_documents"} <= set(internship)
    assert internship["rule"]["kind"] == "monthly_by_education"
    assert internship["rule"]["rates"]["phd"] == "4500"
    assert {"code": "degree", "name": internship["required_documents"][1]["name"]} in internship["required_documents"]
    assert by_code["luohu-living"]["ceiling"] == "60000.00"
    assert by_code["futian-landing"]["rule"]["proportion"] == "0.1000"


def test_schemes_query_count_is_fixed(client, schemes, django_assert_num_queries):
    # 1 count, 1 schemes, 1 rules (prefetch), 1 required documents (prefetch)
    with django_assert_num_queries(4):
        client.get(f"{BASE}/schemes/")


def test_youth_creates_submits_and_sees_timeline(kit, make_user, django_capture_on_commit_callbacks):
    youth = make_user("youth")
    api = client_for(youth)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"{BASE}/claims/",
            {
                "scheme": "futian-internship",
                "requested_amount": "7500",
                "education_level": "master",
                "start_date": "2026-01-01",
                "end_date": "2026-03-31",
                "identity_type": "hkid",
                "identity_number": "A123456(3)",
            },
            format="json",
        )
    assert response.status_code == 201, response.json()
    claim_id = response.json()["id"]
    assert response.json()["state"] == "draft"
    for kind in ("identity", "degree", "contract"):
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf")
        r = api.post(f"{BASE}/claims/{claim_id}/documents/", {"file": upload, "kind": kind}, format="multipart")
        assert r.status_code == 201, r.json()
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(f"{BASE}/claims/{claim_id}/submit/", {"declaration": True}, format="json")
    assert r.status_code == 200
    detail = api.get(f"{BASE}/claims/{claim_id}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert detail["state"] == "submitted"
    assert detail["eligible_amount"] == "7500.00"
    assert detail["approved_amount"] is None
    assert detail["calculation"] == "master, 3 whole months × 2,500 = 7,500"
    assert detail["identity_number"] == "••••4563"
    assert [(t["from_state"], t["to_state"]) for t in detail["timeline"]] == [("", "draft"), ("draft", "submitted")]
    assert len(detail["documents"]) == 3
    web = APIClient()
    web.force_login(youth)
    assert web.get(detail["documents"][0]["url"]).status_code == 200  # the permission-checked download
    web.force_login(make_user("youth"))
    assert web.get(detail["documents"][0]["url"]).status_code == 404


def test_create_errors_are_400_per_field(make_user, schemes):
    api = client_for(make_user("youth"))
    r = api.post(f"{BASE}/claims/", {"scheme": "nope"}, format="json")
    assert r.status_code == 400 and "scheme" in r.json()
    r = api.post(
        f"{BASE}/claims/",
        {"scheme": "luohu-living", "identity_type": "hkid", "identity_number": "A123456(4)"},
        format="json",
    )
    assert r.status_code == 400 and "identity_number" in r.json()
    r = api.post(f"{BASE}/claims/", {"scheme": "futian-internship", "education_level": "kindergarten"}, format="json")
    assert r.status_code == 400 and "education_level" in r.json()
    r = api.post(
        f"{BASE}/claims/",
        {"scheme": "futian-internship", "start_date": "2026-05-01", "end_date": "2026-04-01"},
        format="json",
    )
    assert r.status_code == 400 and "end_date" in r.json()


def test_create_wrong_role_is_403(make_user, schemes):
    r = client_for(make_user("youth")).post(f"{BASE}/claims/", {"scheme": "gba-mentor"}, format="json")
    assert r.status_code == 403


def test_anonymous_cannot_list_claims(client):
    assert client.get(f"{BASE}/claims/").status_code in (401, 403)


def test_applicants_see_only_their_own_claims(kit, make_user):
    mine = kit.submitted()
    other = kit.submitted()
    api = client_for(mine.applicant)
    ids = [c["id"] for c in api.get(f"{BASE}/claims/").json()["results"]]
    assert ids == [mine.pk]
    assert api.get(f"{BASE}/claims/{other.pk}/").status_code == 404
    assert api.post(f"{BASE}/claims/{other.pk}/withdraw/").status_code == 404
    assert api.post(f"{BASE}/claims/{other.pk}/documents/", {}, format="multipart").status_code == 404


def test_staff_see_submitted_not_drafts(kit):
    draft = kit.draft()
    submitted = kit.submitted()
    ids = {c["id"] for c in client_for(kit.reviewer).get(f"{BASE}/claims/").json()["results"]}
    assert submitted.pk in ids and draft.pk not in ids


def test_claims_list_query_count_same_for_few_and_many(kit, django_assert_num_queries):
    applicant = kit.make_user("youth")
    kit.submitted(applicant=applicant)
    api = APIClient()
    api.force_login(applicant)
    # 1 user, 2 the user's roles (groups), 3 count, 4 the page of claims joined with scheme and
    # applicant (the session comes from the cache)
    with django_assert_num_queries(4):
        assert len(api.get(f"{BASE}/claims/").json()["results"]) == 1
    for _ in range(4):
        kit.submitted(applicant=applicant)
    with django_assert_num_queries(4):  # the same four: the count does not grow with the claims
        assert len(api.get(f"{BASE}/claims/").json()["results"]) == 5
    staff = APIClient()
    staff.force_login(kit.reviewer)
    with django_assert_num_queries(4):
        assert len(staff.get(f"{BASE}/claims/").json()["results"]) == 5


def test_actions_through_the_api_with_status_codes(kit):
    claim = kit.submitted()
    applicant, reviewer, approver = client_for(claim.applicant), client_for(kit.reviewer), client_for(kit.approver)
    assert applicant.post(f"{BASE}/claims/{claim.pk}/start-review/").status_code == 403
    assert applicant.post(f"{BASE}/claims/{claim.pk}/resubmit/").status_code == 409
    assert reviewer.post(f"{BASE}/claims/{claim.pk}/start-review/").status_code == 200
    assert reviewer.post(f"{BASE}/claims/{claim.pk}/start-review/").status_code == 409
    r = reviewer.post(f"{BASE}/claims/{claim.pk}/return/", {}, format="json")
    assert r.status_code == 400 and "note" in r.json()
    assert reviewer.post(f"{BASE}/claims/{claim.pk}/return/", {"note": "Contract?"}, format="json").status_code == 200
    assert applicant.post(f"{BASE}/claims/{claim.pk}/resubmit/").status_code == 200
    # the action list has no "start review": recommending a resubmitted claim starts it
    assert reviewer.post(f"{BASE}/claims/{claim.pk}/recommend/").status_code == 200
    assert applicant.post(f"{BASE}/claims/{claim.pk}/approve/", {"amount": "7500"}, format="json").status_code == 403
    r = approver.post(f"{BASE}/claims/{claim.pk}/approve/", {"amount": "9000"}, format="json")
    assert r.status_code == 400 and "amount" in r.json()
    r = approver.post(f"{BASE}/claims/{claim.pk}/approve/", {"amount": "not money"}, format="json")
    assert r.status_code == 400
    r = approver.post(f"{BASE}/claims/{claim.pk}/approve/", {"amount": "7500", "reason": ""}, format="json")
    assert r.status_code == 200 and r.json()["approved_amount"] == "7500.00" and r.json()["state"] == "approved"
    assert approver.post(f"{BASE}/claims/{claim.pk}/approve/", {"amount": "7500"}, format="json").status_code == 409
    assert approver.post(f"{BASE}/claims/{claim.pk}/reject/", {"reason": "x"}, format="json").status_code == 409
    assert approver.post(f"{BASE}/claims/{claim.pk}/fly/").status_code == 404
    assert applicant.post(f"{BASE}/claims/{claim.pk}/withdraw/").status_code == 409


def test_reject_needs_a_reason(kit):
    claim = kit.in_review()
    r = client_for(kit.reviewer).post(f"{BASE}/claims/{claim.pk}/reject/", {}, format="json")
    assert r.status_code == 400 and "reason" in r.json()


def test_payment_batches_api(kit):
    claim = kit.approved()
    approver = client_for(kit.approver)
    assert client_for(claim.applicant).post(f"{BASE}/payment-batches/").status_code == 403
    assert client_for(claim.applicant).get(f"{BASE}/payment-batches/").json()["results"] == []
    r = approver.post(f"{BASE}/payment-batches/", {}, format="json")
    assert r.status_code == 201 and r.json()["claims"] == [claim.pk]
    batch_id = r.json()["id"]
    assert approver.post(f"{BASE}/payment-batches/", {}, format="json").status_code == 409
    assert approver.post(f"{BASE}/payment-batches/{batch_id}/mark-paid/").status_code == 200
    assert approver.post(f"{BASE}/payment-batches/{batch_id}/mark-paid/").status_code == 409
    assert client_for(kit.reviewer).post(f"{BASE}/payment-batches/{batch_id}/mark-paid/").status_code == 403
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.PAID
    assert approver.get(f"{BASE}/payment-batches/").json()["results"][0]["total"] == "7500.00"


# --- uploads -----------------------------------------------------------------------------------------

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("contract.pdf", PDF, True),
        ("scan.png", PNG, True),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50, True),
        ("contract.pdf", WINDOWS_EXE, False),  # a renamed Windows executable
        ("degree.png", ELF, False),  # a renamed Linux executable
        ("empty.pdf", b"", False),
        ("note.pdf", b"just text, not a PDF", False),
        ("fake.pdf", b"%PDX" + PDF[4:], False),
    ],
)
def test_uploads_checked_by_content(kit, name, content, ok):
    claim = kit.draft()
    api = client_for(claim.applicant)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    r = api.post(f"{BASE}/claims/{claim.pk}/documents/", {"file": upload, "kind": "degree"}, format="multipart")
    assert r.status_code == (201 if ok else 400), r.content
    assert claim.documents.count() == (1 if ok else 0)


def test_oversize_upload_refused(kit):
    claim = kit.draft()
    big = PDF + b"0" * (10 * 1024 * 1024)
    r = client_for(claim.applicant).post(
        f"{BASE}/claims/{claim.pk}/documents/",
        {"file": SimpleUploadedFile("big.pdf", big, "application/pdf"), "kind": "degree"},
        format="multipart",
    )
    assert r.status_code == 400 and "file" in r.json()
    assert claim.documents.count() == 0


def test_exactly_10_mb_accepted(kit):
    claim = kit.draft()
    exact = PDF + b"0" * (10 * 1024 * 1024 - len(PDF))
    r = client_for(claim.applicant).post(
        f"{BASE}/claims/{claim.pk}/documents/",
        {"file": SimpleUploadedFile("ok.pdf", exact, "application/pdf"), "kind": "degree"},
        format="multipart",
    )
    assert r.status_code == 201


def test_upload_kind_must_be_required_by_the_scheme(kit):
    claim = kit.draft()
    r = client_for(claim.applicant).post(
        f"{BASE}/claims/{claim.pk}/documents/",
        {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf"), "kind": "financing"},
        format="multipart",
    )
    assert r.status_code == 400 and "kind" in r.json()


def test_api_amounts_are_decimals_as_strings(kit):
    claim = kit.approved("luohu-living")
    data = client_for(claim.applicant).get(f"{BASE}/claims/{claim.pk}/").json()
    assert data["approved_amount"] == "60000.00" and Decimal(data["eligible_amount"]) == Decimal("60000")


def test_payment_batches_api_query_count(kit, django_assert_num_queries):
    api = APIClient()
    api.force_login(kit.approver)
    kit.approved()
    from subsidies import services

    services.payment_batch_create(actor=kit.approver)
    # 1 user, 2 roles, 3 count, 4 batches, 5 their items (prefetch); the session from the cache
    with django_assert_num_queries(5):
        assert len(api.get(f"{BASE}/payment-batches/").json()["results"]) == 1
    for _ in range(3):
        kit.approved()
        services.payment_batch_create(actor=kit.approver)
    with django_assert_num_queries(5):
        assert len(api.get(f"{BASE}/payment-batches/").json()["results"]) == 4


@pytest.mark.parametrize(
    ("lang", "expected"), [("zh-hant", "日期格式錯誤"), ("zh-hans", "日期格式错误"), ("en", "Date has wrong format")]
)
def test_a_badly_formed_date_is_refused_in_the_users_language(kit, make_user, lang, expected):
    api = client_for(make_user("youth"))
    response = api.post(
        f"{BASE}/claims/?lang={lang}",
        {
            "scheme": "futian-internship",
            "requested_amount": "7500",
            "education_level": "master",
            "start_date": "1/1/2026",
            "end_date": "2026-03-31",
            "identity_type": "hkid",
            "identity_number": "A123456(3)",
        },
        format="json",
    )
    assert response.status_code == 400
    assert expected in response.json()["start_date"][0]
    assert not Claim.objects.exists()


def test_a_transition_without_an_amount_is_null_in_the_answer_and_in_the_schema(kit, make_user):
    """Submitting carries no amount: the timeline says null, and the published schema allows it
    (it said a string, so a client generated from it would fail on every submitted claim)."""
    from drf_spectacular.generators import SchemaGenerator

    claim = kit.submitted()
    timeline = client_for(claim.applicant).get(f"{BASE}/claims/{claim.pk}/").json()["timeline"]
    assert any(step["amount"] is None for step in timeline)
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert schema["components"]["schemas"]["Transition"]["properties"]["amount"].get("nullable") is True
