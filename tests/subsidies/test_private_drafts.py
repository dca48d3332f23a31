"""A draft that was never submitted is its applicant's alone, even after it is withdrawn
(issue 15, item 7): staff see neither it nor its documents, on the pages, in the API or in an
export. A claim withdrawn after submission stays visible to staff (it was sent to them)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from subsidies import services
from subsidies.models import ClaimState, ExportJob

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"subsidies:{name}", args=args)


def withdrawn_draft(kit):
    claim = kit.with_documents(kit.draft())
    services.claim_withdraw(claim_id=claim.pk, actor=claim.applicant)
    claim.refresh_from_db()
    assert claim.state == ClaimState.WITHDRAWN and claim.submitted_at is None
    return claim


def test_staff_cannot_open_a_withdrawn_draft_or_its_documents(client, kit):
    claim = withdrawn_draft(kit)
    document = claim.documents.first()
    for staff in (kit.reviewer, kit.approver):
        client.force_login(staff)
        assert client.get(url("claim", claim.pk)).status_code == 404
        assert client.get(url("document", document.pk)).status_code == 404
        assert client.post(url("identity_reveal", claim.pk)).status_code == 404
        queue = client.get(url("review_queue") + "?state=withdrawn").content.decode()
        assert url("claim", claim.pk) not in queue
    client.force_login(claim.applicant)
    assert client.get(url("claim", claim.pk)).status_code == 200
    assert client.get(url("document", document.pk)).status_code == 200


def test_the_api_does_not_show_a_withdrawn_draft_to_staff(kit):
    claim = withdrawn_draft(kit)
    api = APIClient()
    api.force_authenticate(kit.reviewer)
    assert api.get(f"/api/v1/subsidies/claims/{claim.pk}/").status_code == 404
    listed = api.get("/api/v1/subsidies/claims/?state=withdrawn").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert claim.pk not in [row["id"] for row in rows]
    api.force_authenticate(claim.applicant)
    assert api.get(f"/api/v1/subsidies/claims/{claim.pk}/").status_code == 200


def test_an_export_leaves_out_a_withdrawn_draft_but_keeps_a_withdrawn_claim(client, kit):
    draft = withdrawn_draft(kit)
    sent = kit.submitted()
    services.claim_withdraw(claim_id=sent.pk, actor=sent.applicant)
    client.force_login(kit.reviewer)
    with kit.capture(execute=True):
        client.post(url("export_start"), {"format": "csv", "state": "withdrawn"})
    job = ExportJob.objects.get()
    rows = list(csv.reader(io.StringIO(job.file.open("rb").read().decode("utf-8-sig"))))
    ids = [row[0] for row in rows[1:]]
    assert str(sent.pk) in ids and str(draft.pk) not in ids
    assert client.get(url("claim", sent.pk)).status_code == 200
