"""Service points (服务点): where Hong Kong and Macau young people go for help.

Modelled after Open Referral's HSDS 3: an `Organisation` (HSDS organization, the operator) runs
`Place`s (HSDS location); a place offers `Service`s (HSDS service) through `PlaceService` rows
(HSDS service_at_location); its hours are `OpeningRule`s (HSDS schedule: iCal weekly rules with
`byday`, `opens_at`, `closes_at`) with exceptions: the holidays of the place's calendar (places/
calendars.py) and `Closure`s entered by staff. `places/hsds.py` exports the directory as HSDS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH
from portal.models import Region

if TYPE_CHECKING:
    # translation.py registers the translated models with django-modeltranslation, which swaps
    # their default manager for its MultilingualManager.
    from modeltranslation.manager import MultilingualManager


class Organisation(models.Model):
    """Who runs a place (HSDS organization): a bureau, a district, a university, an association."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)

    objects: ClassVar[MultilingualManager[Organisation]]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A kind of help offered at places (HSDS service): policy consulting, business registration..."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ClassVar[MultilingualManager[Service]]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class PlaceKind(models.TextChoices):
    REVERSE_ENCLAVE = "reverse_enclave", _("Reverse enclave (service point in Hong Kong)")
    SERVICE_CENTRE = "service_centre", _("Service centre")
    GOVERNMENT_HALL = "government_hall", _("Government service hall")
    TALENT_STATION = "talent_station", _("Talent station")
    TRAINING_CENTRE = "training_centre", _("Training centre")
    INCUBATOR_BASE = "incubator_base", _("Incubator base")


class HolidayCalendar(models.TextChoices):
    HONG_KONG = "hk", _("Hong Kong public holidays")
    MAINLAND = "cn", _("Mainland holidays and make-up working days")


class TimeZone(models.TextChoices):
    # Both are UTC+8 with no daylight saving; each place still says which it keeps.
    HONG_KONG = "Asia/Hong_Kong", _("Hong Kong time")
    SHANGHAI = "Asia/Shanghai", _("China Standard Time")


class Language(models.TextChoices):
    CANTONESE = "yue", _("Cantonese")
    MANDARIN = "cmn", _("Mandarin")
    ENGLISH = "en", _("English")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Place(models.Model):
    """A service point (服务点; HSDS location): a reverse enclave (反向飞地) in Hong Kong, a service
    centre, a government service hall, a talent station, a training centre, or an incubator base
    (双创基地: then linked to its `incubators.Base`, never copied)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=PlaceKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="places", verbose_name=_("operator organisation")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="places", verbose_name=_("region"))
    base = models.OneToOneField(
        "incubators.Base",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="place",
        verbose_name=_("incubator base"),
        help_text=_("Only for a place of the kind incubator base: the base it is."),
    )
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    address = models.CharField(_("address"), max_length=300, blank=True, help_text=_("Empty: to be confirmed."))
    latitude = models.DecimalField(_("latitude (WGS-84)"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude (WGS-84)"), max_digits=9, decimal_places=6, null=True, blank=True)
    transport_notes = models.TextField(_("how to get there"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    border_crossing = models.CharField(_("nearest border crossing"), max_length=120, blank=True)
    border_distance_km = models.DecimalField(
        _("distance to the border crossing (km)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    accessibility_notes = models.TextField(_("accessibility"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    languages = models.CharField(
        _("languages spoken"), max_length=60, blank=True, help_text=_("Codes separated by commas: yue, cmn, en.")
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    time_zone = models.CharField(_("time zone"), max_length=40, choices=TimeZone.choices, default=TimeZone.SHANGHAI)
    holiday_calendar = models.CharField(
        _("holiday calendar"), max_length=2, choices=HolidayCalendar.choices, default=HolidayCalendar.MAINLAND
    )
    closed_on_public_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    opens_on_makeup_days = models.BooleanField(
        _("opens on make-up working days"),
        default=True,
        help_text=_("Mainland calendar: on a weekend day that is a working day (调休), open with Monday's hours."),
    )

    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    opened_precision = models.CharField(
        _("precision of the opening date"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    opened_note = models.CharField(_("note on the opening date"), max_length=200, blank=True)
    source_title = models.CharField(_("source document"), max_length=300, blank=True)
    source_url = models.URLField(_("source document address"), blank=True)

    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="operated_places",
        blank=True,
        limit_choices_to={"groups__name": "place_operator"},
        verbose_name=_("operators"),
        help_text=_("Accounts with the place operator role who keep this place's details."),
    )
    last_confirmed_at = models.DateTimeField(_("details last confirmed"), null=True, blank=True)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Every translation of the name, address, description, region and services, in Simplified
    # and lower case (policies.rules.normalise): a Traditional query finds a Simplified name.
    search_text = models.TextField(editable=False, default="", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ClassVar[MultilingualManager[Place]]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(base__isnull=True) | Q(kind="incubator_base"), name="places_place_base_only_for_bases"
            ),
            # the API's /places/hsds/ and the pages' /places/staff/ come before /places/<slug>/
            models.CheckConstraint(condition=~Q(slug__in=["hsds", "staff"]), name="places_place_slug_not_reserved"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="places_place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="places_place_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="places_place_both_coordinates",
            ),
            models.CheckConstraint(
                condition=Q(border_distance_km__isnull=True) | Q(border_distance_km__gte=0),
                name="places_place_distance_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in (self.languages or "").split(",") if code.strip()]

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PlaceService(models.Model):
    """A service offered at a place (HSDS service_at_location)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="place_services", verbose_name=_("place"))
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="place_services", verbose_name=_("service")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects: ClassVar[MultilingualManager[PlaceService]]

    class Meta:
        verbose_name = _("service at a place")
        verbose_name_plural = _("services at places")
        ordering = ["place", "service__order", "service__code"]
        constraints = [models.UniqueConstraint(fields=["place", "service"], name="places_service_once_per_place")]

    def __str__(self) -> str:
        return f"{self.place}: {self.service}"


class OpeningRule(models.Model):
    """A weekly opening rule (HSDS schedule, iCal FREQ=WEEKLY): on the days `byday` ("MO,TU,WE"),
    open from `opens_at` to `closes_at`, in the place's time zone. Two rules on one day make a
    lunch break."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="opening_rules", verbose_name=_("place"))
    byday = models.CharField(_("days"), max_length=20, help_text=_("iCal day codes separated by commas: MO,TU,WE."))
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("opening rule")
        verbose_name_plural = _("opening rules")
        ordering = ["place", "opens_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="places_rule_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="places_rule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class Closure(models.Model):
    """A special closure entered by staff: the place is closed every day from `starts_on` to
    `ends_on`, whatever its rules say."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="closures", verbose_name=_("place"))
    starts_on = models.DateField(_("first day closed"))
    ends_on = models.DateField(_("last day closed"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ClassVar[MultilingualManager[Closure]]

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["place", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="places_closure_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.place}: {self.starts_on}–{self.ends_on}"


class ChangeReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PlaceChangeReport(models.Model):
    """ "Report a change": someone tells staff that a place's details are wrong (moved, new
    hours, closed). Staff read it, fix the place, and close the report."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="change_reports", verbose_name=_("place"))
    message = models.TextField(_("what has changed"), max_length=2000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reported by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeReportStatus.choices, default=ChangeReportStatus.OPEN
    )
    staff_note = models.TextField(_("staff note"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("change report")
        verbose_name_plural = _("change reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.place} #{self.pk}"
