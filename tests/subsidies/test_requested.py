"""Issue 14 #5: an amount above what the rules allow is told to the applicant as they enter it,
in their language, with the rules' figures; staff see the difference in the queue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from subsidies import rules, services
from subsidies.forms import ClaimForm
from subsidies.models import Claim

from .test_queue import row, shown, signed_in

pytestmark = pytest.mark.django_db

ONE_PHD_MONTH = {"education_level": "phd", "start_date": "2026-01-01", "end_date": "2026-01-31"}


def _form(schemes, data, language="en"):
    with translation.override(language):
        form = ClaimForm(
            data,
            scheme=schemes["futian-internship"],
            rule_kind=rules.MONTHLY_BY_EDUCATION,
            needs_identity=False,
        )
        form.is_valid()
        return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


def test_the_form_tells_the_most_the_rules_allow(schemes):
    errors = _form(schemes, {**ONE_PHD_MONTH, "requested_amount": "99999"})
    assert errors["requested_amount"] == [
        "The rules allow at most 4,500 RMB for these facts: PhD, 1 whole months × 4,500 = 4,500."
    ]
    assert _form(schemes, {**ONE_PHD_MONTH, "requested_amount": "4500"}) == {}
    assert _form(schemes, {**ONE_PHD_MONTH, "requested_amount": ""}) == {}


@pytest.mark.parametrize(("language", "words"), [("zh-hant", "規則最多容許"), ("zh-hans", "规则最多允许")])
def test_in_the_applicants_language(schemes, language, words):
    errors = _form(schemes, {**ONE_PHD_MONTH, "requested_amount": "99999"}, language)
    assert words in errors["requested_amount"][0] and "4,500" in errors["requested_amount"][0]


def test_the_api_refuses_it_with_the_same_words(schemes, make_user):
    api = APIClient()
    api.force_authenticate(make_user("youth"))
    response = api.post(
        "/api/v1/subsidies/claims/",
        {"scheme": "futian-internship", **ONE_PHD_MONTH, "requested_amount": "99999"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hant",
    )
    assert response.status_code == 400
    assert "4,500" in response.json()["requested_amount"][0]
    assert not Claim.objects.exists()


def test_a_change_of_facts_below_the_request_is_refused_too(kit, django_capture_on_commit_callbacks):
    claim = kit.draft(education_level="phd", requested_amount=Decimal("9000"), end_date=date(2026, 2, 28))
    with pytest.raises(services.InvalidInput) as refused:
        services.claim_update(
            claim_id=claim.pk,
            actor=claim.applicant,
            data=services.ClaimInput(
                education_level="phd",
                start_date=date(2026, 1, 1),
                end_date=date(2026, 1, 31),
                requested_amount=Decimal("9000"),
            ),
        )
    assert "4,500" in str(refused.value.errors["requested_amount"][0])


def test_staff_see_the_difference_in_the_queue(client, kit, django_assert_num_queries):
    claim = kit.submitted(education_level="phd", requested_amount=Decimal("4500"), end_date=date(2026, 1, 31))
    fine = kit.submitted(education_level="phd", requested_amount=Decimal("4500"), end_date=date(2026, 1, 31))
    # asked for before the check, or the rules' amount fell since
    Claim.objects.filter(pk=claim.pk).update(requested_amount=Decimal("99999"))
    signed_in(client, kit.reviewer)
    body = shown(client, django_assert_num_queries)
    assert "95,499 above the rules" in row(body, claim)
    assert "above the rules" not in row(body, fine)
