"""Issue 14 #11: a youth applying for a scheme that cannot be combined with one they already
claimed is told before they submit: on the form, on the draft's page and in the API, by the same
rule as staff's double-claim flag (selectors._excludes)."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from subsidies import selectors

pytestmark = pytest.mark.django_db


def test_the_youth_is_told_on_the_form_the_draft_and_the_api(client, kit, make_user):
    youth = make_user("youth")
    living = kit.submitted("luohu-living", applicant=youth)
    client.force_login(youth)
    page = client.get("/en/subsidies/apply/futian-internship/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "cannot be combined with a scheme you have already claimed" in body
    assert f"#{living.pk}" in body and str(living.scheme.name) in body

    draft = kit.draft(applicant=youth, identity_number=living.identity_number)
    body = client.get(f"/en/subsidies/claims/{draft.pk}/").content.decode()
    assert "cannot be combined" in body and f"/subsidies/claims/{living.pk}/" in body

    api = APIClient()
    api.force_authenticate(youth)
    found = api.get(f"/api/v1/subsidies/claims/{draft.pk}/").json()["exclusive_conflicts"]
    assert found == [
        {"id": living.pk, "scheme": "luohu-living", "scheme_name": living.scheme.name, "state": "submitted"}
    ]
    # the same rule as staff's flag, once both are submitted
    submitted = kit.submitted(applicant=youth, identity_number=living.identity_number)
    with translation.override("en"):
        flags = selectors.double_claim_flags([submitted])[submitted.pk]
    assert any("exclusive" in flag for flag in flags)
    assert [c.pk for c in selectors.exclusive_conflicts(youth, submitted.scheme, submitted)] == [living.pk]


def test_the_same_person_under_another_account_is_found_by_identity(kit, make_user):
    living = kit.submitted("luohu-living")
    other_account = make_user("youth")
    draft = kit.draft(applicant=other_account, identity_number=living.identity_number)
    assert [c.pk for c in selectors.exclusive_conflicts(other_account, draft.scheme, draft)] == [living.pk]


def test_nothing_told_without_a_conflict(client, kit, make_user):
    youth = make_user("youth")
    kit.submitted(applicant=youth)  # an internship claim: the internship scheme combines with itself
    client.force_login(youth)
    assert "cannot be combined" not in client.get("/en/subsidies/apply/futian-landing/").content.decode()
    withdrawn = kit.draft("luohu-living", applicant=youth)
    from subsidies import services

    services.claim_withdraw(claim_id=withdrawn.pk, actor=youth)
    assert "cannot be combined" not in client.get("/en/subsidies/apply/futian-internship/").content.decode()
