"""Reads shared by the pages, the API and the services. Selectors never write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import PARTNER, YOUTH, has_role, is_bureau_staff
from places import rules as place_rules
from places.models import Closure, OpeningRule
from places.selectors import place_hours
from portal.errors import NotFound

from . import rules
from .models import ACTIVE_STATES, Allowance, Booking, BookingState, NoShow, Resource

# The relations a person holds on a booking (the workflow's roles).
BOOKER = "booker"
STAFF = "staff"
PARTNER_HOTEL = "partner"
SYSTEM = "system"

MAX_AVAILABILITY_DAYS = 31


def resource_queryset() -> QuerySet[Resource]:
    return Resource.objects.filter(active=True).select_related("place__region")


def resource_list(*, place: str = "", kind: str = "") -> QuerySet[Resource]:
    found = resource_queryset()
    if place:
        found = found.filter(place__slug=place)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("place__slug", "slug")


def resource_by_id(pk: int) -> Resource:
    found = (
        resource_queryset()
        .prefetch_related(
            Prefetch("place__opening_rules", queryset=OpeningRule.objects.order_by("opens_at", "pk")),
            Prefetch("place__closures", queryset=Closure.objects.order_by("starts_on")),
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("There is no such resource."))
    return found


def resource_by_slug(slug: str) -> Resource:
    found = resource_queryset().filter(slug=slug).first()
    if found is None:
        raise NotFound(_("There is no such resource."))
    return resource_by_id(found.pk)


def tz_of(resource: Resource) -> ZoneInfo:
    return ZoneInfo(resource.place.time_zone)


@dataclass(frozen=True)
class ResourceDays:
    days: list[place_rules.DayHours]  # with holidays and closures
    weekly: list[place_rules.DayHours]  # the weekly rules alone (what a closed day would have had)
    tz: ZoneInfo


def resource_days(resource: Resource, start: date, end: date) -> ResourceDays:
    """The opening of each local date from `start` to `end` inclusive: the resource's own weekly
    hours or its place's, bent by its place's holidays and closures."""
    hours = place_hours(resource.place, start=start, end=end)
    weekly_rules = hours.rules
    if resource.opening_hours.strip():
        weekly_rules, _bad = place_rules.parse_rules_text(resource.opening_hours)
    count = (end - start).days + 1
    return ResourceDays(
        days=place_rules.schedule(weekly_rules, hours.exceptions, start, count),
        weekly=place_rules.schedule(weekly_rules, {}, start, count),
        tz=hours.tz,
    )


def booked_ranges(resource: Resource, start: datetime, end: datetime) -> list[tuple[datetime, datetime, int]]:
    """The (start, end, quantity) of the active bookings overlapping [start, end)."""
    rows = Booking.objects.filter(resource=resource, state__in=ACTIVE_STATES, period__overlap=(start, end)).values_list(
        "period", "quantity"
    )
    return [(period.lower, period.upper, quantity) for period, quantity in rows]


@dataclass(frozen=True)
class Availability:
    start: datetime
    end: datetime
    free: int
    closed_reason: str


def availability(resource: Resource, start: date, end: date) -> list[Availability]:
    """Per unit from `start` to `end` (dates, inclusive): how many are free, and why it is closed
    ("" when open). Two queries whatever the span (the bookings; the place's hours are prefetched)."""
    span = resource_days(resource, start, end)
    per_day = [
        (hours, rules.day_slots(resource.unit, hours, weekly, span.tz))
        for hours, weekly in zip(span.days, span.weekly, strict=True)
    ]
    every = [slot for _hours, day in per_day for slot in day]
    if not every:
        return []
    taken = rules.taken_per_slot(every, booked_ranges(resource, every[0].start, every[-1].end))
    found: list[Availability] = []
    for hours, day in per_day:
        for slot in day:
            reason = rules.closed_reason(resource.unit, slot, hours, resource.place.holiday_calendar)
            free = 0 if reason else max(resource.capacity - taken[slot.start], 0)
            found.append(Availability(slot.start, slot.end, free, str(reason)))
    return found


def is_staff_for(user: User | AnonymousUser, resource: Resource) -> bool:
    """HR bureau staff, or an operator of the resource's place."""
    if not user.is_authenticated:
        return False
    return is_bureau_staff(user) or resource.place.operators.filter(pk=user.pk).exists()


def is_partner_for(user: User | AnonymousUser, resource: Resource) -> bool:
    return user.is_authenticated and has_role(user, PARTNER) and resource.partners.filter(pk=user.pk).exists()


def booking_roles(user: User | AnonymousUser, booking: Booking) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    found = set()
    if booking.user_id == user.pk:
        found.add(BOOKER)
    if is_staff_for(user, booking.resource):
        found.add(STAFF)
    if is_partner_for(user, booking.resource):
        found.add(PARTNER_HOTEL)
    return frozenset(found)


def verified_youth(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and has_role(user, YOUTH) and getattr(user, "email_verified_at", None))


def _booking_queryset() -> QuerySet[Booking]:
    return Booking.objects.select_related("resource__place", "user")


def bookings_visible_to(user: User) -> QuerySet[Booking]:
    """Your own bookings; bureau staff see all, a place's operators those of its resources."""
    found = _booking_queryset()
    if is_bureau_staff(user):
        return found.order_by("-period", "-id")
    return found.filter(Q(user=user) | Q(resource__place__operators=user)).distinct().order_by("-period", "-id")


def own_bookings(user: User) -> QuerySet[Booking]:
    return _booking_queryset().filter(user=user).order_by("-period", "-id")


def booking_visible(user: User, pk: int) -> Booking:
    found = bookings_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such booking."))
    return found


def booking_by_code(code: str) -> Booking | None:
    return _booking_queryset().filter(code=code.strip().upper()).first()


def held_units(user: User, resource: Resource, now: datetime) -> int:
    """The units the person holds in the resource's active bookings that have not ended."""
    rows = Booking.objects.filter(
        user=user, resource=resource, state__in=ACTIVE_STATES, period__endswith__gt=now
    ).values_list("units", "quantity")
    return sum(units * quantity for units, quantity in rows)


def no_show_times(user: User, since: datetime) -> list[datetime]:
    return list(NoShow.objects.filter(user=user, at__gte=since).values_list("at", flat=True))


def pause_end(user: User, now: datetime) -> datetime | None:
    since = now - rules.NO_SHOW_WINDOW - rules.NO_SHOW_PAUSE
    return rules.paused_until(no_show_times(user, since), now)


def allowance_used(allowance: Allowance) -> int:
    total: int = allowance.entries.aggregate(total=Coalesce(Sum("units"), 0))["total"]
    return total


@dataclass(frozen=True)
class AllowanceLine:
    allowance: Allowance
    used: int

    @property
    def left(self) -> int:
        return max(self.allowance.granted - self.used, 0)


def allowances_of(user: User) -> list[AllowanceLine]:
    rows = (
        Allowance.objects.filter(user=user)
        .select_related("rule")
        .annotate(total=Coalesce(Sum("entries__units"), 0))
        .order_by("rule__code", "valid_from")
    )
    return [AllowanceLine(row, row.total) for row in rows]


def pending_requests(user: User) -> QuerySet[Booking]:
    """The requests the person may decide (staff of the resource's place, or bureau staff)."""
    found = _booking_queryset().filter(state="requested")
    if not is_bureau_staff(user):
        found = found.filter(resource__place__operators=user)
    return found.order_by("period", "id")


def stay_nights(booking: Booking, tz: ZoneInfo) -> list[date]:
    first = booking.period.lower.astimezone(tz).date()
    return [first + timedelta(days=offset) for offset in range(booking.units)]


@dataclass(frozen=True)
class UsageRow:
    resource: Resource
    month: str  # YYYY-MM
    units_offered: int  # open units x capacity
    units_booked: int  # checked in, confirmed or released, x quantity
    bookings: int
    no_shows: int

    @property
    def occupancy(self) -> Decimal:
        if not self.units_offered:
            return Decimal("0")
        return (Decimal(self.units_booked) * 100 / Decimal(self.units_offered)).quantize(Decimal("0.1"))

    @property
    def no_show_rate(self) -> Decimal:
        if not self.bookings:
            return Decimal("0")
        return (Decimal(self.no_shows) * 100 / Decimal(self.bookings)).quantize(Decimal("0.1"))


USED_STATES = (BookingState.CONFIRMED, BookingState.CHECKED_IN, BookingState.RELEASED)


def usage(month: date, resources: Iterable[Resource] | None = None) -> list[UsageRow]:
    """Use of each resource in the month of `month`: the units offered (its open units times its
    capacity), the units booked, the bookings and the no-shows among them."""
    first = month.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    rows: list[UsageRow] = []
    for resource in resources if resources is not None else resource_queryset().order_by("place__slug", "slug"):
        tz = tz_of(resource)
        open_units = sum(
            1 for slot in availability(resource, first, after - timedelta(days=1)) if not slot.closed_reason
        )
        start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
        end = datetime.combine(after, datetime.min.time(), tzinfo=tz)
        booked = Booking.objects.filter(
            resource=resource, state__in=USED_STATES, period__overlap=(start, end)
        ).values_list("units", "quantity", "state")
        rows.append(
            UsageRow(
                resource=resource,
                month=first.strftime("%Y-%m"),
                units_offered=open_units * resource.capacity,
                units_booked=sum(units * quantity for units, quantity, _state in booked),
                bookings=len(booked),
                no_shows=sum(1 for _units, _quantity, state in booked if state == BookingState.RELEASED),
            )
        )
    return rows


def week_bookings(resource: Resource, start: date, days: int) -> list[Booking]:
    """The resource's bookings that overlap `days` local dates from `start` (staff's calendar)."""
    tz = tz_of(resource)
    first = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    return list(
        Booking.objects.filter(
            resource=resource,
            state__in=USED_STATES + (BookingState.REQUESTED,),
            period__overlap=(first, first + timedelta(days=days)),
        )
        .select_related("user")
        .order_by("period", "id")
    )
