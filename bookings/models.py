"""Free spaces and accommodation: resources at places, booked by the unit.

A `Resource` belongs to a `places.Place` (a room, a desk pool, a lab, an accommodation block) and
is booked in units of an hour, a day or a night, with a capacity per unit. Its booking rules are
data on the row (longest booking, how far ahead, most units held at once, cancellation deadline,
approval, who may book). A `Booking` holds a period (`period`, a PostgreSQL time range, end
exclusive) and a quantity of units.

Capacity, two ways (portal/capacity.py):
- a single room (`exclusive`): an exclusion constraint refuses two active bookings whose periods
  overlap, whatever the concurrency;
- a pool (desks, rooms of a block, places at a lab bench): the resource's row is locked, the
  bookings of each unit are counted after the lock, and the request is refused when a unit is full.

An `Allowance` is a person's free units of one kind (`code`, e.g. the youth hostel's 7 nights);
every use and every return is a row of its ledger (`AllowanceEntry`), written under the
allowance's row lock, so the free units are never over-spent.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from places.models import Place
from portal.forms import FREE_TEXT_MAX_LENGTH

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Room")
    DESK_POOL = "desk_pool", _("Desks")
    LAB = "lab", _("Laboratory")
    ACCOMMODATION = "accommodation", _("Accommodation")


class Unit(models.TextChoices):
    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")
    NIGHT = "night", _("Night")


class Eligibility(models.TextChoices):
    YOUTH = "youth", _("Hong Kong and Macau youth with a confirmed account")
    BASE_TEAMS = "base_teams", _("Members of the base's teams")
    SIGNED_IN = "signed_in", _("Anyone signed in")


class Resource(models.Model):
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="resources", verbose_name=_("place"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    location = models.CharField(_("where in the place"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    capacity = models.PositiveIntegerField(
        _("capacity per unit"), help_text=_("How many desks, rooms or places can be booked in each unit.")
    )
    opening_hours = models.TextField(
        _("own opening hours"),
        blank=True,
        max_length=500,
        help_text=_('One rule a line, as "MO-FR 09:00-18:00". Empty: the place\'s opening hours.'),
    )
    # Booking rules, as data.
    max_units_per_booking = models.PositiveIntegerField(_("longest booking (units)"), default=4)
    max_days_ahead = models.PositiveIntegerField(_("how far ahead (days)"), default=14)
    max_units_held = models.PositiveIntegerField(_("most units a person may hold at once"), default=8)
    cancel_hours_before = models.PositiveIntegerField(_("cancellation deadline (hours before the start)"), default=2)
    requires_approval = models.BooleanField(_("staff must approve"), default=False)
    eligibility = models.CharField(_("who may book"), max_length=20, choices=Eligibility.choices)
    check_in_required = models.BooleanField(
        _("check-in required"), default=True, help_text=_("A booking nobody checks into is released after 15 minutes.")
    )
    allowance_code = models.SlugField(
        _("allowance spent"), max_length=60, blank=True, help_text=_("Empty: the resource is free without counting.")
    )
    example_figures = models.BooleanField(
        _("capacity is an example"), default=False, help_text=_("The source documents give no capacity.")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="bookable_resources",
        verbose_name=_("team members who may book"),
    )
    partners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partner_resources",
        limit_choices_to={"groups__name": "partner"},
        verbose_name=_("partner hotel accounts"),
    )
    active = models.BooleanField(_("open for booking"), default=True)

    objects: ClassVar[MultilingualManager[Resource]]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["place__slug", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="bookings_resource_capacity_positive"),
            models.CheckConstraint(
                condition=Q(max_units_per_booking__gte=1) & Q(max_units_held__gte=F("max_units_per_booking")),
                name="bookings_resource_limits_consistent",
            ),
            models.CheckConstraint(
                condition=Q(unit="night") | ~Q(kind="accommodation"), name="bookings_accommodation_by_night"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def exclusive(self) -> bool:
        """One room booked as a whole: its periods are kept apart by the exclusion constraint."""
        return self.capacity == 1


class BookingState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")
    RELEASED = "released", _("Released (no-show)")


ACTIVE_STATES = (BookingState.REQUESTED, BookingState.CONFIRMED, BookingState.CHECKED_IN)


def new_code() -> str:
    """The booking's check-in code: eight characters, no 0/O or 1/I to misread at a desk."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _index in range(8))


