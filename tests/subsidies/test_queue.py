"""The staff review queue, rendered for every request: what it shows follows every kind of
write on the very next request, in the same fixed number of queries at any size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from subsidies import services

pytestmark = pytest.mark.django_db

QUEUE = "/en/subsidies/review/"


def signed_in(client, user):
    client.force_login(user)
    return client


def shown(client, django_assert_num_queries, path=QUEUE, *, empty=False):
    """The queue as rendered now. Its queries, whatever the number of claims: 1 the signed-in
    user, 2 its roles, 3 schemes (filter choices), 4 count, 5 the page of claims with scheme,
    applicant and batch item (index subsidies_claim_queue on one state, subsidies_claim_waiting
    as it opens), 6 exclusive schemes, 7 the page's people's and companies' other claims (the
    double-claim flags), 8 how many accounts hold each of the page's identity numbers (the
    shared-identity flag). The session comes from Redis. An empty page asks only 1 to 4."""
    client.get(path)  # the row fragments kept
    with django_assert_num_queries(4 if empty else 8):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def row(body: str, claim) -> str:
    start = body.index(f"#{claim.pk}<")
    return body[start : body.index("</tr>", start)]


def test_the_same_eight_queries_for_few_and_many_claims(client, kit, django_assert_num_queries):
    kit.submitted()
    signed_in(client, kit.reviewer)
    shown(client, django_assert_num_queries)
    for _ in range(6):
        kit.submitted("luohu-living", company_name="Same Co")
    body = shown(client, django_assert_num_queries)
    assert body.count('name="claims"') == 7


def test_a_state_change(client, kit, django_assert_num_queries):
    claim = kit.submitted()
    signed_in(client, kit.reviewer)
    assert "Submitted" in row(shown(client, django_assert_num_queries), claim)
    services.claim_start_review(claim_id=claim.pk, actor=kit.reviewer)
    assert "In review" in row(shown(client, django_assert_num_queries), claim)


def test_a_claim_leaving_the_queue(client, kit, django_assert_num_queries):
    claim = kit.in_review()
    signed_in(client, kit.reviewer)
    assert f"#{claim.pk}<" in shown(client, django_assert_num_queries)
    services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="Add the contract.")
    assert f"#{claim.pk}<" not in shown(client, django_assert_num_queries, empty=True)


def test_an_amount_edit(client, kit, django_assert_num_queries):
    claim = kit.in_review(requested_amount=Decimal("3000"))
    services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="Check the amount.")
    signed_in(client, kit.reviewer)
    path = QUEUE + "?state=returned"
    assert "3,000" in row(shown(client, django_assert_num_queries, path), claim)
    data = services.ClaimInput(
        requested_amount=Decimal("2500"), education_level="master", start_date=claim.start_date, end_date=claim.end_date
    )
    services.claim_update(claim_id=claim.pk, actor=claim.applicant, data=data)
    assert "2,500" in row(shown(client, django_assert_num_queries, path), claim)


def test_a_payment(client, kit, django_assert_num_queries, django_capture_on_commit_callbacks):
    claim = kit.approved()
    signed_in(client, kit.reviewer)
    path = QUEUE + "?state=approved"
    assert f"#{claim.pk}<" in shown(client, django_assert_num_queries, path)
    batch = services.payment_batch_create(actor=kit.approver, claim_ids=[claim.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_batch_mark_paid(batch_id=batch.pk, actor=kit.approver)
    assert f"#{claim.pk}<" not in shown(client, django_assert_num_queries, path, empty=True)
    assert f"#{claim.pk}<" in client.get(QUEUE + "?state=paid").content.decode()


def test_an_applicant_renamed(client, kit):
    claim = kit.submitted()
    signed_in(client, claim.applicant)
    assert client.post(reverse("profile"), {"full_name": "Lee Siu Ming", "preferred_language": "en"}).status_code == 302
    signed_in(client, kit.reviewer)
    assert "Lee Siu Ming" in row(client.get(QUEUE).content.decode(), claim)


def test_a_scheme_renamed_and_made_exclusive(client, kit, schemes, django_assert_num_queries):
    applicant, identity = kit.make_user("youth"), kit.next_hkid()
    first = kit.submitted("futian-internship", applicant=applicant, identity_number=identity)
    kit.submitted("luohu-living", applicant=applicant, identity_number=identity)
    schemes["futian-internship"].exclusive_with.clear()
    signed_in(client, kit.reviewer)
    assert "Double claim?" not in row(shown(client, django_assert_num_queries), first)
    scheme = schemes["futian-internship"]
    scheme.name_en = "Futian graduate internship subsidy"
    scheme.save()
    scheme.exclusive_with.add(schemes["luohu-living"])
    body = row(shown(client, django_assert_num_queries), first)
    assert "Futian graduate internship subsidy" in body and "Double claim?" in body


def test_an_anonymised_closed_claim(client, kit, django_assert_num_queries):
    from subsidies import retention

    claim = kit.in_review()
    services.claim_reject(claim_id=claim.pk, actor=kit.reviewer, reason="Outside the conditions.")
    signed_in(client, kit.reviewer)
    path = QUEUE + "?state=rejected"
    assert claim.masked_identity in row(shown(client, django_assert_num_queries, path), claim)
    assert retention.claim_anonymise(claim_id=claim.pk, now=timezone.now())
    assert claim.masked_identity not in row(shown(client, django_assert_num_queries, path), claim)


def test_a_queryset_update_shows_at_once(client, kit, django_assert_num_queries):
    """No version to move: a write that sends no signal shows as any other."""
    from subsidies.models import Claim

    claim = kit.submitted(requested_amount=Decimal("1000"))
    signed_in(client, kit.reviewer)
    assert "1,000" in row(shown(client, django_assert_num_queries), claim)
    Claim.objects.filter(pk=claim.pk).update(requested_amount=Decimal("4321"))
    assert "4,321" in row(shown(client, django_assert_num_queries), claim)


def test_a_request_with_messages(client, kit, django_capture_on_commit_callbacks):
    a, b = kit.in_review(), kit.in_review()
    signed_in(client, kit.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("subsidies:review_bulk"), {"action": "return", "reason": "More papers.", "claims": [a.pk, b.pk]}
        )
    body = client.get(response["Location"]).content.decode()
    assert "2 claims updated." in body  # the messages are this request's own
    assert f"#{a.pk}<" not in body
