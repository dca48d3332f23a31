"""The admin reads claims, their steps and documents, and payment batches: it deletes none of
them, and the database refuses to delete a claim with its history."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from subsidies import services
from subsidies.models import Claim, ClaimTransition, PaymentBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(None, is_staff=True, is_superuser=True))
    return client


def test_the_admin_refuses_to_delete_a_claim(admin_client, kit):
    claim = kit.submitted()
    url = f"/en/admin/subsidies/claim/{claim.pk}/delete/"
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        "/en/admin/subsidies/claim/", {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert claim.transitions.count() == 2 and claim.documents.count() == 3


def test_the_claim_page_in_the_admin_offers_no_delete_of_steps_or_documents(admin_client, kit):
    claim = kit.submitted()
    body = admin_client.get(f"/en/admin/subsidies/claim/{claim.pk}/change/").content.decode()
    assert "transitions-0-DELETE" not in body and "documents-0-DELETE" not in body


def test_the_admin_refuses_to_delete_a_payment_batch(admin_client, kit):
    kit.approved()
    batch = services.payment_batch_create(actor=kit.approver)
    url = f"/en/admin/subsidies/paymentbatch/{batch.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert PaymentBatch.objects.filter(pk=batch.pk).exists() and batch.items.count() == 1
    body = admin_client.get(f"/en/admin/subsidies/paymentbatch/{batch.pk}/change/").content.decode()
    assert "items-0-DELETE" not in body


def test_a_claims_steps_protect_it(kit):
    claim = kit.submitted()
    with pytest.raises(ProtectedError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).delete()
    assert ClaimTransition.objects.filter(claim=claim).count() == 2
