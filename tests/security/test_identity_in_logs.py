"""No identity number in any log line or URL (OWASP ASVS V14 data protection, V16 logging;
PDPO DPP4): a youth files a claim with an HKID, staff view it, reveal the number and export,
while every logger is captured at DEBUG; then every record and every URL requested or
redirected to is scanned for an HKID-shaped string.

`django.db.backends` is the one logger left out: it logs SQL with its parameters only when
DEBUG is on (never in production, where LOGGING also pins it to WARNING)."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client

HKID_PATTERN = re.compile(r"[A-Z]{1,2}\d{6}\(?[0-9A]\)?")


def _hkid() -> tuple[str, str]:
    from subsidies import rules

    digits = "654321"
    check = rules.hkid_check_digit("K", digits)
    return f"K{digits}({check})", f"K{digits}{check}"


def test_the_pattern_finds_what_it_looks_for():
    shown, canonical = _hkid()
    assert HKID_PATTERN.search(f"claim of {shown}") and HKID_PATTERN.search(canonical)
    assert not HKID_PATTERN.search("K65****(*)")


@pytest.mark.django_db
def test_no_identity_number_in_logs_or_urls(world, caplog, django_capture_on_commit_callbacks):
    from accounts.models import User
    from accounts.roles import YOUTH, role_group
    from subsidies.models import Claim, ClaimState

    shown, canonical = _hkid()
    applicant = User.objects.create_user(email="hkid.flow@test.gba-youth.example", password="x-42-horse")
    applicant.groups.add(role_group(YOUTH))
    youth, reviewer = Client(), Client()
    youth.force_login(applicant)
    reviewer.force_login(world.users["reviewer"])
    urls: list[str] = []

    def call(client, method, url, expect, **kw):
        response = getattr(client, method)(url, **kw)
        urls.extend([url, response.get("Location", "")])
        assert response.status_code in expect, (method, url, response.status_code, response.content[:300])
        return response

    caplog.set_level(logging.DEBUG)
    logging.getLogger("django.db.backends").setLevel(logging.WARNING)
    with django_capture_on_commit_callbacks(execute=True):
        created = call(
            youth,
            "post",
            "/api/v1/subsidies/claims/",
            {201},
            content_type="application/json",
            data={
                "scheme": "futian-internship",
                "education_level": "master",
                "start_date": "2026-01-01",
                "end_date": "2026-03-31",
                "period": "2026",
                "identity_type": "hkid",
                "identity_number": shown,
            },
        )
        pk = created.json()["id"]
        claim = Claim.objects.get(pk=pk)
        assert applicant.subsidy_profile.identity_number == canonical  # the number really went in
        for doc in claim.scheme.required_documents.all():
            from django.core.files.uploadedfile import SimpleUploadedFile

            upload = SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
            call(
                youth,
                "post",
                f"/api/v1/subsidies/claims/{pk}/documents/",
                {201},
                data={"kind": doc.code, "file": upload},
            )
        call(youth, "post", f"/api/v1/subsidies/claims/{pk}/submit/", {200}, data={"declaration": True})
        assert Claim.objects.get(pk=pk).identity_number == canonical  # copied on the claim at submission
        call(youth, "get", f"/en/subsidies/claims/{pk}/", {200})
        call(reviewer, "get", "/en/subsidies/review/", {200})
        call(reviewer, "get", f"/en/subsidies/claims/{pk}/", {200})
        call(reviewer, "get", f"/api/v1/subsidies/claims/{pk}/", {200})
        revealed = call(reviewer, "post", f"/en/subsidies/claims/{pk}/identity/", {200})
        assert canonical[:7] in revealed.content.decode()  # staff did see the full number
        started = call(reviewer, "post", "/en/subsidies/exports/", {302}, data={"format": "csv"})
    # the export task ran on commit (above); now its page and its file
    call(reviewer, "get", started["Location"], {200})
    exported = call(reviewer, "get", started["Location"] + "download/", {200})
    assert str(pk).encode() in b"".join(exported.streaming_content)
    assert Claim.objects.get(pk=pk).state != ClaimState.DRAFT

    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_text:
            lines.append(record.exc_text)
    assert lines, "nothing was logged: the scan would prove nothing"
    leaks = [line for line in lines if HKID_PATTERN.search(line)]
    assert not leaks, leaks
    assert not [u for u in urls if HKID_PATTERN.search(u)]