class Booking(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings")
    period = DateTimeRangeField(_("period"))  # [start, end)
    units = models.PositiveIntegerField(_("units"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    # Copied from the resource when booked: the exclusion constraint's condition cannot join.
    exclusive = models.BooleanField(default=False, editable=False)
    state = models.CharField(_("state"), max_length=12, choices=BookingState.choices)
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_code)
    free_units = models.PositiveIntegerField(_("free units"), default=0)
    paid_units = models.PositiveIntegerField(_("units at the reduced rate"), default=0)
    allocation = models.CharField(_("room allocated"), max_length=100, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    note = models.TextField(_("note to staff"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["period", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="bookings_booking_quantity_positive"),
            models.CheckConstraint(condition=Q(units__gte=1), name="bookings_booking_units_positive"),
            models.CheckConstraint(condition=Q(exclusive=False) | Q(quantity=1), name="bookings_booking_exclusive_one"),
            models.CheckConstraint(
                condition=Q(free_units__lte=F("units")) & Q(paid_units__lte=F("units")),
                name="bookings_booking_priced_units",
            ),
            ExclusionConstraint(
                name="bookings_booking_room_no_overlap",
                expressions=[("resource", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
                condition=Q(exclusive=True, state__in=[s.value for s in ACTIVE_STATES]),
            ),
        ]
        indexes = [models.Index(fields=["resource", "state"]), models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return f"{self.resource} #{self.pk}"

    @property
    def start(self) -> datetime:
        start: datetime = self.period.lower
        return start

    @property
    def end(self) -> datetime:
        end: datetime = self.period.upper
        return end


class BookingEvent(models.Model):
    """One step of a booking's history (its timeline): who did what, when."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    state = models.CharField(max_length=12, choices=BookingState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.action}"


class NoShow(models.Model):
    """A booking nobody checked into: three in 90 days pause the person's booking for 30 days."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="no_shows")
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="no_show")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d}"


class AllowanceRule(models.Model):
    """What an allowance gives: `granted` free units over `period_days`; beyond them, where
    `beyond_percent` is set, up to `beyond_max_units` more at that percentage of `market_price`."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    granted = models.PositiveIntegerField(_("free units"))
    period_days = models.PositiveIntegerField(_("over how many days"), default=365)
    beyond_percent = models.DecimalField(
        _("rate beyond the free units (percentage of the market price)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    beyond_max_units = models.PositiveIntegerField(_("most units beyond the free ones"), default=0)
    market_price = models.DecimalField(
        _("market price per unit (RMB)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    objects: ClassVar[MultilingualManager[AllowanceRule]]

    class Meta:
        verbose_name = _("allowance rule")
        verbose_name_plural = _("allowance rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Allowance(models.Model):
    """A person's free units of one rule, from `valid_from` to `valid_to`. Used units are the sum
    of its ledger; the row is locked while the ledger is written."""

    rule = models.ForeignKey(AllowanceRule, on_delete=models.PROTECT, related_name="allowances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="allowances")
    granted = models.PositiveIntegerField(_("free units"))
    valid_from = models.DateField()
    valid_to = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rule__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "user", "valid_from"], name="bookings_allowance_once"),
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="bookings_allowance_range"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.user_id}"

    @property
    def code(self) -> str:
        return self.rule.code


class EntryKind(models.TextChoices):
    USE = "use", _("Used")
    RETURN = "return", _("Returned")


class AllowanceEntry(models.Model):
    """One line of an allowance's ledger: `units` used (positive) or returned (negative) by a
    booking. A use is closed when the partner hotel has confirmed every night of it."""

    allowance = models.ForeignKey(Allowance, on_delete=models.PROTECT, related_name="entries")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    units = models.IntegerField()
    closed_at = models.DateTimeField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="use") & Q(units__gt=0)) | (Q(kind="return") & Q(units__lt=0)),
                name="bookings_entry_sign",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.units}"


class NightConfirmation(models.Model):
    """A night of a stay confirmed by the partner hotel, with the booking's code."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="nights")
    night = models.DateField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["night"]
        constraints = [models.UniqueConstraint(fields=["booking", "night"], name="bookings_night_once")]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.night}"
