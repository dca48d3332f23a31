"""The rules of the GBA Workplace Mentor Programme (大湾区职场导师计划), as pure functions of plain
values: no ORM, no I/O. Source: Luohu District's launch of the programme (14 June 2023):

- a mentor has at most 5 mentees at the same time, each relationship lasting one year;
- career guidance for an employed mentee: 200 RMB a session, at most 1,000 RMB per mentee;
- internship guidance for an unemployed mentee: 100 RMB a day, at most 2,000 RMB per mentee;
- job referral for an unemployed mentee who then gets a job: 1,000 RMB once insured 1 month, a
  further 4,000 RMB once insured 6 months or more with that same employer;
- public-welfare activity on the HR bureau's invitation: 1,000 RMB per activity.

The figures are data (`RateSchedule` rows, passed in here as `Rates`); only the shape of the rules
lives in code. `compute_entitlement` is the one place the money is computed, service by service;
`compute_entitlement_from_totals` gives the same money from the services summed per relationship
and schedule period (the nightly recomputation), and the tests hold the two equal.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ZERO = Decimal("0.00")
# "每名职场导师最多可同时与5名学员建立为期1年的师生关系"
MAX_ACTIVE_MENTEES = 5
# A relationship ending within this many days is "ending soon": reminded to its mentor and mentee,
# counted on the staff's dashboard.
ENDING_WITHIN_DAYS = 30
# An entitlement left unclaimed this many days is reminded to its mentor.
UNCLAIMED_AFTER_DAYS = 60

CAREER_GUIDANCE = "career_guidance"
INTERNSHIP_GUIDANCE = "internship_guidance"
JOB_REFERRAL = "job_referral"
EMPLOYED = "employed"
UNEMPLOYED = "unemployed"


@dataclass(frozen=True)
class Rates:
    effective_from: dt.date
    career_guidance_rate: Decimal
    career_guidance_cap: Decimal
    internship_guidance_rate: Decimal
    internship_guidance_cap: Decimal
    referral_first_amount: Decimal
    referral_first_months: int
    referral_further_amount: Decimal
    referral_further_months: int
    public_welfare_rate: Decimal


class ServiceRecord(NamedTuple):
    """One logged service, as plain values (a named tuple: the nightly recomputation builds
    hundreds of thousands of them straight from database rows, in this field order)."""

    relationship_id: int
    kind: str
    date: dt.date
    days: int | None = None
    employer: str = ""
    hired_on: dt.date | None = None
    insured_months: int | None = None
    pk: int = 0


class ServiceTotals(NamedTuple):
    """A relationship's services within one rate-schedule period, summed: what
    `compute_entitlement_from_totals` values instead of the services one by one.

    Every service summed into one record falls under the same schedule, the one in force on
    `first_date` (the earliest of their dates); the nightly recomputation groups them so in SQL
    (by relationship and by the schedule period their date falls in), `service_totals` in Python.
    """

    relationship_id: int
    first_date: dt.date
    career_sessions: int = 0  # career guidance sessions
    internship_days: int = 0  # internship guidance days (a service without days counts 0)
    referral_months: int | None = None  # the highest insured months of a referral with a hiring date
    unknown_services: int = 0  # services of a kind the rules do not know (an error, as one by one)


class AttendanceRecord(NamedTuple):
    activity_id: int
    date: dt.date


@dataclass(slots=True)
class RelationshipAmounts:
    career_guidance: Decimal = ZERO
    internship_guidance: Decimal = ZERO
    job_referral: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.career_guidance + self.internship_guidance + self.job_referral


@dataclass
class Entitlement:
    relationships: dict[int, RelationshipAmounts] = field(default_factory=dict)
    public_welfare: Decimal = ZERO

    def _sum(self, name: str) -> Decimal:
        return sum((getattr(amounts, name) for amounts in self.relationships.values()), ZERO)

    @property
    def career_guidance(self) -> Decimal:
        return self._sum("career_guidance")

    @property
    def internship_guidance(self) -> Decimal:
        return self._sum("internship_guidance")

    @property
    def job_referral(self) -> Decimal:
        return self._sum("job_referral")

    @property
    def total(self) -> Decimal:
        return self.career_guidance + self.internship_guidance + self.job_referral + self.public_welfare

    def by_kind(self) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
        """(career guidance, internship guidance, job referral, public welfare, total) in one pass
        over the relationships: the properties above, for the nightly run's thousands of mentors."""
        career = internship = referral = ZERO
        for amounts in self.relationships.values():
            career += amounts.career_guidance
            internship += amounts.internship_guidance
            referral += amounts.job_referral
        return career, internship, referral, self.public_welfare, career + internship + referral + self.public_welfare


