"""The booking rules as plain functions: no ORM, no I/O. Each refusal says why, in the reader's
language (`Refusal.message`, a lazy translation), with a machine code (`Refusal.reason`) that the
API answers with.

Units: an hour is a clock hour in the place's time zone; a day is a local date; a night is the
night from a local date to the next (its period starts at local midnight of the date). Periods
are [start, end): `end` is exclusive.

Opening hours are the places app's (places/rules.py): a resource has its place's weekly rules or
its own, and always its place's holidays and closures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from places.rules import DayHours, DayKind

HOUR, DAY, NIGHT = "hour", "day", "night"
HONG_KONG_CALENDAR = "hk"

CHECK_IN_GRACE = timedelta(minutes=15)  # not checked in 15 minutes after the start: released
CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)  # the code is accepted from 30 minutes before
NO_SHOW_LIMIT = 3
NO_SHOW_WINDOW = timedelta(days=90)
NO_SHOW_PAUSE = timedelta(days=30)


class Reason(StrEnum):
    FULL = "full"
    CLOSED = "closed"
    LIMIT = "limit"
    ALLOWANCE = "allowance"
    TOO_FAR_AHEAD = "too_far_ahead"
    NOT_ELIGIBLE = "not_eligible"
    PAUSED = "paused"
    PAST = "past"


@dataclass(frozen=True)
class Refusal:
    reason: Reason
    message: str | Promise


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime


# --- periods --------------------------------------------------------------------------------------


def local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def parse_period(unit: str, start: str, end: str, tz: tzinfo) -> tuple[datetime, datetime]:
    """The period typed or sent: ISO datetimes on the hour for hours (read in `tz` when they carry
    no offset), ISO dates for days and nights; `end` exclusive. Raises ValueError(field, message)."""
    if unit == HOUR:
        try:
            starts, ends = datetime.fromisoformat(start), datetime.fromisoformat(end)
        except (TypeError, ValueError):
            raise ValueError("start", _("Give the start and end as date and time, such as 2026-12-07T09:00.")) from None
        starts = starts if starts.tzinfo else starts.replace(tzinfo=tz)
        ends = ends if ends.tzinfo else ends.replace(tzinfo=tz)
        starts, ends = starts.astimezone(tz), ends.astimezone(tz)
        for field, value in (("start", starts), ("end", ends)):
            if value.minute or value.second or value.microsecond:
                raise ValueError(field, _("Rooms are booked by the hour: start and end on the hour."))
    else:
        try:
            first, after = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
        except (TypeError, ValueError):
            raise ValueError("start", _("Give the dates as YYYY-MM-DD.")) from None
        starts, ends = local_midnight(first, tz), local_midnight(after, tz)
    if ends <= starts:
        raise ValueError("end", _("The end must come after the start."))
    return starts, ends


def slots(unit: str, start: datetime, end: datetime) -> list[Slot]:
    """Each unit of [start, end): hours, or days/nights from local midnight to local midnight."""
    found: list[Slot] = []
    current = start
    while current < end:
        if unit == HOUR:
            following = current + timedelta(hours=1)
        else:
            following = local_midnight(current.date() + timedelta(days=1), current.tzinfo or start.tzinfo)  # type: ignore[arg-type]
        found.append(Slot(current, min(following, end)))
        current = following
    return found


def day_slots(unit: str, hours: DayHours, weekly: DayHours, tz: tzinfo) -> list[Slot]:
    """The units offered on a day: its opening hours cut into hours (on a closed day, the hours of
    its weekday, shown as closed), or the whole day/night."""
    if unit != HOUR:
        return [Slot(local_midnight(hours.day, tz), local_midnight(hours.day + timedelta(days=1), tz))]
    found: list[Slot] = []
    for opens, closes in hours.periods or weekly.periods:
        current = datetime.combine(hours.day, opens, tzinfo=tz).replace(minute=0)
        while current.time() < closes and current.date() == hours.day:
            found.append(Slot(current, current + timedelta(hours=1)))
            current += timedelta(hours=1)
    return found


# --- closed ---------------------------------------------------------------------------------------


def closed_reason(unit: str, slot: Slot, hours: DayHours, calendar: str) -> str | Promise:
    """Why the slot cannot be booked because the resource is closed then ("" when it is open):
    a Hong Kong or a mainland public holiday (named), a closure staff entered (with its reason),
    a day it does not open, or an hour outside its opening hours."""
    if hours.kind == DayKind.HOLIDAY:
        if calendar == HONG_KONG_CALENDAR:
            return format_lazy(_("Closed: Hong Kong public holiday ({name})."), name=hours.name)
        return format_lazy(_("Closed: mainland public holiday ({name})."), name=hours.name)
    if hours.kind == DayKind.CLOSURE:
        return format_lazy(_("Closed that day: {reason}."), reason=hours.name)
    if hours.closed:
        return _("Closed on this day of the week.")
    if unit == HOUR:
        opens = slot.start.time().replace(tzinfo=None)
        closes = (slot.end - timedelta(microseconds=1)).time().replace(tzinfo=None)
        if not any(start <= opens and closes < end for start, end in hours.periods):
            return _("Outside the opening hours.")
    return ""


# --- the person -----------------------------------------------------------------------------------


def eligible(eligibility: str, *, signed_in: bool, verified_youth: bool, team_member: bool) -> Refusal | None:
    if not signed_in:
        return Refusal(Reason.NOT_ELIGIBLE, _("Sign in to book."))
    if eligibility == "youth" and not verified_youth:
        return Refusal(
            Reason.NOT_ELIGIBLE,
            _("Only Hong Kong and Macau young people with a confirmed youth account can book this."),
        )
    if eligibility == "base_teams" and not team_member:
        return Refusal(Reason.NOT_ELIGIBLE, _("Only members of the base's teams can book this."))
    return None


def paused_until(no_shows: Iterable[datetime], now: datetime) -> datetime | None:
    """Three no-shows within 90 days pause booking for 30 days from the third: the end of the
    pause in force at `now`, or None."""
    times = sorted(no_shows)
    until: datetime | None = None
    for index in range(NO_SHOW_LIMIT - 1, len(times)):
        if times[index] - times[index - NO_SHOW_LIMIT + 1] <= NO_SHOW_WINDOW:
            end = times[index] + NO_SHOW_PAUSE
            if end > now and (until is None or end > until):
                until = end
    return until


def pause_refusal(until: datetime, tz: tzinfo) -> Refusal:
    return Refusal(
        Reason.PAUSED,
        format_lazy(
            _("You missed three bookings in 90 days: you can book again from {day}."),
            day=until.astimezone(tz).date().isoformat(),
        ),
    )


# --- the period -----------------------------------------------------------------------------------


def check_when(start: datetime, now: datetime, max_days_ahead: int, tz: tzinfo, unit: str) -> Refusal | None:
    """Not in the past (a day or a night may be booked on the day itself), not beyond
    `max_days_ahead` days from today."""
    today = now.astimezone(tz).date()
    first_day = start.astimezone(tz).date()
    if (unit == HOUR and start < now) or first_day < today:
        return Refusal(Reason.PAST, _("This time has already passed."))
    if (first_day - today).days > max_days_ahead:
        last = today + timedelta(days=max_days_ahead)
        return Refusal(
            Reason.TOO_FAR_AHEAD,
            format_lazy(
                _("Too far ahead: this can be booked at most {days} days ahead (until {day})."),
                days=max_days_ahead,
                day=last.isoformat(),
            ),
        )
    return None


def check_length(units: int, max_units: int, unit_label: str | Promise) -> Refusal | None:
    if units > max_units:
        return Refusal(
            Reason.LIMIT,
            format_lazy(_("One booking is at most {count} × {unit}."), count=max_units, unit=unit_label),
        )
    return None


def check_held(held: int, wanted: int, max_held: int, unit_label: str | Promise) -> Refusal | None:
    """The units a person holds in coming bookings of the resource, with these, within the most
    they may hold at once."""
    if held + wanted > max_held:
        return Refusal(
            Reason.LIMIT,
            format_lazy(
                _("Beyond your limit: you may hold at most {most} × {unit} at once, and you hold {held}."),
                most=max_held,
                unit=unit_label,
                held=held,
            ),
        )
    return None


def first_full(wanted: Sequence[Slot], taken: Mapping[datetime, int], capacity: int, quantity: int) -> Slot | None:
    """The first unit where `quantity` more does not fit beside what is taken, or None."""
    for slot in wanted:
        if taken.get(slot.start, 0) + quantity > capacity:
            return slot
    return None


def full_refusal(slot: Slot, free: int, tz: tzinfo) -> Refusal:
    if free <= 0:
        return Refusal(
            Reason.FULL,
            format_lazy(
                _("Full: nothing is free at {when}."), when=slot.start.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            ),
        )
    return Refusal(
        Reason.FULL,
        format_lazy(
            _("Full: only {free} left at {when}."), free=free, when=slot.start.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        ),
    )


def taken_per_slot(wanted: Sequence[Slot], booked: Iterable[tuple[datetime, datetime, int]]) -> dict[datetime, int]:
    """How many units are taken in each wanted slot, from the (start, end, quantity) of the
    active bookings that overlap them."""
    rows = list(booked)
    return {
        slot.start: sum(quantity for start, end, quantity in rows if start < slot.end and slot.start < end)
        for slot in wanted
    }


# --- allowances -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    free: int
    paid: int


def split_allowance(
    *, left: int, units: int, beyond_allowed: bool, beyond_max: int, beyond_used: int
) -> Split | Refusal:
    """The units of a stay taken from the free allowance, and those beyond it at the rule's rate
    (where the rule allows it, at most `beyond_max` in all)."""
    free = min(max(left, 0), units)
    paid = units - free
    if paid == 0:
        return Split(free, 0)
    if not beyond_allowed:
        return Refusal(
            Reason.ALLOWANCE,
            format_lazy(
                _("Your free allowance is used up: {left} left, {units} asked for."), left=max(left, 0), units=units
            ),
        )
    if beyond_used + paid > beyond_max:
        return Refusal(
            Reason.ALLOWANCE,
            format_lazy(
                _("Beyond the free allowance at most {most} more can be taken at the reduced rate."), most=beyond_max
            ),
        )
    return Split(free, paid)


def beyond_price(units: int, market_price: Decimal | None, percent: Decimal | None) -> Decimal | None:
    """What the units beyond the free ones cost: `percent` of the market price each, to the fen."""
    if not units or market_price is None or percent is None:
        return None
    return (Decimal(units) * market_price * percent / Decimal(100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- check-in, release, cancel --------------------------------------------------------------------


def check_in_open(start: datetime, end: datetime, now: datetime) -> bool:
    return start - CHECK_IN_OPENS_BEFORE <= now < end


def release_due(starts: datetime, now: datetime) -> bool:
    """A booking nobody checked into is released 15 minutes after it starts."""
    return now >= starts + CHECK_IN_GRACE


def may_cancel(start: datetime, now: datetime, hours_before: int) -> bool:
    return now <= start - timedelta(hours=hours_before)


# The week calendar goes this far from today either way: enough for any booking and for staff
# looking back, and far from the calendar's ends (a week of 9999-12-31 has no Sunday).
CALENDAR_REACH = timedelta(days=366 * 5)


def calendar_week(text: str, today: date) -> date:
    """The Monday of the week a calendar link asks for (`?week=2026-12-07`): today's week when the
    text is not an ISO date or is further than CALENDAR_REACH from today."""
    try:
        day = date.fromisoformat(text) if text else today
    except ValueError:
        day = today
    if abs(day - today) > CALENDAR_REACH:
        day = today
    return day - timedelta(days=day.weekday())
