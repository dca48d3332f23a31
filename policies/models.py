"""Policy guides (政策指南): one support measure for Hong Kong and Macau youth in the GBA each.

Texts are translated with django-modeltranslation (see translation.py): every translated field
exists as `<name>_zh_hant`, `<name>_zh_hans` and `<name>_en`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Region

if TYPE_CHECKING:
    # translation.py registers every model here with django-modeltranslation, which swaps their
    # default manager for its MultilingualManager.
    from modeltranslation.manager import MultilingualManager


class Issuer(models.Model):
    """An issuing authority: a bureau (人社局), a district government or one of its departments."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("Bureau")
        DISTRICT = "district", _("District")
        DEPARTMENT = "department", _("Department")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BUREAU)

    objects: ClassVar[MultilingualManager[Issuer]]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """Employment, entrepreneurship, internship, mentorship, housing, ... (data, not code)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ClassVar[MultilingualManager[Category]]

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    """HK youth, Macau youth, students, graduates, start-up teams, professionals (data)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ClassVar[MultilingualManager[TargetGroup]]

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


# Choices of the eligibility checker; each policy stores its criteria as lists of these values.
class Origin(models.TextChoices):
    HONG_KONG = "hk", _("Hong Kong")
    MACAU = "macau", _("Macau")


class Education(models.TextChoices):
    SECONDARY = "secondary", _("Secondary school")
    ASSOCIATE = "associate", _("Associate degree / higher diploma")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    PHD = "phd", _("Doctorate (PhD)")


class Situation(models.TextChoices):
    STUDYING = "studying", _("Studying")
    EMPLOYED = "employed", _("Employed")
    UNEMPLOYED = "unemployed", _("Not employed")
    STARTUP = "startup", _("Running a start-up")


class Need(models.TextChoices):
    JOB = "job", _("A job")
    INTERNSHIP = "internship", _("An internship")
    FUNDING = "funding", _("Funding")
    HOUSING = "housing", _("Housing")
    MENTOR = "mentor", _("A mentor")


class PolicyQuerySet(models.QuerySet["Policy"]):
    def published(self) -> PolicyQuerySet:
        return self.filter(status=Policy.Status.PUBLISHED)


PolicyManager = models.Manager.from_queryset(PolicyQuerySet)


class Policy(models.Model):
    """A policy guide (政策指南): one support measure explained for HK/Macau youth."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    benefits_text = models.TextField(_("benefits"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)

    issuer = models.ForeignKey(Issuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="policies")
    region = models.ForeignKey(
        Region, verbose_name=_("where it applies"), on_delete=models.PROTECT, related_name="policies"
    )
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), related_name="policies", blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="policies", blank=True
    )

    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    source_title = models.CharField(_("source document title"), max_length=300, blank=True)
    source_issuer = models.CharField(_("source document issuer"), max_length=200, blank=True)
    source_date = models.DateField(_("source document date"), null=True, blank=True)
    source_reference = models.CharField(_("source document reference"), max_length=200, blank=True)
    source_url = models.URLField(_("source document address"), blank=True)

    # A paying measure's schemes link here (subsidies.Scheme.policy, `policy.schemes`): their
    # rules hold the figures the guide shows and the checker estimates with.

    # Eligibility criteria: data, edited by staff in the admin, read by rules.match_applicant.
    # An empty list means "no restriction on this point".
    in_checker = models.BooleanField(
        _("offered by the eligibility checker"),
        default=True,
        help_text=_("Untick for measures that individuals cannot use (for example awards to bases)."),
    )
    criteria_origins = models.JSONField(_("who may use it: from"), default=list, blank=True)
    criteria_min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    criteria_max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    criteria_education = models.JSONField(_("education levels"), default=list, blank=True)
    criteria_situations = models.JSONField(_("situations"), default=list, blank=True)
    criteria_needs = models.JSONField(_("needs it meets"), default=list, blank=True)

    # All translations of the texts, converted to Simplified Chinese (OpenCC t2s) and lower-cased,
    # so that one trigram-indexed column answers Traditional, Simplified and English queries.
    search_title = models.TextField(editable=False, default="", blank=True)
    search_text = models.TextField(editable=False, default="", blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # django-modeltranslation (translation.py) mixes its MultilingualManager into this manager at
    # run time, in a class made on the fly that the type checker cannot see: both are declared
    # here (the default manager types the reverse relations `issuer.policies`, `region.policies`).
    objects: ClassVar[PolicyManager[Policy]] = PolicyManager()
    _default_manager: ClassVar[PolicyManager[Policy]]

    class Meta:
        ordering = ["-published_at", "slug"]
        verbose_name = _("policy guide")
        verbose_name_plural = _("policy guides")
        indexes = [models.Index(fields=["status", "-published_at"], name="policy_status_published")]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="policy_effective_dates_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="policy_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(criteria_min_age__isnull=True)
                | Q(criteria_max_age__isnull=True)
                | Q(criteria_max_age__gte=models.F("criteria_min_age")),
                name="policy_age_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policies:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class BenefitUnit(models.TextChoices):
    """What a guide's amount is counted by (its lines come from the schemes' rules)."""

    PER_MONTH = "per_month", _("per month")
    PER_DAY = "per_day", _("per day")
    PER_SESSION = "per_session", _("per session")
    PER_ACTIVITY = "per_activity", _("per activity")
    PER_NIGHT = "per_night", _("per night")
    ONE_TIME = "one_time", _("one-time")


class Beneficiary(models.TextChoices):
    """Who a measure pays: the young person or team, a mentor, a base's operator."""

    APPLICANT = "applicant", _("the young person or team")
    MENTOR = "mentor", _("the mentor")
    BASE = "base", _("the base operator")


class PolicyChange(models.Model):
    """The change history of a guide. Public entries say "last updated on ..., what changed";
    every publish, archive and edit by staff writes one (the audit row of services.py)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="changes", verbose_name=_("policy"))
    changed_at = models.DateTimeField(_("changed on"))
    summary = models.CharField(_("what changed"), max_length=500)
    is_public = models.BooleanField(_("shown to the public"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )

    objects: ClassVar[MultilingualManager[PolicyChange]]

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        indexes = [models.Index(fields=["policy", "-changed_at"], name="policychange_policy_date")]

    def __str__(self) -> str:
        return self.summary