# --- Rates in force ---------------------------------------------------------------------------


def rates_on(schedules: Sequence[Rates], day: dt.date) -> Rates:
    """The schedule in force on `day`: the latest one effective on or before it. A day before
    the first schedule takes the first (the programme's figures did not exist earlier, and a
    relationship cannot predate them in practice)."""
    return rates_finder(schedules)(day)


def rates_finder(schedules: Sequence[Rates]) -> Callable[[dt.date], Rates]:
    """`rates_on` for many days: the schedules are sorted once, each day is a binary search
    (the nightly recomputation looks up the rates of every service)."""
    if not schedules:

        def missing(day: dt.date) -> Rates:
            raise ValueError("No rate schedule: the data migration loads the default one.")

        return missing
    ordered = sorted(schedules, key=lambda rates: rates.effective_from)
    if len(ordered) == 1:
        only = ordered[0]
        return lambda day: only
    starts = [rates.effective_from for rates in ordered]

    def find(day: dt.date) -> Rates:
        return ordered[max(bisect_right(starts, day) - 1, 0)]

    return find


# --- The money --------------------------------------------------------------------------------


def _capped(earned: Decimal, amount: Decimal, cap: Decimal) -> Decimal:
    """What a new `amount` adds when `earned` is already counted against `cap`."""
    return max(min(amount, cap - earned), ZERO)


def compute_entitlement(
    *,
    services: Iterable[ServiceRecord],
    attendances: Iterable[AttendanceRecord],
    schedules: Sequence[Rates],
    relationship_ids: Iterable[int] = (),
) -> Entitlement:
    """A mentor's entitlement from the records: per relationship (one mentee each) and for the
    public-welfare activities attended.

    Services are valued in date order (then by pk) at the rates in force on their date; each
    per-mentee cap is the one in force on the date of the service that reaches it. Job referral
    pays its two amounts once per mentee: the first when any referral's insured months reach the
    first threshold, the further one when a single referral (one employer) reaches the second
    threshold, so months with two employers never add up to the further amount.
    """
    result = Entitlement(relationships={pk: RelationshipAmounts() for pk in relationship_ids})
    rates_for = rates_finder(schedules)
    by_relationship: dict[int, list[ServiceRecord]] = defaultdict(list)
    for service in services:
        by_relationship[service.relationship_id].append(service)

    for relationship_id, records in by_relationship.items():
        amounts = result.relationships.setdefault(relationship_id, RelationshipAmounts())
        first_paid = further_paid = False
        for service in sorted(records, key=lambda s: (s.date, s.pk)):
            rates = rates_for(service.date)
            if service.kind == CAREER_GUIDANCE:
                amounts.career_guidance += _capped(
                    amounts.career_guidance, rates.career_guidance_rate, rates.career_guidance_cap
                )
            elif service.kind == INTERNSHIP_GUIDANCE:
                amount = rates.internship_guidance_rate * (service.days or 0)
                amounts.internship_guidance += _capped(
                    amounts.internship_guidance, amount, rates.internship_guidance_cap
                )
            elif service.kind == JOB_REFERRAL:
                if service.hired_on is None:
                    continue
                paid, first_paid, further_paid = _referral_paid(
                    service.insured_months or 0, rates, first_paid=first_paid, further_paid=further_paid
                )
                amounts.job_referral += paid
            else:
                raise ValueError(f"Unknown service kind {service.kind!r}")

    result.public_welfare += _public_welfare(attendances, rates_for)
    return result


