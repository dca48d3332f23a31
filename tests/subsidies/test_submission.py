"""What a government service gives on submitting (issue 14): the declaration ticked and stored,
a readable reference number per scheme (unique, also under a race), the confirmation page with
what happens next and the service standard, the Personal Information Collection Statement before
identity numbers and documents are collected, and the claim form's steps."""

from __future__ import annotations

import re
import threading
from contextlib import nullcontext

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from subsidies import rules, services
from subsidies.models import Claim
from tests.subsidies.test_beneficiaries import uscc

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"subsidies:{name}", args=args)


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("futian-internship", "FT-INT"),
        ("luohu-living", "LH-LIV"),
        ("futian-landing", "FT-LAN"),
        ("futian-landing-competition", "FT-LAN-COM"),
        ("gba-mentor", "GB-MEN"),
        ("municipal-base-award", "MN-BAS-AWA"),
        ("", "CLM"),
    ],
)
def test_reference_prefix_from_the_scheme_code(code, prefix):
    assert rules.claim_reference_prefix(code) == prefix


def test_reference_format():
    assert rules.claim_reference("FT-INT", 2026, 123) == "FT-INT-2026-000123"


def test_submitting_on_the_page_needs_the_declaration_then_confirms(client, kit):
    claim = kit.with_documents(kit.draft())
    client.force_login(claim.applicant)
    content = client.get(url("claim", claim.pk)).content.decode()
    assert "Step 3 of 3" in content and 'aria-current="step"' in content
    response = client.post(url("claim_action", claim.pk, "submit"), {})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Tick the declaration to submit the claim." in content
    assert 'aria-describedby="id_declaration_error"' in content and 'id="id_declaration_error"' in content
    claim.refresh_from_db()
    assert claim.state == "draft" and claim.reference is None and claim.declared_at is None

    response = client.post(url("claim_action", claim.pk, "submit"), {"declaration": "on"})
    assert response.status_code == 302 and response["Location"] == url("claim_submitted", claim.pk)
    claim.refresh_from_db()
    year = timezone.localdate().year
    assert claim.reference == f"FT-INT-{year}-000001"
    assert claim.declared_at == claim.submitted_at and "true and complete" in claim.declaration
    for lang, standard in (
        ("en", "We reply within 20 working days"),
        ("zh-hant", "我們會在收到完整申請後 20 個工作天內回覆"),
        ("zh-hans", "我们会在收到完整申请后 20 个工作日内回复"),
    ):
        page = client.get(url("claim_submitted", claim.pk, lang=lang)).content.decode()
        assert claim.reference in page and standard in page
    assert "What happens next" in client.get(url("claim_submitted", claim.pk)).content.decode()
    # the claim list shows the same reference
    assert f'<span data-testid="reference">{claim.reference}</span>' in client.get(url("my_claims")).content.decode()
    # nobody else sees the confirmation
    client.force_login(kit.make_user("youth"))
    assert client.get(url("claim_submitted", claim.pk)).status_code == 404


def test_references_count_per_scheme_and_year_and_survive_a_return(kit):
    first, second = kit.submitted(), kit.submitted()
    landing = kit.submitted("futian-landing", registration_number=uscc(1))  # given to a company
    year = timezone.localdate().year
    assert [first.reference, second.reference, landing.reference] == [
        f"FT-INT-{year}-000001",
        f"FT-INT-{year}-000002",
        f"FT-LAN-{year}-000001",
    ]
    with kit.capture(execute=True):
        services.claim_start_review(claim_id=first.pk, actor=kit.reviewer)
        services.claim_return(claim_id=first.pk, actor=kit.reviewer, note="Which month?")
        services.claim_resubmit(claim_id=first.pk, actor=first.applicant)
    first.refresh_from_db()
    assert first.reference == f"FT-INT-{year}-000001"  # kept, not a new number


def test_the_api_stores_the_declaration_when_sent_and_gives_the_reference(kit):
    """The API's submit keeps the contract it had before the declaration: a client that does not
    send it still submits (and no declaration is stored); one that sends it has it stored."""
    api = APIClient()
    older = kit.with_documents(kit.draft())
    api.force_authenticate(older.applicant)
    response = api.post(f"/api/v1/subsidies/claims/{older.pk}/submit/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["reference"] and response.json()["declared_at"] is None
    claim = kit.with_documents(kit.draft())
    api.force_authenticate(claim.applicant)
    response = api.post(f"/api/v1/subsidies/claims/{claim.pk}/submit/", {"declaration": True}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert re.fullmatch(r"FT-INT-\d{4}-\d{6}", body["reference"]) and body["declared_at"]
    assert body["reference"] != older.__class__.objects.get(pk=older.pk).reference


def test_the_statement_comes_before_identity_numbers_and_documents(client, kit):
    youth = kit.make_user("youth")
    client.force_login(youth)
    for lang, title in (
        ("en", "Personal Information Collection Statement"),
        ("zh-hant", "收集個人資料聲明"),
        ("zh-hans", "收集个人资料声明"),
    ):
        content = client.get(url("apply", "futian-internship", lang=lang)).content.decode()
        assert title in content
        assert content.index('data-testid="pics"') < content.index('name="identity_number"')
    content = client.get(url("apply", "futian-internship")).content.decode()
    assert "kept for 7 years" in content and "privacy@" in content and "Step 1 of 3" in content
    draft = kit.draft(applicant=youth)
    content = client.get(url("claim", draft.pk)).content.decode()
    assert content.index('data-testid="pics"') < content.index('name="file"')
    assert "Step 2 of 3" in content


@pytest.mark.django_db(transaction=True)
def test_claims_submitted_at_the_same_moment_get_distinct_references(schemes, make_user):
    """Eight applicants submit at the same moment, each in a thread with its own PostgreSQL
    connection: eight distinct, consecutive numbers (the counter's upsert is atomic)."""
    from .factories import ClaimKit

    assert connection.vendor == "postgresql"

    def no_capture(execute=True):  # a transactional test runs the on-commit callbacks itself
        return nullcontext()

    kit = ClaimKit(schemes=schemes, make_user=make_user, capture=no_capture)
    claims = [kit.with_documents(kit.draft()) for _ in range(8)]
    barrier = threading.Barrier(len(claims))
    errors: list[str] = []

    def submit(claim: Claim) -> None:
        try:
            barrier.wait(timeout=10)
            services.claim_submit(claim_id=claim.pk, actor=claim.applicant, declaration="I declare.")
        except Exception as error:  # noqa: BLE001 - any error fails the test below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(claim,)) for claim in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    year = timezone.localdate().year
    references = sorted(Claim.objects.values_list("reference", flat=True))
    assert references == [f"FT-INT-{year}-{n:06d}" for n in range(1, 9)]
