"""Factories and a small kit that moves claims through the services (state changes only via
services, as in production)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from subsidies import rules, services
from subsidies.models import Scheme, SchemeRule

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def pdf(name="document.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    code = factory.Sequence(lambda n: f"scheme-{n}")
    name = factory.Sequence(lambda n: f"Scheme {n}")
    applicant_role = "youth"


class SchemeRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemeRule

    scheme = factory.SubFactory(SchemeFactory)
    effective_from = date(2023, 1, 1)
    kind = rules.FIXED
    amount = Decimal("60000")


class ClaimKit:
    """Claims in a chosen state, reached through the services."""

    def __init__(self, *, schemes, make_user, capture):
        self.schemes = schemes
        self.make_user = make_user
        self.capture = capture
        self.reviewer = make_user("reviewer")
        self.approver = make_user("approver")
        self._hkid = 0

    def next_hkid(self) -> str:
        # letters + 6 digits with a computed check digit: unique per call
        self._hkid += 1
        digits = f"{100000 + self._hkid:06d}"
        return "P" + digits + rules.hkid_check_digit("P", digits)

    def draft(self, code="futian-internship", applicant=None, identity_number=None, identity_type=rules.HKID, **fields):
        scheme = self.schemes[code]
        if applicant is None:
            applicant = self.make_user(scheme.applicant_role)
        if code == "futian-internship":
            fields = {
                "education_level": "master",
                "start_date": date(2026, 1, 1),
                "end_date": date(2026, 3, 31),
                **fields,
            }
        if code == "futian-landing":
            fields = {"financing_amount": Decimal("2000000"), **fields}
        with self.capture(execute=True):
            claim = services.claim_create(
                applicant=applicant,
                scheme=scheme,
                data=services.ClaimInput(**fields),
                identity_type=identity_type,
                identity_number=self.next_hkid() if identity_number is None else identity_number,
            )
        return claim

    def with_documents(self, claim):
        for doc in claim.scheme.required_documents.all():
            services.claim_document_add(claim_id=claim.pk, actor=claim.applicant, kind=doc.code, upload=pdf())
        return claim

    def submitted(self, code="futian-internship", **kw):
        claim = self.with_documents(self.draft(code, **kw))
        with self.capture(execute=True):
            services.claim_submit(claim_id=claim.pk, actor=claim.applicant)
        claim.refresh_from_db()
        return claim

    def in_review(self, code="futian-internship", **kw):
        claim = self.submitted(code, **kw)
        with self.capture(execute=True):
            services.claim_start_review(claim_id=claim.pk, actor=self.reviewer)
        claim.refresh_from_db()
        return claim

    def recommended(self, code="futian-internship", **kw):
        claim = self.in_review(code, **kw)
        with self.capture(execute=True):
            services.claim_recommend(claim_id=claim.pk, actor=self.reviewer)
        claim.refresh_from_db()
        return claim

    def approved(self, code="futian-internship", amount=None, **kw):
        claim = self.recommended(code, **kw)
        with self.capture(execute=True):
            services.claim_approve(
                claim_id=claim.pk, actor=self.approver, amount=amount or claim.eligible_amount, reason="Checked."
            )
        claim.refresh_from_db()
        return claim