def _referral_paid(months: int, rates: Rates, *, first_paid: bool, further_paid: bool) -> tuple[Decimal, bool, bool]:
    """What a referral (one employer) whose insured months are `months` adds to a mentee's job
    referral amount under `rates`: the first amount once the first threshold is reached, the
    further amount once the second is, each paid once per mentee. Returns (amount, first paid,
    further paid)."""
    amount = Decimal(0)
    if not first_paid and months >= rates.referral_first_months:
        amount += rates.referral_first_amount
        first_paid = True
    if not further_paid and months >= rates.referral_further_months:
        amount += rates.referral_further_amount
        further_paid = True
    return amount, first_paid, further_paid


def _public_welfare(attendances: Iterable[AttendanceRecord], rates_for: Callable[[dt.date], Rates]) -> Decimal:
    """One payment per public-welfare activity attended, at the rate in force on its date."""
    total = Decimal(0)
    seen_activities: set[int] = set()
    for attendance in sorted(attendances, key=lambda a: (a.date, a.activity_id)):
        if attendance.activity_id in seen_activities:
            continue  # one payment per activity
        seen_activities.add(attendance.activity_id)
        total += rates_for(attendance.date).public_welfare_rate
    return total


def _capped_total(earned: Decimal, added: Decimal, cap: Decimal) -> Decimal:
    """`earned` after services worth `added` in all under one `cap`, valued one by one with
    `_capped`: each adds what fits under the cap, so the sum stops at the cap, and nothing is
    added (nor taken back) when `earned` already reached it, e.g. under a higher former cap.
    Exact because no service is worth less than nothing (rates are never negative: a database
    constraint)."""
    return max(earned, min(earned + added, cap))


_first_date = attrgetter("first_date")


def compute_entitlement_from_totals(
    *,
    totals: Iterable[ServiceTotals],
    attendances: Iterable[AttendanceRecord],
    schedules: Sequence[Rates],
    relationship_ids: Iterable[int] = (),
) -> Entitlement:
    """`compute_entitlement` from services summed per relationship and schedule period: the same
    money (tested on random records over several schedules), from far fewer records.

    Within one period the rates and caps are fixed, so valuing the period's services one by one
    in date order comes to: career guidance `min(earned + sessions × rate, cap)`, internship
    guidance `min(earned + days × rate, cap)`, never below what was already earned (a cap lowered
    by a later schedule takes nothing back); each referral amount is paid by the first period in
    which a single referral's insured months reach its threshold (that period's threshold and
    amount), so the highest months of the period is all that matters. Periods are valued in date
    order (`first_date`). Public-welfare activities are valued as in `compute_entitlement`.
    """
    result = Entitlement(relationships={pk: RelationshipAmounts() for pk in relationship_ids})
    rates_for = rates_finder(schedules)
    by_relationship: dict[int, list[ServiceTotals]] = defaultdict(list)
    for record in totals:
        by_relationship[record.relationship_id].append(record)

    for relationship_id, records in by_relationship.items():
        amounts = result.relationships.setdefault(relationship_id, RelationshipAmounts())
        first_paid = further_paid = False
        if len(records) > 1:  # one record a relationship while a single schedule applies
            records.sort(key=_first_date)
        for record in records:
            if record.unknown_services:
                raise ValueError(f"Unknown service kind in relationship {relationship_id}")
            rates = rates_for(record.first_date)
            if record.career_sessions:
                amounts.career_guidance = _capped_total(
                    amounts.career_guidance,
                    rates.career_guidance_rate * record.career_sessions,
                    rates.career_guidance_cap,
                )
            if record.internship_days:
                amounts.internship_guidance = _capped_total(
                    amounts.internship_guidance,
                    rates.internship_guidance_rate * record.internship_days,
                    rates.internship_guidance_cap,
                )
            if record.referral_months is not None:
                paid, first_paid, further_paid = _referral_paid(
                    record.referral_months, rates, first_paid=first_paid, further_paid=further_paid
                )
                amounts.job_referral += paid

    result.public_welfare += _public_welfare(attendances, rates_for)
    return result


