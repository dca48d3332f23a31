"""Claims: their states, transitions, documents, reference numbers, payment batches and exports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH
from portal.models import TransitionRow

from .. import rules
from .schemes import Scheme, SchemeRule, private_storage


class ClaimState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for more information")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    RECOMMENDED = "recommended", _("Recommended")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PAID = "paid", _("Paid")


# States in which nothing has been decided yet: the eligible amount may be recomputed and the
# applicant may withdraw.
UNDECIDED_STATES = (
    ClaimState.DRAFT,
    ClaimState.SUBMITTED,
    ClaimState.IN_REVIEW,
    ClaimState.RETURNED,
    ClaimState.RESUBMITTED,
    ClaimState.RECOMMENDED,
)
APPROVED_STATES = (ClaimState.APPROVED, ClaimState.PAID)
# States in which a claim waits for staff: the review queue as it opens.
QUEUE_STATES = (ClaimState.SUBMITTED, ClaimState.IN_REVIEW, ClaimState.RESUBMITTED, ClaimState.RECOMMENDED)
# States that count as "a claim" for the double-claim flags.
LIVE_STATES = tuple(s for s in ClaimState if s not in (ClaimState.DRAFT, ClaimState.WITHDRAWN, ClaimState.REJECTED))
# The claims bureau staff may see: every claim ever submitted to them. A draft, and a draft
# withdrawn without ever being submitted, are the applicant's alone (with their documents).
SENT_TO_STAFF = ~Q(state=ClaimState.DRAFT) & ~Q(state=ClaimState.WITHDRAWN, submitted_at__isnull=True)


class EducationLevel(models.TextChoices):
    ASSOCIATE = rules.ASSOCIATE, _("Associate degree")
    BACHELOR = rules.BACHELOR, _("Bachelor's degree")
    MASTER = rules.MASTER, _("Master's degree")
    PHD = rules.PHD, _("PhD")


class Claim(models.Model):
    """A claim for a subsidy under a scheme, from draft to paid."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="claims", verbose_name=_("scheme"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subsidy_claims", verbose_name=_("applicant")
    )
    state = models.CharField(_("state"), max_length=20, choices=ClaimState.choices, default=ClaimState.DRAFT)
    # the identity number at submission: caps and double claims are by person, not only account
    identity_number = models.CharField(_("identity number"), max_length=30, blank=True, db_index=True)
    company_name = models.CharField(_("company or team"), max_length=200, blank=True)
    # the beneficiary of a measure given to a company or a base (Scheme.given_to)
    registration_number = models.CharField(_("company registration number"), max_length=18, blank=True, db_index=True)
    base = models.ForeignKey(
        "incubators.Base",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidy_claims",
        verbose_name=_("incubator base"),
    )
    # where the subsidy is paid (payee.py): shown masked except in the payment batch's file
    payee_bank = models.CharField(_("bank"), max_length=100, blank=True)
    payee_account_name = models.CharField(_("account holder's name"), max_length=100, blank=True)
    payee_account_number = models.CharField(_("account number"), max_length=25, blank=True)
    period = models.CharField(_("period"), max_length=20, blank=True, help_text=_("For example 2026 or 2026-H1."))
    education_level = models.CharField(_("education level"), max_length=20, choices=EducationLevel.choices, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    financing_amount = models.DecimalField(
        _("financing raised (RMB)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    requested_amount = models.DecimalField(
        _("requested amount (RMB)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eligible_amount = models.DecimalField(
        _("eligible amount (RMB)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    calculation = models.JSONField(_("calculation"), default=dict, blank=True)
    rule = models.ForeignKey(
        SchemeRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rule version")
    )
    eligibility_computed_at = models.DateTimeField(null=True, blank=True)
    approved_amount = models.DecimalField(
        _("approved amount (RMB)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Closed claims are anonymised after the retention period (PDPO DPP2: personal data kept no
    # longer than necessary): identity number, company and documents go; amounts stay for audit.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Given on the first submission (`rules.claim_reference`, e.g. FT-INT-2026-000123) and kept.
    reference = models.CharField(_("reference number"), max_length=40, unique=True, null=True, blank=True)
    # The applicant's declaration (true and complete, consent to checks), as they ticked it.
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    declaration = models.TextField(_("declaration"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at", "-id"]
        indexes = [
            # the review queue: filtered on one state, oldest submission first, 50 at a time
            models.Index(fields=["state", "submitted_at", "id"], name="subsidies_claim_queue"),
            # the queue as it opens (every claim waiting for staff), in the same order
            models.Index(
                fields=["submitted_at", "id"], condition=Q(state__in=QUEUE_STATES), name="subsidies_claim_waiting"
            ),
            # double-claim flags: other claims of the same company, compared case-insensitively
            models.Index(Upper("company_name"), name="subsidies_claim_company_upper"),
            models.Index(fields=["scheme", "state"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ClaimState.values), name="subsidies_claim_state_valid"),
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gte=0),
                name="subsidies_claim_requested_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(eligible_amount__isnull=True) | Q(eligible_amount__gte=0),
                name="subsidies_claim_eligible_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (
                    Q(approved_amount__gte=0)
                    & Q(eligible_amount__isnull=False)
                    & Q(approved_amount__lte=F("eligible_amount"))
                ),
                name="subsidies_claim_approved_within_eligible",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[ClaimState.APPROVED, ClaimState.PAID]) | Q(approved_amount__isnull=False),
                name="subsidies_claim_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(financing_amount__isnull=True) | Q(financing_amount__gte=0),
                name="subsidies_claim_financing_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="subsidies_claim_dates_in_order",
            ),
            # four eyes: the approver is not the recommending reviewer
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(recommended_by__isnull=True)
                | ~Q(decided_by=F("recommended_by"))
                | Q(state=ClaimState.REJECTED),
                name="subsidies_claim_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("applicant")),
                name="subsidies_claim_not_decided_by_applicant",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.scheme.code} {self.get_state_display()}"

    @property
    def masked_identity(self) -> str:
        return rules.mask_identity(self.identity_number)

    @property
    def masked_account(self) -> str:
        from ..payee import mask_account

        return mask_account(self.payee_account_number)

    @property
    def sent_to_staff(self) -> bool:
        """Whether bureau staff may see this claim (SENT_TO_STAFF, for one claim)."""
        never_sent = self.state == ClaimState.DRAFT or (
            self.state == ClaimState.WITHDRAWN and self.submitted_at is None
        )
        return not never_sent

    @property
    def facts(self) -> rules.ClaimFacts:
        return rules.ClaimFacts(
            education_level=self.education_level or None,
            start_date=self.start_date,
            end_date=self.end_date,
            financing_amount=self.financing_amount,
            requested_amount=self.requested_amount,
        )

    @property
    def calculation_words(self) -> str:
        return rules.calculation_words(self.calculation) if self.calculation else ""


class ClaimReferenceCounter(models.Model):
    """The last sequence number given under one reference prefix and year (one row each, moved by
    a single atomic upsert: `services.reference.claim_reference_assign`)."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("claim reference counter")
        verbose_name_plural = _("claim reference counters")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="subsidies_reference_counter_one")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class ClaimTransition(TransitionRow):
    """One step of a claim's life (who, when, from, to, note). Append-only: written by the
    services in the same transaction as the change, never edited; a claim with steps cannot be
    deleted (PROTECT), so its history never goes with it."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=20, choices=ClaimState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ClaimState.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    # A return's request: the codes of the scheme's documents the applicant is asked for
    # (RequiredDocument.code), shown at the top of the claim's page with the question.
    documents_requested = models.JSONField(_("documents asked for"), default=list, blank=True)

    class Meta(TransitionRow.Meta):
        verbose_name = _("claim transition")
        verbose_name_plural = _("claim transitions")

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.from_state} -> {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Claim transitions are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Claim transitions are append-only")


def claim_document_path(instance: ClaimDocument, filename: str) -> str:
    import uuid

    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.content_type, "bin")
    return f"claims/{instance.claim_id}/{uuid.uuid4().hex}.{extension}"


class ClaimDocument(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.SlugField(_("kind"), max_length=60)
    file = models.FileField(_("file"), storage=private_storage, upload_to=claim_document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim document")
        verbose_name_plural = _("claim documents")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="subsidies_document_type_allowed",
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=rules.MAX_DOCUMENT_BYTES), name="subsidies_document_size"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class PaymentBatchState(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")


class PaymentBatch(models.Model):
    """Approved claims gathered for finance; marked paid once."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PaymentBatchState.choices, default=PaymentBatchState.OPEN
    )
    total = models.DecimalField(_("total (RMB)"), max_digits=14, decimal_places=2, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="subsidies_batch_total_gte_0"),
            models.CheckConstraint(
                condition=Q(state=PaymentBatchState.OPEN) | Q(paid_at__isnull=False),
                name="subsidies_batch_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class PaymentBatchItem(models.Model):
    """A claim in a batch. `claim` is unique: a claim belongs to at most one batch."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="items")
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment_item")
    amount = models.DecimalField(_("amount (RMB)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("payment batch item")
        verbose_name_plural = _("payment batch items")
        ordering = ["batch", "claim_id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="subsidies_batch_item_amount_gt_0")]

    def __str__(self) -> str:
        return f"{self.batch} {self.claim_id}"


class ExportJob(models.Model):
    """An export of a large list built by a Celery task; the page polls its progress."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # "claims-csv", "claims-xlsx"
    params = models.JSONField(default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="exports/", blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="subsidies_export_progress_lte_100")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
