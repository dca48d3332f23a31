"""A claim holds at most MAX_DOCUMENTS_PER_KIND files of each kind (issue 15, item 13): one more is
refused on the page and in the API, in the applicant's language, and nothing is stored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from subsidies import services
from subsidies.documents import MAX_DOCUMENTS_PER_KIND
from subsidies.models import ClaimDocument

from .factories import pdf

pytestmark = pytest.mark.django_db


def full_claim(kit):
    claim = kit.draft()
    kind = claim.scheme.required_documents.first().code
    for _ in range(MAX_DOCUMENTS_PER_KIND):
        services.claim_document_add(claim_id=claim.pk, actor=claim.applicant, kind=kind, upload=pdf())
    return claim, kind


def test_the_limit_is_sensible():
    assert 3 <= MAX_DOCUMENTS_PER_KIND <= 10


@pytest.mark.parametrize(
    ("lang", "words"), [("zh-hant", "最多"), ("zh-hans", "最多"), ("en", f"at most {MAX_DOCUMENTS_PER_KIND}")]
)
def test_one_file_more_of_a_kind_is_refused_in_the_applicants_language(kit, lang, words):
    claim, kind = full_claim(kit)
    with translation.override(lang):
        with pytest.raises(services.InvalidInput) as refused:
            services.claim_document_add(claim_id=claim.pk, actor=claim.applicant, kind=kind, upload=pdf())
        assert words in str(refused.value.errors["file"][0])
    assert ClaimDocument.objects.filter(claim=claim, kind=kind).count() == MAX_DOCUMENTS_PER_KIND
    other = claim.scheme.required_documents.exclude(code=kind).first()
    services.claim_document_add(claim_id=claim.pk, actor=claim.applicant, kind=other.code, upload=pdf())


def test_the_page_and_the_api_refuse_one_file_more(client, kit):
    claim, kind = full_claim(kit)
    client.force_login(claim.applicant)
    with translation.override("zh-hant"):
        url = reverse("subsidies:document_upload", args=[claim.pk])
    response = client.post(url, {"kind": kind, "file": pdf()})
    assert response.status_code == 400 and "最多" in response.content.decode()
    api = APIClient()
    api.force_authenticate(claim.applicant)
    response = api.post(f"/api/v1/subsidies/claims/{claim.pk}/documents/", {"kind": kind, "file": pdf()})
    assert response.status_code == 400 and "file" in response.json()
    assert ClaimDocument.objects.filter(claim=claim, kind=kind).count() == MAX_DOCUMENTS_PER_KIND
