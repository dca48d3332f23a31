"""The claim's transition table (subsidies/workflow.py) is the one truth: every (state, action,
role) is walked through the service, the claim page and the API, and they agree: allowed in one
if and only if allowed in all, refused with the same status (the page and the API answer 404
where the person may not see the claim at all: bureau staff and someone's draft)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from portal.errors import DomainError
from subsidies import services, workflow
from subsidies.models import ClaimState

pytestmark = pytest.mark.django_db

S = ClaimState
ROLES = ("applicant", "reviewer", "approver")
NOTE = "Checked against the contract."


def _returned(kit):
    claim = kit.in_review()
    with kit.capture(execute=True):
        services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="Upload the contract again.")
    return claim


def _paid(kit):
    claim = kit.approved()
    with kit.capture(execute=True):
        batch = services.payment_batch_create(actor=kit.approver, claim_ids=[claim.pk])
        services.payment_batch_mark_paid(batch_id=batch.pk, actor=kit.approver)
    return claim


def _then(kit, make, action):
    claim = make(kit)
    with kit.capture(execute=True):
        actor = claim.applicant if action in ("withdraw", "resubmit") else kit.reviewer
        services.claim_act(claim_id=claim.pk, actor=actor, action=action, note=NOTE)
    return claim


MAKE = {
    S.DRAFT: lambda kit: kit.with_documents(kit.draft()),
    S.SUBMITTED: lambda kit: kit.submitted(),
    S.IN_REVIEW: lambda kit: kit.in_review(),
    S.RETURNED: _returned,
    S.RESUBMITTED: lambda kit: _then(kit, _returned, "resubmit"),
    S.RECOMMENDED: lambda kit: kit.recommended(),
    S.APPROVED: lambda kit: kit.approved(),
    S.REJECTED: lambda kit: _then(kit, lambda k: k.in_review(), "reject"),
    S.WITHDRAWN: lambda kit: _then(kit, lambda k: k.submitted(), "withdraw"),
    S.PAID: _paid,
}


class Pool:
    """Claims in one state: a refused attempt leaves its claim for the next one, an allowed
    attempt uses it up."""

    def __init__(self, kit, state):
        self.kit, self.state, self.free = kit, state, []

    def take(self):
        if not self.free:
            claim = MAKE[self.state](self.kit)
            claim.refresh_from_db()
            assert claim.state == self.state
            self.free.append(claim)
        return self.free[-1]

    def used(self, claim, allowed):
        if allowed:
            self.free.remove(claim)


def _actor(kit, claim, role):
    return {"applicant": claim.applicant, "reviewer": kit.reviewer, "approver": kit.approver}[role]


def _path(claim, action):
    with translation.override("en"):
        return reverse("subsidies:claim_action", args=[claim.pk, action])


def by_service(kit, claim, actor, action):
    try:
        with kit.capture(execute=True):
            services.claim_act(claim_id=claim.pk, actor=actor, action=action, note=NOTE, amount=claim.eligible_amount)
    except DomainError as error:
        return False, error.status
    return True, 200


def by_page(kit, client, claim, actor, action):
    client.force_login(actor)
    with translation.override("en"):
        page = client.get(reverse("subsidies:claim", args=[claim.pk]))
    offered = page.status_code == 200 and f'action="{_path(claim, action)}"' in page.content.decode()
    data = {"note": NOTE, "reason": NOTE, "amount": str(claim.eligible_amount), "declaration": "on"}
    with kit.capture(execute=True):
        response = client.post(_path(claim, action), data)
    allowed = response.status_code == 302
    assert offered == allowed, f"the page offers {action}: {offered}, and takes it: {allowed}"
    return allowed, 200 if allowed else response.status_code


def by_api(kit, claim, actor, action):
    api = APIClient()
    api.force_authenticate(actor)
    data = {"note": NOTE, "reason": NOTE, "amount": str(claim.eligible_amount), "declaration": True}
    with kit.capture(execute=True):
        response = api.post(f"/api/v1/subsidies/claims/{claim.pk}/{action}/", data, format="json")
    return response.status_code == 200, response.status_code


@pytest.mark.heavy
@pytest.mark.parametrize("state", list(MAKE))
def test_service_page_and_api_agree_on_every_action_and_role(kit, client, state):
    pool = Pool(kit, state)
    for action in workflow.CLAIM_WORKFLOW.actions:
        for role in ROLES:
            found = {}
            for channel in ("service", "page", "api"):
                claim = pool.take()
                actor = _actor(kit, claim, role)
                if channel == "service":
                    found[channel] = by_service(kit, claim, actor, action)
                elif channel == "page":
                    found[channel] = by_page(kit, client, claim, actor, action)
                else:
                    found[channel] = by_api(kit, claim, actor, action)
                pool.used(claim, found[channel][0])
            where = (state, action, role, found)
            allowed = {channel: result[0] for channel, result in found.items()}
            assert len(set(allowed.values())) == 1, where
            page_status, api_status = found["page"][1], found["api"][1]
            assert page_status == api_status, where
            if page_status != 404:  # a claim the person may see: the service's own refusal
                assert found["service"][1] == page_status, where
            else:
                assert not allowed["service"], where
            # and the table says the same
            table = workflow.CLAIM_WORKFLOW.find(action, state, workflow.claim_roles(claim, actor)) is not None
            assert table == allowed["service"], where


def test_every_action_of_the_table_has_a_service():
    assert set(services.CLAIM_ACTIONS) == set(workflow.CLAIM_WORKFLOW.actions)


def test_return_and_reject_need_a_note(kit):
    claim = kit.in_review()
    for action, field in (("return", "note"), ("reject", "reason")):
        with pytest.raises(services.InvalidInput) as refused:
            services.claim_act(claim_id=claim.pk, actor=kit.reviewer, action=action, note="  ")
        assert field in refused.value.errors
    claim.refresh_from_db()
    assert claim.state == S.IN_REVIEW


def test_the_page_offers_return_recommend_and_reject_while_waiting_for_review(client, kit):
    claim = kit.submitted()
    client.force_login(kit.reviewer)
    with translation.override("en"):
        body = client.get(reverse("subsidies:claim", args=[claim.pk])).content.decode()
    for action in ("start-review", "return", "recommend", "reject"):
        assert f'action="{_path(claim, action)}"' in body, action


def test_the_recommender_is_not_offered_the_approval(client, kit):
    from accounts.services import user_give_role

    claim = kit.in_review()
    user_give_role(user=kit.reviewer, role="approver")
    with kit.capture(execute=True):
        services.claim_recommend(claim_id=claim.pk, actor=kit.reviewer)
    client.force_login(kit.reviewer)
    with translation.override("en"):
        body = client.get(reverse("subsidies:claim", args=[claim.pk])).content.decode()
    assert f'action="{_path(claim, "approve")}"' not in body
    assert f'action="{_path(claim, "reject")}"' in body  # as an approver, they may still reject it
    assert client.post(_path(claim, "approve"), {"amount": "7500"}).status_code == 403
