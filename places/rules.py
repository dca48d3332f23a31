"""Opening hours as plain functions: weekly rules (iCal FREQ=WEEKLY: `byday`, `opens_at`,
`closes_at`, as HSDS schedules have them) with exceptions for single days (holidays, the mainland's
make-up working days, staff-entered closures). No ORM, no I/O: the holiday calendars are looked
up in places/calendars.py and handed in as `DayException`s.

Every instant is read in the place's own time zone (Asia/Hong_Kong or Asia/Shanghai: both UTC+8
today, but each place says which it keeps). A rule's `closes_at` is exclusive: a place open
09:00–18:00 is open at 17:59:59 and closed at 18:00.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

WEEKDAY_CODES: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # date.weekday() order
MONDAY = 0

# The hours a make-up working day (调休) takes: the mainland's rule is that the weekend day is
# worked as a normal working day; we take the place's Monday hours for it.
MAKEUP_DAY_TAKES_HOURS_OF = MONDAY

# How far "next open" looks ahead before it says the place has no known opening.
NEXT_OPEN_HORIZON_DAYS = 60

# A place whose details were last confirmed this many months ago is flagged to staff.
CONFIRMATION_MONTHS = 6


class DayKind(StrEnum):
    REGULAR = "regular"  # the weekly rules apply
    HOLIDAY = "holiday"  # a public holiday of the place's calendar: closed
    MAKEUP_WORKDAY = "makeup_workday"  # a weekend day worked on the mainland: open as on a Monday
    CLOSURE = "closure"  # closed by staff


# When two exceptions fall on one day, the stronger wins: a closure entered by staff beats
# everything, a holiday beats a make-up working day.
_PRECEDENCE = {DayKind.CLOSURE: 3, DayKind.HOLIDAY: 2, DayKind.MAKEUP_WORKDAY: 1, DayKind.REGULAR: 0}


@dataclass(frozen=True)
class WeeklyRule:
    weekdays: frozenset[int]  # 0 = Monday ... 6 = Sunday
    opens_at: time
    closes_at: time
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError("a weekly rule needs one or more weekdays 0-6")
        if self.closes_at <= self.opens_at:
            raise ValueError("a weekly rule closes after it opens")

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_to is None or day <= self.valid_to)

    @property
    def byday(self) -> str:
        return format_byday(self.weekdays)


@dataclass(frozen=True)
class DayException:
    day: date
    kind: DayKind
    name: str = ""  # the holiday's name or the closure's reason, in the reader's language


@dataclass(frozen=True)
class DayHours:
    day: date
    periods: tuple[tuple[time, time], ...]
    kind: DayKind = DayKind.REGULAR
    name: str = ""

    @property
    def closed(self) -> bool:
        return not self.periods

    @property
    def opens_at(self) -> time | None:
        return self.periods[0][0] if self.periods else None

    @property
    def closes_at(self) -> time | None:
        return self.periods[-1][1] if self.periods else None


@dataclass(frozen=True)
class Opening:
    """One stretch of opening, as aware datetimes in the place's time zone."""

    starts: datetime
    ends: datetime


# --- iCal day codes -----------------------------------------------------------------------------


def parse_byday(text: str) -> frozenset[int]:
    """ "MO,TU,WE" -> {0, 1, 2}. Raises ValueError on an unknown code or none at all."""
    codes = [part.strip().upper() for part in (text or "").split(",") if part.strip()]
    if not codes:
        raise ValueError("no day")
    unknown = [code for code in codes if code not in WEEKDAY_CODES]
    if unknown:
        raise ValueError(f"unknown day code(s): {', '.join(unknown)}")
    return frozenset(WEEKDAY_CODES.index(code) for code in codes)


def format_byday(weekdays: Iterable[int]) -> str:
    return ",".join(WEEKDAY_CODES[day] for day in sorted(set(weekdays)))


_RULE_LINE = re.compile(r"^\s*(?P<days>[A-Za-z,\s-]+?)\s+(?P<open>\d{1,2}:\d{2})\s*[-–]\s*(?P<close>\d{1,2}:\d{2})\s*$")


