"""Subsidies (补贴): schemes with versioned rules as data, claims with documents, four-eyes review,
budgets and payment batches.

Invariants that fit in the database are constraints here; the rules themselves live in
`rules.py` and every write goes through `services.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts import roles
from portal.forms import FREE_TEXT_MAX_LENGTH

from . import rules

if TYPE_CHECKING:
    # translation.py registers Scheme and RequiredDocument with django-modeltranslation, which
    # swaps their default manager for its MultilingualManager.
    from modeltranslation.manager import MultilingualManager


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Claim documents: under PRIVATE_MEDIA_ROOT (never MEDIA_ROOT), without a public URL; read
    only through the permission-checked download view. The root is read from settings when the
    storage is used, so tests (per-process roots) and deployments may move it."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    def url(self, name):  # pragma: no cover - defensive: there is no public URL
        raise ValueError("Private files have no public URL")


private_storage = PrivateStorage()


class ApplicantRole(models.TextChoices):
    YOUTH = roles.YOUTH, _("Youth")
    MENTOR = roles.MENTOR, _("Mentor")
    BASE_OPERATOR = roles.BASE_OPERATOR, _("Base operator")


class Scheme(models.Model):
    """A subsidy scheme: one paying measure of a policy guide. Its figures live in its rule
    versions (SchemeRule) and nowhere else: the guide shows them from there."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # By name: the policies app reads the subsidies app, never the other way round.
    policy = models.ForeignKey(
        "policies.Policy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schemes",
        verbose_name=_("policy guide"),
    )
    applicant_role = models.CharField(_("who may apply"), max_length=20, choices=ApplicantRole.choices)
    annual_budget = models.DecimalField(
        _("annual budget (RMB)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    exclusive_with = models.ManyToManyField("self", symmetrical=True, blank=True, verbose_name=_("exclusive with"))
    is_open = models.BooleanField(_("open for claims"), default=True)
    # The service standard told to an applicant on submitting: a reply within so many working days.
    service_standard_days = models.PositiveSmallIntegerField(_("reply within (working days)"), default=20)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ClassVar[MultilingualManager[Scheme]]

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["ordering", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_budget__isnull=True) | Q(annual_budget__gte=0), name="subsidies_scheme_budget_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RequiredDocument(models.Model):
    """A kind of document a scheme requires (ID, degree certificate, contract...)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="required_documents")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ClassVar[MultilingualManager[RequiredDocument]]

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["ordering", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="subsidies_required_document_once")]

    def __str__(self) -> str:
        return self.name


class RuleKind(models.TextChoices):
    MONTHLY_BY_EDUCATION = rules.MONTHLY_BY_EDUCATION, _("Monthly rate by education level")
    FIXED = rules.FIXED, _("One-time fixed amount")
    UP_TO = rules.UP_TO, _("Up to a ceiling")
    UP_TO_PROPORTIONAL = rules.UP_TO_PROPORTIONAL, _("In proportion to financing, up to a ceiling")
    MENTOR_SERVICES = rules.MENTOR_SERVICES, _("Mentor services (mentorship programme)")


class SchemeRule(models.Model):
    """A version of a scheme's rule, in force from `effective_from` until the next version.

    `ceiling`: the most one person may be approved under the scheme across all their claims
    (empty: no cap across claims). `rates`: {"associate": "1000", ...} for the monthly rule.
    """

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rules")
    effective_from = models.DateField(_("effective from"))
    kind = models.CharField(_("kind"), max_length=30, choices=RuleKind.choices)
    rates = models.JSONField(_("monthly rates by education level"), default=dict, blank=True)
    amount = models.DecimalField(_("fixed amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    ceiling = models.DecimalField(_("ceiling per person"), max_digits=12, decimal_places=2, null=True, blank=True)
    proportion = models.DecimalField(
        _("proportion of financing"), max_digits=5, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("scheme rule")
        verbose_name_plural = _("scheme rules")
        ordering = ["scheme", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "effective_from"], name="subsidies_rule_one_per_date"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="subsidies_rule_amount_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(ceiling__gte=0), name="subsidies_rule_ceiling_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(proportion__isnull=True) | (Q(proportion__gt=0) & Q(proportion__lte=1)),
                name="subsidies_rule_proportion_in_0_1",
            ),
            models.CheckConstraint(
                condition=~Q(kind=rules.FIXED) | Q(amount__isnull=False), name="subsidies_rule_fixed_has_amount"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[rules.UP_TO, rules.UP_TO_PROPORTIONAL]) | Q(ceiling__isnull=False),
                name="subsidies_rule_up_to_has_ceiling",
            ),
            models.CheckConstraint(
                condition=~Q(kind=rules.UP_TO_PROPORTIONAL) | Q(proportion__isnull=False),
                name="subsidies_rule_proportional_has_proportion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} {self.effective_from}"

    def rates_display(self) -> list[tuple[str, object]]:
        """The monthly rates in education order (associate to PhD), with translated labels."""
        from decimal import Decimal

        return [
            (rules.education_label(level), Decimal(self.rates[level]))
            for level in rules.EDUCATION_LEVELS
            if level in (self.rates or {})
        ]

    def as_params(self) -> rules.RuleParams:
        return rules.RuleParams(
            kind=self.kind,
            rates=dict(self.rates or {}),
            amount=self.amount,
            ceiling=self.ceiling,
            proportion=self.proportion,
        )


class SchemeBudget(models.Model):
    """A scheme's budget for one year and what approvals have committed of it. The row is
    locked (select_for_update) by every approval; the constraint is the last guard."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget (RMB)"), max_digits=14, decimal_places=2)
    committed = models.DecimalField(_("committed (RMB)"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("scheme budget")
        verbose_name_plural = _("scheme budgets")
        ordering = ["scheme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="subsidies_budget_one_per_year"),
            models.CheckConstraint(condition=Q(committed__gte=0), name="subsidies_budget_committed_gte_0"),
            models.CheckConstraint(condition=Q(committed__lte=F("amount")), name="subsidies_budget_not_exceeded"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} {self.year}"

    @property
    def remaining(self):
        return self.amount - self.committed


class IdentityType(models.TextChoices):
    HKID = rules.HKID, _("Hong Kong identity card")
    HOME_RETURN_PERMIT = rules.HOME_RETURN_PERMIT, _("Home Return Permit")
    PASSPORT = rules.PASSPORT, _("Passport")


class ApplicantProfile(models.Model):
    """What a claim needs to know about the person: the identity document."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subsidy_profile")
    identity_type = models.CharField(_("identity document"), max_length=30, choices=IdentityType.choices, blank=True)
    identity_number = models.CharField(_("identity number"), max_length=30, blank=True, db_index=True)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")

    def __str__(self) -> str:
        return f"{self.user} {self.masked_identity}"

    @property
    def masked_identity(self) -> str:
        return rules.mask_identity(self.identity_number)


class IdentityView(models.Model):
    """Each time a staff member saw a full identity number (personal data access log)."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey("Claim", on_delete=models.CASCADE, related_name="identity_views")
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity number view")
        verbose_name_plural = _("identity number views")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.viewer_id} {self.claim_id} {self.viewed_at}"


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
    declaration = models.TextField(_("declaration"), blank=True)

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


class ClaimTransition(models.Model):
    """One step of a claim's life (who, when, from, to, note). Append-only: written by the
    services in the same transaction as the change, never edited; a claim with steps cannot be
    deleted (PROTECT), so its history never goes with it."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="transitions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    from_state = models.CharField(_("from"), max_length=20, choices=ClaimState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ClaimState.choices)
    note = models.TextField(_("note"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    # A return's request: the codes of the scheme's documents the applicant is asked for
    # (RequiredDocument.code), shown at the top of the claim's page with the question.
    documents_requested = models.JSONField(_("documents asked for"), default=list, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim transition")
        verbose_name_plural = _("claim transitions")
        ordering = ["created_at", "id"]

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