KNOWN_KINDS = (CAREER_GUIDANCE, INTERNSHIP_GUIDANCE, JOB_REFERRAL)


def service_totals(services: Iterable[ServiceRecord], schedules: Sequence[Rates]) -> list[ServiceTotals]:
    """The services summed per relationship and schedule period, exactly as the nightly
    recomputation's SQL sums them (`selectors.service_totals_of_relationships`): the period is
    the number of schedules starting on or before the date (so services before the first
    schedule are a period of their own, valued at its rates all the same). The reference the
    SQL is tested against, and the link between `compute_entitlement` and
    `compute_entitlement_from_totals`."""
    starts = sorted(rates.effective_from for rates in schedules)
    # [first date, career sessions, internship days, referral months or None, unknown services]
    groups: dict[tuple[int, int], list[Any]] = {}
    for service in services:
        key = (service.relationship_id, bisect_right(starts, service.date))
        group = groups.setdefault(key, [service.date, 0, 0, None, 0])
        group[0] = min(group[0], service.date)
        if service.kind == CAREER_GUIDANCE:
            group[1] += 1
        elif service.kind == INTERNSHIP_GUIDANCE:
            group[2] += service.days or 0
        elif service.kind == JOB_REFERRAL:
            if service.hired_on is not None:
                months = service.insured_months or 0
                group[3] = months if group[3] is None else max(group[3], months)
        else:
            group[4] += 1
    return [ServiceTotals(relationship_id, *group) for (relationship_id, _period), group in groups.items()]


def claimable(*, total: Decimal, claimed: Decimal) -> Decimal:
    """What is left to claim: never negative, and what was claimed is never claimable again."""
    return max(total - claimed, ZERO)


# --- Relationships and capacity ---------------------------------------------------------------


def relationship_end_date(start: dt.date) -> dt.date:
    """A relationship "lasts one year": from `start` to the day before its first anniversary
    (1 March 2023 → 29 February 2024; 29 February 2024 → 27 February 2025, since the anniversary
    of 29 February is taken as 28 February)."""
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February → 28 February of the next year
        anniversary = start.replace(year=start.year + 1, day=28)
    return anniversary - dt.timedelta(days=1)


