"""Incubator bases (双创基地), their operators, and the operators' monthly project-count reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.forms import FREE_TEXT_MAX_LENGTH

if TYPE_CHECKING:
    # translation.py registers Base and BasePhoto with django-modeltranslation, which swaps their
    # default manager for its MultilingualManager.
    from modeltranslation.manager import MultilingualManager

    from accounts.models import User


class RecognitionLevel(models.TextChoices):
    NATIONAL_MAKER_SPACE = "national_maker_space", _("National maker space")
    MUNICIPAL = "municipal", _("Municipal base")
    DISTRICT = "district", _("District base")
    NONE = "none", _("Not recognised")


class Base(models.Model):
    """An innovation & entrepreneurship base (双创基地) for Hong Kong and Macau youth."""

    name = models.CharField(_("name"), max_length=200)
    # Where the base is, in the portal's one geography: its district (or zone), or its city when
    # no district is known. The API's `city` and `district` are read from it (selectors.py).
    region = models.ForeignKey(
        "portal.Region",
        verbose_name=_("where"),
        on_delete=models.PROTECT,
        related_name="bases",
        help_text=_("The base's district (or zone), or its city when no district is known."),
    )
    address = models.CharField(_("address"), max_length=300)
    operator_organisation = models.CharField(_("operator organisation"), max_length=200, blank=True)
    focus_industries = models.TextField(
        _("focus industries"), blank=True, help_text=_("One a line."), max_length=FREE_TEXT_MAX_LENGTH
    )
    services = models.TextField(
        _("services"),
        blank=True,
        help_text=_("One a line: shared lab, free desks, housing, training, ..."),
        max_length=FREE_TEXT_MAX_LENGTH,
    )
    border_crossing = models.CharField(_("nearest border crossing"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)

    floor_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)
    recognition_level = models.CharField(
        _("recognition level"), max_length=30, choices=RecognitionLevel.choices, default=RecognitionLevel.NONE
    )
    recognition_year = models.PositiveSmallIntegerField(_("recognition year"), null=True, blank=True)
    national_maker_space = models.BooleanField(
        _("also a national maker space"), default=False, help_text=_("Recognised as a national maker space.")
    )
    border_distance_km = models.DecimalField(
        _("distance to the border crossing (km)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="operated_bases",
        blank=True,
        limit_choices_to={"groups__name": "base_operator"},
        verbose_name=_("operators"),
        help_text=_("Accounts with the base operator role who file this base's reports."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Change history: registered in translation.py, once modeltranslation has added the
    # per-language fields (a HistoricalRecords here would copy the fields before that).
    # The services set _history_user, the user django-simple-history names in the next history row.
    _history_user: User

    objects: ClassVar[MultilingualManager[Base]]

    class Meta:
        verbose_name = _("base")
        verbose_name_plural = _("bases")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recognition_year__isnull=True) | Q(recognition_year__gte=2000, recognition_year__lte=2100),
                name="incubators_base_recognition_year_range",
            ),
            models.CheckConstraint(
                condition=Q(floor_area_m2__isnull=True) | Q(floor_area_m2__gt=0), name="incubators_base_area_positive"
            ),
            models.CheckConstraint(
                condition=Q(border_distance_km__isnull=True) | Q(border_distance_km__gte=0),
                name="incubators_base_distance_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["recognition_level"])]

    def __str__(self) -> str:
        return self.name

    def focus_industry_list(self) -> list[str]:
        return [line.strip() for line in (self.focus_industries or "").splitlines() if line.strip()]

    def service_list(self) -> list[str]:
        return [line.strip() for line in (self.services or "").splitlines() if line.strip()]


def base_photo_path(instance: BasePhoto, filename: str) -> str:
    return f"incubators/bases/{instance.base_id}/{filename}"


class BasePhoto(models.Model):
    """A photo of a base: validated with Pillow and resized on upload (see photos.py)."""

    base = models.ForeignKey(Base, on_delete=models.CASCADE, related_name="photos", verbose_name=_("base"))
    image = models.ImageField(_("image"), upload_to=base_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ClassVar[MultilingualManager[BasePhoto]]

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["base", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


class CorrectionStatus(models.TextChoices):
    NONE = "none", _("No correction")
    PENDING = "pending", _("Correction awaiting staff")
    ACCEPTED = "accepted", _("Correction accepted")
    REJECTED = "rejected", _("Correction rejected")


class ProjectCountReport(models.Model):
    """A base operator's monthly report of project counts. `period` is the first day of the month."""

    base = models.ForeignKey(Base, on_delete=models.CASCADE, related_name="reports", verbose_name=_("base"))
    period = models.DateField(_("period"), help_text=_("The month reported on (its first day)."))
    incubated_total = models.PositiveIntegerField(_("projects incubated to date"))
    incubated_hkmo = models.PositiveIntegerField(_("Hong Kong / Macau projects incubated to date"))
    incubating = models.PositiveIntegerField(_("projects incubating now"))
    incubating_hkmo = models.PositiveIntegerField(_("Hong Kong / Macau projects incubating now"))
    members = models.PositiveIntegerField(_("team members"))
    members_hkmo = models.PositiveIntegerField(_("Hong Kong / Macau team members"))
    ip_items = models.PositiveIntegerField(_("IP items"))
    financing_rmb = models.DecimalField(_("financing raised to date (RMB)"), max_digits=16, decimal_places=2)

    correction_reason = models.TextField(_("correction reason"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    correction_status = models.CharField(
        _("correction status"), max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.NONE
    )
    correction_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    correction_reviewed_at = models.DateTimeField(_("correction reviewed at"), null=True, blank=True)
    correction_note = models.TextField(_("staff note on the correction"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)

    # Optimistic locking: each save increments it; a save from an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    _history_user: User  # the user named in the next history row (set by the services)

    class Meta:
        verbose_name = _("project-count report")
        verbose_name_plural = _("project-count reports")
        ordering = ["base", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["base", "period"], name="incubators_report_one_per_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="incubators_report_period_first_day"),
            models.CheckConstraint(
                condition=Q(incubated_hkmo__lte=F("incubated_total")), name="incubators_report_incubated_hkmo_le_total"
            ),
            models.CheckConstraint(
                condition=Q(incubating__lte=F("incubated_total")), name="incubators_report_incubating_le_incubated"
            ),
            models.CheckConstraint(
                condition=Q(incubating_hkmo__lte=F("incubating")), name="incubators_report_incubating_hkmo_le_total"
            ),
            models.CheckConstraint(
                condition=Q(incubating_hkmo__lte=F("incubated_hkmo")),
                name="incubators_report_incubating_hkmo_le_incubated_hkmo",
            ),
            models.CheckConstraint(
                condition=Q(members_hkmo__lte=F("members")), name="incubators_report_members_hkmo_le_total"
            ),
            models.CheckConstraint(condition=Q(financing_rmb__gte=0), name="incubators_report_financing_not_negative"),
        ]
        indexes = [models.Index(fields=["period"])]

    def __str__(self) -> str:
        return f"{self.base} {self.period:%Y-%m}"

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"


class FlagKind(models.TextChoices):
    JUMP = "jump", _("Count jumped by more than half")
    FINANCING_FALL = "financing_fall", _("Financing fell")
    SHARE_SHIFT = "share_shift", _("Hong Kong / Macau share moved by more than 20 points")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    QUERIED = "queried", _("Queried")


class AnomalyFlag(models.Model):
    """A report that looks wrong without breaking a rule: saved, and flagged for staff."""

    report = models.ForeignKey(
        ProjectCountReport, on_delete=models.CASCADE, related_name="flags", verbose_name=_("report")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=FlagKind.choices)
    field = models.CharField(_("figure"), max_length=40)
    previous_value = models.DecimalField(_("previous value"), max_digits=16, decimal_places=2)
    current_value = models.DecimalField(_("current value"), max_digits=16, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    resolution_note = models.TextField(_("resolution note"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    _history_user: User  # the user named in the next history row (set by the services)

    class Meta:
        verbose_name = _("anomaly flag")
        verbose_name_plural = _("anomaly flags")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_kind_display()}"

    @property
    def field_label(self) -> str:
        from .rules import figure_label

        return figure_label(self.field)
