"""The opportunities rules as pure functions of plain values: no ORM, no I/O.

When a vacancy takes applications, whether an applicant's education meets a posting's minimum,
the internship period a placement's subsidy claim covers, and the median days from application
to offer of the figures."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from subsidies.rules import EDUCATION_LEVELS, add_months

from .models import EDUCATION_ORDER

STALE_AFTER_DAYS = 14  # an application not moved for 14 days reminds the employer


def takes_applications(*, state: str, opens_on: date, closes_on: date, today: date) -> bool:
    """A published vacancy takes applications from its opening day to its close date, both
    included."""
    return state == "published" and opens_on <= today <= closes_on


def past_close(*, closes_on: date, today: date) -> bool:
    """The close date has passed: the beat job closes the vacancy the day after."""
    return today > closes_on


def meets_education(level: str, minimum: str) -> bool:
    """Whether `level` is at least `minimum` (no minimum: anyone; no level stated: only then)."""
    if not minimum:
        return True
    if level not in EDUCATION_ORDER:
        return False
    return EDUCATION_ORDER.index(level) >= EDUCATION_ORDER.index(minimum)


def subsidy_education(level: str) -> str:
    """The subsidies app's education level for an applicant's, or "" when it pays none for it
    (secondary school)."""
    return level if level in EDUCATION_LEVELS else ""


def internship_period(start: date, duration_months: int | None, cohort_end: date | None = None) -> tuple[date, date]:
    """The days a placement covers: from its start for the posting's duration in calendar months
    (its last day the day before the same date months later), or to the cohort's end when the
    posting states no duration; a placement with neither covers one month."""
    if duration_months:
        return start, add_months(start, duration_months) - timedelta(days=1)
    if cohort_end is not None and cohort_end >= start:
        return start, cohort_end
    return start, add_months(start, 1) - timedelta(days=1)


def valid_salary(salary_min: Decimal | None, salary_max: Decimal | None) -> bool:
    if salary_min is not None and salary_min < 0:
        return False
    if salary_max is not None and salary_max < 0:
        return False
    return salary_min is None or salary_max is None or salary_max >= salary_min


def median_days(pairs: Iterable[tuple[datetime, datetime | None]]) -> float | None:
    """The median of the whole days from application to offer, over the applications offered."""
    days = [(offered - applied).days for applied, offered in pairs if offered is not None]
    if not days:
        return None
    return float(statistics.median(days))


OFFERED_OR_LATER = ("offered", "accepted", "declined", "placed", "completed")
PLACED_OR_LATER = ("placed", "completed")


def tally(applications: Iterable[tuple[str, datetime, datetime | None]]) -> dict[str, float | int | None]:
    """Applications, offers, placements, completions and the median days from application to
    offer, from (state, applied at, offered at) of a group's applications."""
    rows = list(applications)
    return {
        "applications": len(rows),
        "offers": sum(1 for state, _a, _o in rows if state in OFFERED_OR_LATER),
        "placements": sum(1 for state, _a, _o in rows if state in PLACED_OR_LATER),
        "completions": sum(1 for state, _a, _o in rows if state == "completed"),
        "median_days_to_offer": median_days((applied, offered) for _s, applied, offered in rows),
    }