def max_active_on_any_day(intervals: Iterable[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> int:
    """The largest number of `intervals` (first and last day, inclusive) active on one day
    between `start` and `end`. The count only rises on an interval's first day, so it is enough
    to look at `start` and at the first days that fall inside the period."""
    overlapping = [(first, last) for first, last in intervals if first <= end and last >= start]
    days = {start} | {first for first, _last in overlapping if first >= start}
    return max((sum(1 for first, last in overlapping if first <= day <= last) for day in days), default=0)


def capacity_message(limit: int = MAX_ACTIVE_MENTEES) -> StrOrPromise:
    """Why a mentor with `limit` active mentees on some day of a new relationship's year cannot
    take one more (the count is `max_active_on_any_day`, the refusal `portal.capacity`'s)."""
    return _(
        "This mentor already has %(limit)s active mentees during that period: a mentor has at most "
        "%(limit)s mentees at the same time."
    ) % {"limit": limit}


# A relationship may be matched to start at most this many days ahead: a match is made for a
# mentoring that is about to begin, not reserved months ahead (a reserved place would block the
# mentor's five for a year that has not begun).
START_AHEAD_DAYS = 30
# A mentee has one mentor at a time, unless staff decide otherwise.
MAX_ACTIVE_MENTORS = 1


def relationship_start_refusal(*, start: dt.date, launch: dt.date | None, today: dt.date) -> StrOrPromise | None:
    """Why a relationship cannot start on `start`, or None. No earlier than the programme's
    launch (the first rate schedule's effective date: no service was paid for before it, so a
    backdated relationship would only open years of services to log), and no later than
    `START_AHEAD_DAYS` from today."""
    if launch is not None and start < launch:
        return _("A relationship cannot start before the programme's launch on %(launch)s.") % {
            "launch": launch.isoformat()
        }
    latest = today + dt.timedelta(days=START_AHEAD_DAYS)
    if start > latest:
        return _("A relationship can start at most %(days)s days ahead, on %(latest)s at the latest.") % {
            "days": START_AHEAD_DAYS,
            "latest": latest.isoformat(),
        }
    return None


def one_mentor_message() -> StrOrPromise:
    """Why a mentee with a mentor during a new relationship's year cannot take a second one (the
    count is `max_active_on_any_day` over the mentee's relationships)."""
    return _(
        "This mentee already has a mentor during that period: a mentee has one mentor at a time, "
        "unless staff decide otherwise."
    )


# Where a relationship stands on a day (models.RelationshipState gives them their labels).
UPCOMING = "upcoming"
ACTIVE = "active"
COMPLETED = "completed"
ENDED = "ended"


def relationship_state(*, start: dt.date, end: dt.date, ended_on: dt.date | None, day: dt.date) -> str:
    """Ended once staff ended it early (whatever the day it took effect), else by its dates:
    upcoming before its first day, active up to its last, completed after its year."""
    if ended_on is not None:
        return ENDED
    if day < start:
        return UPCOMING
    if day > end:
        return COMPLETED
    return ACTIVE


# --- Services ---------------------------------------------------------------------------------


def status_on(changes: Iterable[tuple[dt.date, str]], day: dt.date) -> str | None:
    """The employment status on `day` from the history of (since, status) changes; None before
    the first known status."""
    current = None
    for since, status in sorted(changes):
        if since <= day:
            current = status
    return current


def service_refusal(
    *,
    kind: str,
    day: dt.date,
    today: dt.date,
    relationship_start: dt.date,
    relationship_last_day: dt.date,
    status: str | None,
    days: int | None = None,
    employer: str = "",
    hired_on: dt.date | None = None,
    insured_months: int | None = None,
) -> dict[str, StrOrPromise] | None:
    """Why a service cannot be logged, as {field: message}, or None when it can.
    `status` is the mentee's employment status on `day` (see `status_on`)."""
    if day > today:
        return {"date": _("A service cannot be logged before it took place.")}
    if day < relationship_start or day > relationship_last_day:
        return {
            "date": _("The date is outside the relationship (%(start)s to %(end)s).")
            % {"start": relationship_start.isoformat(), "end": relationship_last_day.isoformat()}
        }
    if status is None:
        return {"date": _("The mentee's employment status on that date is not known.")}
    if kind == CAREER_GUIDANCE:
        if status != EMPLOYED:
            return {"kind": _("Career guidance is for an employed mentee; the mentee was not employed on that date.")}
    elif kind == INTERNSHIP_GUIDANCE:
        if status != UNEMPLOYED:
            return {"kind": _("Internship guidance is for an unemployed mentee; the mentee was employed on that date.")}
        if not days or days < 1:
            return {"days": _("Give the number of days (at least 1).")}
        if days > 31:
            return {"days": _("Log internship guidance at most a month (31 days) at a time.")}
    elif kind == JOB_REFERRAL:
        if status != UNEMPLOYED:
            return {"kind": _("A job referral is for an unemployed mentee; the mentee was employed on that date.")}
        errors: dict[str, StrOrPromise] = {}
        if not employer.strip():
            errors["employer"] = _("Give the employer.")
        if hired_on is None:
            errors["hired_on"] = _("Give the date the mentee was hired.")
        elif hired_on < day:
            errors["hired_on"] = _("The mentee must have been hired on or after the referral date.")
        elif hired_on > today:
            errors["hired_on"] = _("The hiring date cannot be in the future.")
        if insured_months is None or insured_months < 0:
            errors["insured_months"] = _("Give the months of social insurance with that employer (0 or more).")
        elif hired_on is not None and insured_months > months_between(hired_on, today) + 1:
            errors["insured_months"] = _("The mentee cannot have been insured longer than they have been employed.")
        return errors or None
    else:
        return {"kind": _("Unknown kind of service.")}
    return None


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from `start` to `end` (0 if `end` is before `start`)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)
