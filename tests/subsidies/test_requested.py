"""Issue 14 #5: an amount above what the rules allow is told to the applicant as they enter it,
in their language, with the rules' figures; staff see the difference in the queue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from subsidies import rules
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


def test_the_form_tells_it_on_an_edit_too(kit, client, django_capture_on_commit_callbacks):
    claim = kit.draft(education_level="phd", end_date=date(2026, 1, 31))
    client.force_login(claim.applicant)
    response = client.post(
        f"/en/subsidies/claims/{claim.pk}/edit/", {**ONE_PHD_MONTH, "company_name": "", "requested_amount": "9000"}
    )
    assert "The rules allow at most 4,500 RMB for these facts" in response.content.decode()
    claim.refresh_from_db()
    assert claim.requested_amount is None


def test_staff_see_the_difference_in_the_queue(client, kit, django_assert_num_queries):
    claim = kit.submitted(education_level="phd", requested_amount=Decimal("4500"), end_date=date(2026, 1, 31))
    fine = kit.submitted(education_level="phd", requested_amount=Decimal("4500"), end_date=date(2026, 1, 31))
    # asked for before the check, or the rules' amount fell since
    Claim.objects.filter(pk=claim.pk).update(requested_amount=Decimal("99999"))
    signed_in(client, kit.reviewer)
    body = shown(client, django_assert_num_queries)
    assert "95,499 above the rules" in row(body, claim)
    assert "above the rules" not in row(body, fine)
