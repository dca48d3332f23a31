"""One limit for every free-text input, applied in one place (issue 15, item 14): every note a
workflow row carries (a claim's return, rejection, approval or withdrawal, a report's correction
reason, a relationship's end, a place report's closing) passes Workflow.check, which refuses more
than FREE_TEXT_MAX_LENGTH characters and a NUL character, in the user's language, before
anything is written. The probe posted 1,000,000 characters through the subsidies action API,
the claim page's actions and the incubators' correction_reason, and all were stored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from portal.errors import InvalidInput
from portal.forms import FREE_TEXT_MAX_LENGTH
from portal.workflow import NOTE_OPTIONAL, Transition, Workflow
from subsidies.models import ClaimState, ClaimTransition

pytestmark = pytest.mark.django_db

TOO_LONG = "字" * (FREE_TEXT_MAX_LENGTH + 1)
HUGE = "x" * 1_000_000


def test_the_workflow_refuses_a_note_too_long_or_with_a_nul_before_anything_is_written():
    flow = Workflow("probe", [Transition("go", ("a",), "b", ("staff",), "Go", note=NOTE_OPTIONAL, note_field="why")])
    assert flow.check("go", "a", {"staff"}, note="字" * FREE_TEXT_MAX_LENGTH).target == "b"
    for lang, words in (("zh-hant", "5000"), ("zh-hans", "5000"), ("en", "at most 5000")):
        with translation.override(lang), pytest.raises(InvalidInput) as refused:
            flow.check("go", "a", {"staff"}, note=TOO_LONG)
        assert words in str(refused.value.errors["why"][0])
    with pytest.raises(InvalidInput) as refused:
        flow.check("go", "a", {"staff"}, note="fine\x00not")
    assert "why" in refused.value.errors


@pytest.fixture
def kit(db, make_user, django_capture_on_commit_callbacks):
    from subsidies.demo import ensure_schemes
    from tests.subsidies.factories import ClaimKit

    return ClaimKit(schemes=ensure_schemes(), make_user=make_user, capture=django_capture_on_commit_callbacks)


@pytest.mark.parametrize(("action", "field"), [("return", "note"), ("reject", "reason"), ("recommend", "note")])
def test_the_claim_action_api_refuses_a_million_characters(kit, action, field):
    claim = kit.in_review()
    steps = ClaimTransition.objects.filter(claim=claim).count()
    api = APIClient()
    api.force_authenticate(kit.reviewer)
    response = api.post(f"/api/v1/subsidies/claims/{claim.pk}/{action}/", {field: HUGE}, format="json")
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW and ClaimTransition.objects.filter(claim=claim).count() == steps


def test_the_approve_api_refuses_a_reason_too_long(kit):
    claim = kit.recommended()
    api = APIClient()
    api.force_authenticate(kit.approver)
    response = api.post(
        f"/api/v1/subsidies/claims/{claim.pk}/approve/", {"amount": "100", "reason": HUGE}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json()
    claim.refresh_from_db()
    assert claim.state == ClaimState.RECOMMENDED


@pytest.mark.parametrize("field", ["note", "reason"])
def test_the_claim_page_actions_refuse_a_million_characters(client, kit, field):
    claim = kit.in_review()
    client.force_login(kit.reviewer)
    with translation.override("en"):
        action_url = reverse("subsidies:claim_action", args=[claim.pk, "return"])
    response = client.post(action_url, {field: HUGE})
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW


def test_a_nul_in_a_claim_action_note_is_a_400_on_the_page_and_in_the_api(client, kit):
    """Issue 15, item 15: PostgreSQL refuses a NUL in text, which was a 500."""
    claim = kit.in_review()
    client.force_login(kit.reviewer)
    with translation.override("en"):
        action_url = reverse("subsidies:claim_action", args=[claim.pk, "return"])
    assert client.post(action_url, {"note": "what\x00else"}).status_code == 400
    api = APIClient()
    api.force_authenticate(kit.reviewer)
    response = api.post(f"/api/v1/subsidies/claims/{claim.pk}/return/", {"note": "what\x00else"}, format="json")
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW


def test_the_bulk_review_refuses_a_reason_too_long(client, kit):
    claim = kit.submitted()
    client.force_login(kit.reviewer)
    with translation.override("en"):
        client.post(reverse("subsidies:review_bulk"), {"claims": [claim.pk], "action": "return", "reason": HUGE})
    claim.refresh_from_db()
    assert claim.state == ClaimState.SUBMITTED


def test_the_correction_reason_of_a_report_is_limited(make_user):
    from accounts.roles import BASE_OPERATOR
    from incubators.models import ProjectCountReport
    from tests.incubators.factories import BaseFactory
    from tests.incubators.test_api import body

    operator = make_user(BASE_OPERATOR, preferred_language="en")
    base = BaseFactory(operators=[operator])
    api = APIClient()
    api.force_authenticate(operator)
    url = f"/api/v1/incubators/bases/{base.pk}/reports/"
    assert api.post(url, body(period="2023-05"), format="json").status_code == 201
    response = api.post(url, body(incubated_total=19, correction_reason=HUGE), format="json")
    assert response.status_code == 400 and "correction_reason" in response.json()
    assert ProjectCountReport.objects.filter(base=base).count() == 1
