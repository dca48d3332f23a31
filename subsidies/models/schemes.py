"""Schemes, their rules and budgets, and the applicants' profiles."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts import roles

from .. import rules
from ..rules import DateWindow

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


class GivenTo(models.TextChoices):
    PERSON = rules.PERSON, _("A person")
    COMPANY = rules.COMPANY, _("A company (by its registration number)")
    BASE = rules.BASE, _("An incubator base")


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
    # Who to ask (the help page): the service point that answers about the measure, with its
    # address, opening hours, phone and email as the places app keeps them.
    contact_place = models.ForeignKey(
        "places.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schemes_answered",
        verbose_name=_("who to ask"),
        help_text=_("The service point that answers questions about this measure."),
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
    # Whose claims one cap and the double-claim flags count together (selectors.beneficiary_q).
    given_to = models.CharField(_("given to"), max_length=10, choices=GivenTo.choices, default=GivenTo.PERSON)
    claims_per_period = models.BooleanField(
        _("claimed again each period"),
        default=False,
        help_text=_("Off: one claim per beneficiary (a one-time measure), whatever period it names."),
    )
    # The dates the measure allows a claim's period (rules.period_errors): from its launch to a
    # short window after the claim's day.
    period_from = models.DateField(
        _("periods start from"), default=rules.MEASURES_FROM, help_text=_("The measure's launch.")
    )
    period_ahead_days = models.PositiveSmallIntegerField(
        _("periods end at most this many days ahead"),
        default=rules.PERIOD_AHEAD_DAYS,
        help_text=_("How many days after the claim is made its period may end."),
    )

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

    def date_window(self, day: date) -> DateWindow:
        """The dates a claim made on `day` may have (rules.period_errors)."""
        return rules.date_window(earliest=self.period_from, ahead_days=self.period_ahead_days, day=day)


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
