"""Issue 15 #3: caps and double-claim flags follow what the measure is given to (Scheme.given_to):
a person, a company (by its registration number) or a base. The municipal base award is one per
base: a base is not paid it twice, by two operators or for two periods."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from subsidies import rules, selectors, services
from subsidies.models import ClaimState
from tests.incubators.factories import BaseFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/subsidies"


def uscc(serial: int) -> str:
    first17 = f"91440300MA{serial:07d}"
    return first17 + rules.uscc_check_character(first17)


def test_the_schemes_say_what_they_are_given_to(schemes):
    assert schemes["municipal-base-award"].given_to == rules.BASE
    assert schemes["futian-landing"].given_to == rules.COMPANY
    assert schemes["futian-landing-competition"].given_to == rules.COMPANY
    assert schemes["futian-internship"].given_to == rules.PERSON
    assert schemes["gba-mentor"].claims_per_period and not schemes["municipal-base-award"].claims_per_period


def test_registration_numbers():
    assert rules.registration_error("91350100M000100Y43") is None  # GB 32100-2015's example
    assert rules.registration_error("9135 0100-M000100Y43") is None  # spaces and hyphens go
    assert rules.registration_error("91350100M000100Y44")  # wrong check character
    assert rules.registration_error("1234")


def _operator_of(base, make_user):
    operator = make_user("base_operator")
    base.operators.add(operator)
    return operator


def test_a_base_is_paid_the_award_once_whoever_claims_it_for_whatever_period(kit, make_user):
    base = BaseFactory()
    first = kit.recommended(
        "municipal-base-award", applicant=_operator_of(base, make_user), base_id=base.pk, period="2022"
    )
    second = kit.recommended(
        "municipal-base-award", applicant=_operator_of(base, make_user), base_id=base.pk, period="2026"
    )
    flags = selectors.double_claim_flags([first, second])
    assert any(f"#{first.pk}" in flag for flag in flags[second.pk])
    services.claim_approve(claim_id=first.pk, actor=kit.approver, amount="500000")
    with pytest.raises(services.InvalidInput) as refused:
        services.claim_approve(claim_id=second.pk, actor=kit.approver, amount="500000")
    assert "cap" in str(refused.value.message)
    second.refresh_from_db()
    assert second.state == ClaimState.RECOMMENDED


def test_two_bases_of_one_operator_are_two_awards(kit, make_user):
    operator = make_user("base_operator")
    one, other = BaseFactory(), BaseFactory()
    one.operators.add(operator)
    other.operators.add(operator)
    a = kit.recommended("municipal-base-award", applicant=operator, base_id=one.pk)
    b = kit.recommended("municipal-base-award", applicant=operator, identity_number=a.identity_number, base_id=other.pk)
    assert selectors.double_claim_flags([a, b])[b.pk] == []
    services.claim_approve(claim_id=a.pk, actor=kit.approver, amount="500000")
    services.claim_approve(claim_id=b.pk, actor=kit.approver, amount="500000")


def test_a_base_claim_names_a_base_its_applicant_operates(kit, make_user, django_capture_on_commit_callbacks):
    stranger_base = BaseFactory()
    with pytest.raises(services.InvalidInput) as refused:
        kit.draft("municipal-base-award", base_id=stranger_base.pk)
    assert "base" in refused.value.errors
    claim = kit.with_documents(kit.draft("municipal-base-award"))
    with pytest.raises(services.InvalidInput) as refused:
        services.claim_submit(claim_id=claim.pk, actor=claim.applicant)
    assert "base" in refused.value.errors


def test_a_company_is_capped_across_its_founders(kit, make_user):
    number = uscc(1)
    first = kit.recommended(
        "futian-landing-competition", registration_number=number, requested_amount=Decimal("600000")
    )
    second = kit.recommended(
        "futian-landing-competition", registration_number=number.lower(), requested_amount=Decimal("600000")
    )
    assert first.applicant_id != second.applicant_id and second.registration_number == number
    assert any(f"#{first.pk}" in flag for flag in selectors.double_claim_flags([second])[second.pk])
    services.claim_approve(claim_id=first.pk, actor=kit.approver, amount="600000")
    assert selectors.approval_limits(second)["cap_remaining"] == Decimal("400000.00")
    with pytest.raises(services.InvalidInput):
        services.claim_approve(claim_id=second.pk, actor=kit.approver, amount="600000")
    services.claim_approve(claim_id=second.pk, actor=kit.approver, amount="400000", reason="The rest of the cap.")
    # another company of the same founder has its own cap
    third = kit.recommended(
        "futian-landing-competition",
        applicant=first.applicant,
        identity_number=first.identity_number,
        registration_number=uscc(2),
    )
    assert selectors.approval_limits(third)["cap_remaining"] == Decimal("1000000.00")


def test_a_company_claim_needs_a_valid_registration_number(kit, make_user):
    with pytest.raises(services.InvalidInput) as refused:
        kit.draft("futian-landing-competition", registration_number="91350100M000100Y44")
    assert "registration_number" in refused.value.errors
    claim = kit.with_documents(kit.draft("futian-landing-competition"))
    with pytest.raises(services.InvalidInput) as refused:
        services.claim_submit(claim_id=claim.pk, actor=claim.applicant)
    assert "registration_number" in refused.value.errors


def test_the_api_takes_and_shows_the_beneficiary(kit, make_user, django_capture_on_commit_callbacks):
    base = BaseFactory()
    operator = _operator_of(base, make_user)
    api = APIClient()
    api.force_authenticate(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"{BASE}/claims/", {"scheme": "municipal-base-award", "base": base.pk, "period": "2022"}, format="json"
        )
    assert response.status_code == 201, response.json()
    assert response.json()["base"] == base.pk and response.json()["registration_number"] == ""
    claim_id = response.json()["id"]
    other = BaseFactory()
    response = api.patch(f"{BASE}/claims/{claim_id}/", {"base": other.pk}, format="json")
    assert response.status_code == 400 and "base" in response.json()
