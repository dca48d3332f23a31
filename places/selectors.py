"""Reads shared by the pages and the API. Selectors never write.

The directory is small (tens of places; a few thousand would still fit): it is filtered in the
database, then "open now" is computed in memory for every match from the prefetched rules and
closures, so a list costs the same four queries whatever the filters (places with their region
and organisation; their services; their opening rules; their coming closures).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import BASE_OPERATOR, PLACE_OPERATOR, is_bureau_staff, role_names
from policies.rules import search_terms
from portal.errors import NotFound
from portal.models import Region

from . import rules
from .calendars import calendar_exceptions
from .models import (
    ChangeReportStatus,
    Closure,
    HolidayCalendar,
    Language,
    OpeningRule,
    Place,
    PlaceChangeReport,
    PlaceKind,
    PlaceService,
    Service,
)
from .rules import DayException, WeeklyRule

SCHEDULE_DAYS = 14

# The relations a person holds on a place (besides their portal roles).
STAFF = "staff"
OPERATOR = "operator"


@dataclass(frozen=True)
class PlaceFilters:
    q: str = ""
    kind: str = ""
    region: str = ""  # a Region slug: the city, district or zone, and every place under it
    open_now: bool = False
    service: str = ""  # a Service code
    language: str = ""  # a Language code


@dataclass(frozen=True)
class PlaceHours:
    rules: list[WeeklyRule]
    exceptions: dict[date, DayException]
    tz: ZoneInfo
    unknown_makeup_years: frozenset[int]

    @property
    def known(self) -> bool:
        """Whether any opening hours are on record (otherwise: "to be confirmed")."""
        return bool(self.rules)


def _place_queryset(today: date) -> QuerySet[Place]:
    return Place.objects.select_related("region__parent__parent", "organisation").prefetch_related(
        Prefetch(
            "place_services",
            queryset=PlaceService.objects.select_related("service").order_by("service__order", "service__code"),
        ),
        Prefetch("opening_rules", queryset=OpeningRule.objects.order_by("opens_at", "pk")),
        Prefetch(
            "closures", queryset=Closure.objects.filter(ends_on__gte=today - timedelta(days=1)).order_by("starts_on")
        ),
    )


def weekly_rules(place: Place) -> list[rules.WeeklyRule]:
    """The place's opening rules as plain values (from the prefetched rows)."""
    return [
        rules.WeeklyRule(
            weekdays=rules.parse_byday(row.byday),
            opens_at=row.opens_at,
            closes_at=row.closes_at,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
        for row in place.opening_rules.all()
    ]


def place_hours(place: Place, *, start: date, end: date) -> PlaceHours:
    """The rules and the exceptions that apply from `start` to `end`: the holidays of the place's
    calendar (if it closes on them), the mainland's make-up working days (if it opens on them),
    and the closures staff entered (from the prefetched rows)."""
    found = calendar_exceptions(place.holiday_calendar, start, end)
    calendar_days = [
        exception
        for exception in found.exceptions
        if (exception.kind == rules.DayKind.HOLIDAY and place.closed_on_public_holidays)
        or (
            exception.kind == rules.DayKind.MAKEUP_WORKDAY
            and place.opens_on_makeup_days
            and place.holiday_calendar == HolidayCalendar.MAINLAND
        )
    ]
    closures = [
        day
        for closure in place.closures.all()
        for day in rules.closure_days(closure.starts_on, closure.ends_on, closure.reason)
        if start <= day.day <= end
    ]
    return PlaceHours(
        rules=weekly_rules(place),
        exceptions=rules.merge_exceptions(calendar_days, closures),
        tz=ZoneInfo(place.time_zone),
        unknown_makeup_years=found.unknown_makeup_years,
    )


def place_is_open(place: Place, instant: datetime) -> bool:
    tz = ZoneInfo(place.time_zone)
    day = instant.astimezone(tz).date()
    hours = place_hours(place, start=day, end=day)
    return rules.is_open(hours.rules, hours.exceptions, instant, tz)


def place_next_opening(place: Place, instant: datetime) -> rules.Opening | None:
    tz = ZoneInfo(place.time_zone)
    day = instant.astimezone(tz).date()
    hours = place_hours(place, start=day, end=day + timedelta(days=rules.NEXT_OPEN_HORIZON_DAYS))
    return rules.next_opening(hours.rules, hours.exceptions, instant, tz)


def place_schedule(
    place: Place, *, instant: datetime, days: int = SCHEDULE_DAYS
) -> tuple[list[rules.DayHours], PlaceHours]:
    """The hours of the coming `days` local dates, and what they were computed from."""
    start = instant.astimezone(ZoneInfo(place.time_zone)).date()
    hours = place_hours(place, start=start, end=start + timedelta(days=days - 1))
    return rules.schedule(hours.rules, hours.exceptions, start, days), hours


def _region_q(slug: str) -> Q:
    return Q(region__slug=slug) | Q(region__parent__slug=slug) | Q(region__parent__parent__slug=slug)


def place_list(filters: PlaceFilters | None = None, *, now: datetime | None = None) -> list[Place]:
    """Places matching the filters, each with `open_now` set. A query `q` is compared in
    Simplified, lower case (policies.rules.search_terms), with every translation: a Traditional
    query finds a place whose name is in Simplified, and the other way round."""
    filters = filters or PlaceFilters()
    now = now or timezone.now()
    queryset = _place_queryset(now.date())
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.region:
        queryset = queryset.filter(_region_q(filters.region))
    if filters.service:
        queryset = queryset.filter(place_services__service__code=filters.service)
    if filters.language:
        queryset = queryset.filter(languages__contains=filters.language)
    for term in search_terms(filters.q):
        queryset = queryset.filter(search_text__contains=term)
    places = list(queryset.order_by("region__parent__parent__slug", "region__parent__slug", "region__slug", "slug"))
    for place in places:
        place.open_now = place_is_open(place, now)  # type: ignore[attr-defined]
    if filters.open_now:
        places = [place for place in places if place.open_now]  # type: ignore[attr-defined]
    return places


def place_by_slug(slug: str, *, today: date | None = None) -> Place:
    """One place with everything its page and the API show; NotFound if there is none."""
    place = _place_queryset(today or timezone.localdate()).select_related("base").filter(slug=slug).first()
    if place is None:
        raise NotFound(_("There is no such place."))
    return place


def city_and_district(place: Place) -> tuple[Region, Region | None, Region | None]:
    """(city, district, zone) of the place's region (with its parents loaded)."""
    chain: list[Region] = []
    region: Region | None = place.region
    while region is not None:
        chain.append(region)
        region = region.parent
    city = next((r for r in chain if r.kind == Region.Kind.CITY), chain[-1])
    district = next((r for r in chain if r.kind == Region.Kind.DISTRICT), None)
    zone = next((r for r in chain if r.kind == Region.Kind.ZONE), None)
    return city, district, zone


# --- who may do what ---------------------------------------------------------------------------


def place_roles(user: User | AnonymousUser, place: Place) -> frozenset[str]:
    """The person's portal roles, plus "staff" (HR bureau staff) and "operator" (a place operator
    named on the place, or an operator of the incubator base that the place is)."""
    if not user.is_authenticated:
        return frozenset()
    held = set(role_names(user))
    if is_bureau_staff(user):
        held.add(STAFF)
    if PLACE_OPERATOR in held and place.operators.filter(pk=user.pk).exists():
        held.add(OPERATOR)
    elif BASE_OPERATOR in held and place.base is not None and place.base.operators.filter(pk=user.pk).exists():
        held.add(OPERATOR)
    return frozenset(held)


def can_edit_place(user: User | AnonymousUser, place: Place) -> bool:
    return bool({STAFF, OPERATOR} & place_roles(user, place))


# --- filter choices -----------------------------------------------------------------------------


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The choices of the list's filters: kinds, the regions that have places (cities first,
    then their districts and zones), services offered somewhere, languages. Two queries."""
    regions = list(
        Region.objects.filter(kind__in=[Region.Kind.CITY, Region.Kind.DISTRICT, Region.Kind.ZONE]).select_related(
            "parent"
        )
    )
    used = set(Place.objects.values_list("region_id", flat=True).distinct())
    by_id = {region.pk: region for region in regions}
    wanted: set[int] = set()
    for region_id in used:
        region = by_id.get(region_id)
        while region is not None:
            wanted.add(region.pk)
            region = by_id.get(region.parent_id) if region.parent_id else None
    cities = sorted((r for r in regions if r.pk in wanted and r.parent_id is None), key=lambda r: r.slug)
    region_choices: list[tuple[str, str]] = []

    def add(region: Region, depth: int) -> None:
        region_choices.append((region.slug, ("— " * depth) + region.name))
        for child in sorted((r for r in regions if r.parent_id == region.pk and r.pk in wanted), key=lambda r: r.slug):
            add(child, depth + 1)

    for city in cities:
        add(city, 0)
    return {
        "kinds": [(value, str(label)) for value, label in PlaceKind.choices],
        "regions": region_choices,
        "services": [(s.code, s.name) for s in Service.objects.filter(place_services__isnull=False).distinct()],
        "languages": [(value, str(label)) for value, label in Language.choices],
    }


# --- staff -------------------------------------------------------------------------------------


def open_change_reports() -> QuerySet[PlaceChangeReport]:
    return (
        PlaceChangeReport.objects.filter(status=ChangeReportStatus.OPEN)
        .select_related("place", "reported_by")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class ConfirmationDue:
    place: Place
    due_on: date


def places_due_for_confirmation(today: date, places: Iterable[Place] | None = None) -> list[ConfirmationDue]:
    """Places whose details were last confirmed (or, never confirmed, listed) six months ago or
    more, oldest first."""
    due: list[ConfirmationDue] = []
    for place in places if places is not None else Place.objects.order_by("pk"):
        confirmed = timezone.localtime(place.last_confirmed_at).date() if place.last_confirmed_at else None
        listed = timezone.localtime(place.created_at).date()
        if rules.confirmation_overdue(confirmed, listed, today):
            due.append(ConfirmationDue(place, rules.confirmation_due_on(confirmed, listed)))
    return sorted(due, key=lambda d: (d.due_on, d.place.pk))