def _parse_time(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(hours, minutes)


def _expand_days(text: str) -> frozenset[int]:
    """ "MO-FR" or "MO,WE,FR" (ranges and lists) -> weekdays."""
    days: set[int] = set()
    for part in text.replace(" ", "").upper().split(","):
        if "-" in part:
            first, _sep, last = part.partition("-")
            start, end = WEEKDAY_CODES.index(first), WEEKDAY_CODES.index(last)
            if end < start:
                raise ValueError(part)
            days.update(range(start, end + 1))
        elif part:
            days.update(parse_byday(part))
    if not days:
        raise ValueError(text)
    return frozenset(days)


def parse_rules_text(text: str) -> tuple[list[WeeklyRule], list[int]]:
    """Opening hours as operators type them, one rule a line: "MO-FR 09:00-12:00",
    "MO-FR 14:00-18:00", "SA 10:00-16:00". Returns (rules, numbers of the lines that could not be
    read, from 1). Blank lines are skipped."""
    rules: list[WeeklyRule] = []
    bad: list[int] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _RULE_LINE.match(line)
        try:
            if match is None:
                raise ValueError(line)
            rules.append(
                WeeklyRule(
                    weekdays=_expand_days(match["days"]),
                    opens_at=_parse_time(match["open"]),
                    closes_at=_parse_time(match["close"]),
                )
            )
        except ValueError:
            bad.append(number)
    return rules, bad


def format_rules_text(rules: Sequence[WeeklyRule]) -> str:
    return "\n".join(f"{rule.byday} {rule.opens_at:%H:%M}-{rule.closes_at:%H:%M}" for rule in rules)


# --- exceptions ---------------------------------------------------------------------------------


def merge_exceptions(*groups: Iterable[DayException]) -> dict[date, DayException]:
    """One exception per day: the strongest (closure > holiday > make-up working day)."""
    merged: dict[date, DayException] = {}
    for group in groups:
        for exception in group:
            current = merged.get(exception.day)
            if current is None or _PRECEDENCE[exception.kind] > _PRECEDENCE[current.kind]:
                merged[exception.day] = exception
    return merged


def closure_days(starts_on: date, ends_on: date, reason: str) -> list[DayException]:
    return [
        DayException(starts_on + timedelta(days=offset), DayKind.CLOSURE, reason)
        for offset in range((ends_on - starts_on).days + 1)
    ]


# --- hours of a day, open now, next open --------------------------------------------------------


def _periods(rules: Iterable[WeeklyRule], weekday: int, day: date) -> tuple[tuple[time, time], ...]:
    spans = sorted((rule.opens_at, rule.closes_at) for rule in rules if weekday in rule.weekdays and rule.valid_on(day))
    merged: list[tuple[time, time]] = []
    for opens, closes in spans:
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(closes, merged[-1][1]))
        else:
            merged.append((opens, closes))
    return tuple(merged)


def day_hours(rules: Sequence[WeeklyRule], exceptions: Mapping[date, DayException], day: date) -> DayHours:
    """The hours of one local date: a closure or holiday closes it, a make-up working day opens it
    with Monday's hours, any other day follows the weekly rules."""
    exception = exceptions.get(day)
    if exception is not None and exception.kind in (DayKind.CLOSURE, DayKind.HOLIDAY):
        return DayHours(day, (), exception.kind, exception.name)
    if exception is not None and exception.kind == DayKind.MAKEUP_WORKDAY:
        return DayHours(day, _periods(rules, MAKEUP_DAY_TAKES_HOURS_OF, day), exception.kind, exception.name)
    return DayHours(day, _periods(rules, day.weekday(), day))


def _local(instant: datetime, tz: tzinfo) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("the instant must be timezone-aware")
    return instant.astimezone(tz)


def is_open(
    rules: Sequence[WeeklyRule], exceptions: Mapping[date, DayException], instant: datetime, tz: tzinfo
) -> bool:
    """Whether the place is open at `instant`, read in the place's time zone `tz`."""
    local = _local(instant, tz)
    now = local.time().replace(tzinfo=None)
    return any(opens <= now < closes for opens, closes in day_hours(rules, exceptions, local.date()).periods)


def next_opening(
    rules: Sequence[WeeklyRule],
    exceptions: Mapping[date, DayException],
    instant: datetime,
    tz: tzinfo,
    *,
    horizon_days: int = NEXT_OPEN_HORIZON_DAYS,
) -> Opening | None:
    """The opening that contains `instant` if the place is open then, else the next one to start
    after it within `horizon_days`; None when there is none (no rules, or closed throughout)."""
    local = _local(instant, tz)
    now = local.time().replace(tzinfo=None)
    for offset in range(horizon_days + 1):
        day = local.date() + timedelta(days=offset)
        for opens, closes in day_hours(rules, exceptions, day).periods:
            if offset == 0 and closes <= now:
                continue
            return Opening(datetime.combine(day, opens, tzinfo=tz), datetime.combine(day, closes, tzinfo=tz))
    return None


def next_open(
    rules: Sequence[WeeklyRule],
    exceptions: Mapping[date, DayException],
    instant: datetime,
    tz: tzinfo,
    *,
    horizon_days: int = NEXT_OPEN_HORIZON_DAYS,
) -> datetime | None:
    """The first moment at or after `instant` when the place is open (`instant` itself when it is
    open now); None when it does not open within `horizon_days`."""
    opening = next_opening(rules, exceptions, instant, tz, horizon_days=horizon_days)
    if opening is None:
        return None
    return max(opening.starts, _local(instant, tz))


def schedule(
    rules: Sequence[WeeklyRule], exceptions: Mapping[date, DayException], start: date, days: int
) -> list[DayHours]:
    """The hours of `days` local dates from `start`."""
    return [day_hours(rules, exceptions, start + timedelta(days=offset)) for offset in range(days)]


# --- confirmation of the details -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def confirmation_due_on(last_confirmed: date | None, listed_on: date, *, months: int = CONFIRMATION_MONTHS) -> date:
    """The day a place's details are due to be confirmed again: `months` after they were last
    confirmed (or, never confirmed, after the place was listed). It also keys the reminder, so
    staff are told once per place per period."""
    return add_months(last_confirmed or listed_on, months)


def confirmation_overdue(
    last_confirmed: date | None, listed_on: date, today: date, *, months: int = CONFIRMATION_MONTHS
) -> bool:
    return today >= confirmation_due_on(last_confirmed, listed_on, months=months)
