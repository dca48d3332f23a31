"""Issue 14 #6: a returned claim shows "what you need to do" at the top of its page: the
reviewer's question, the documents asked for and the date asked (page and API)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from subsidies.models import ClaimState, ClaimTransition

pytestmark = pytest.mark.django_db

QUESTION = "Please send your employment contract: the one attached has no company stamp."
HEADINGS = {"en": "What you need to do", "zh-hant": "你需要做甚麼", "zh-hans": "你需要做什么"}


def test_the_question_documents_and_date_are_at_the_top_in_every_language(client, kit):
    claim = kit.in_review()
    codes = list(claim.scheme.required_documents.order_by("ordering", "pk").values_list("code", flat=True))
    client.force_login(kit.reviewer)
    with translation.override("en"):
        action = reverse("subsidies:claim_action", args=[claim.pk, "return"])
        page = reverse("subsidies:claim", args=[claim.pk])
    # the reviewer's form offers the scheme's documents to ask for
    assert f'value="{codes[-1]}"' in client.get(page).content.decode()
    response = client.post(action, {"reason": QUESTION, "documents": [codes[-1]]})
    assert response.status_code == 302
    step = ClaimTransition.objects.filter(claim=claim, to_state=ClaimState.RETURNED).get()
    assert step.documents_requested == [codes[-1]]
    client.force_login(claim.applicant)
    today = timezone.localdate().isoformat()
    for lang, heading in HEADINGS.items():
        with translation.override(lang):
            content = client.get(reverse("subsidies:claim", args=[claim.pk])).content.decode()
            name = claim.scheme.required_documents.get(code=codes[-1]).name
        box = content[content.index('data-testid="return-request"') :]
        box = box[: box.index("</div>\n</div>") + 1]
        assert heading in box and QUESTION in box and today in box and name in box
        # at the top: before the details and the timeline, where the question was the only place
        assert content.index('data-testid="return-request"') < content.index('data-testid="timeline"')
        assert content.index('data-testid="return-request"') < content.index('data-testid="eligible"')


def test_no_box_unless_returned_and_unknown_documents_refused(client, kit):
    claim = kit.in_review()
    client.force_login(claim.applicant)
    with translation.override("en"):
        page = reverse("subsidies:claim", args=[claim.pk])
        action = reverse("subsidies:claim_action", args=[claim.pk, "return"])
    assert 'data-testid="return-request"' not in client.get(page).content.decode()
    client.force_login(kit.reviewer)
    response = client.post(action, {"reason": QUESTION, "documents": ["not-a-document"]})
    assert response.status_code == 400
    assert ClaimTransition.objects.filter(claim=claim, to_state=ClaimState.RETURNED).count() == 0
    # staff see what the applicant was asked
    client.post(action, {"reason": QUESTION})
    content = client.get(page).content.decode()
    assert "What the applicant was asked" in content and QUESTION in content
    assert 'data-testid="return-documents"' not in content


def test_the_api_returns_with_documents(kit):
    claim = kit.in_review()
    code = claim.scheme.required_documents.order_by("ordering", "pk").values_list("code", flat=True).first()
    api = APIClient()
    api.force_authenticate(kit.reviewer)
    response = api.post(
        f"/api/v1/subsidies/claims/{claim.pk}/return/", {"note": QUESTION, "documents": [code]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert ClaimTransition.objects.get(claim=claim, to_state=ClaimState.RETURNED).documents_requested == [code]
    response = api.post(
        f"/api/v1/subsidies/claims/{claim.pk}/return/", {"note": QUESTION, "documents": ["x"]}, format="json"
    )
    assert response.status_code in (400, 409)
