"""The money rules: a rule's version in force, the dates a measure allows, eligible amounts,
what a guide shows, the amount asked for and the approval's limits."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any, Protocol, TypeVar

from django.utils.translation import gettext as _

from portal.errors import InvalidInput
from portal.invariants import known

MONTHLY_BY_EDUCATION = "monthly_by_education"
FIXED = "fixed"
UP_TO = "up_to"
UP_TO_PROPORTIONAL = "up_to_proportional"
MENTOR_SERVICES = "mentor_services"

ASSOCIATE, BACHELOR, MASTER, PHD = "associate", "bachelor", "master", "phd"
EDUCATION_LEVELS = (ASSOCIATE, BACHELOR, MASTER, PHD)

HKID, HOME_RETURN_PERMIT, PASSPORT = "hkid", "home_return_permit", "passport"

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# The earliest source measure (2021) and how far ahead of a claim its period may end, unless a
# scheme says otherwise (Scheme.period_from, Scheme.period_ahead_days): two years, the longest
# internship the eligibility checker estimates (24 months from the day it is asked).
MEASURES_FROM = date(2021, 1, 1)
PERIOD_AHEAD_DAYS = 731
CENT = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class RuleParams:
    kind: str
    rates: dict[str, Decimal | int | str] = field(default_factory=dict)  # by education level
    amount: Decimal | None = None
    ceiling: Decimal | None = None
    proportion: Decimal | None = None


@dataclass(frozen=True)
class ClaimFacts:
    education_level: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    financing_amount: Decimal | None = None
    requested_amount: Decimal | None = None


@dataclass(frozen=True)
class Eligibility:
    amount: Decimal
    calculation: dict[str, Any]  # JSON, rendered by calculation_words() in the reader's language


class RuleError(InvalidInput):
    """A claim lacks what its rule needs (field -> message): the portal's InvalidInput, shown on
    those fields by the API and the pages alike."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())), errors=errors)


# --- the version in force ---------------------------------------------------------------------


class Dated(Protocol):
    @property
    def effective_from(self) -> date: ...


V = TypeVar("V", bound=Dated)


def version_in_force(versions: Iterable[V], day: date) -> V | None:
    """The version in force on `day`: the latest that starts on or before it. A version that
    starts after `day` is not in force yet, however recent it is."""
    started = [version for version in versions if version.effective_from <= day]
    return max(started, key=lambda version: version.effective_from) if started else None


# --- dates -------------------------------------------------------------------------------------


def _months_later(day: date, months: int) -> tuple[int, int, int]:
    """`add_months` as (year, month, day), which may lie past the calendar's last year (9999):
    the arithmetic of a period never raises, whatever its dates."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if day.day > calendar.monthrange(year, month)[1]:
        return (year + (month == 12), month % 12 + 1, 1)
    return (year, month, day.day)


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months. When that day does not exist in the target month
    (31 January + 1 month), the result is the first day of the month after: a month that
    started on 31 January is complete only at the end of February."""
    return date(*_months_later(day, months))


def _day_after(day: date) -> tuple[int, int, int]:
    if day == date.max:
        return (date.max.year + 1, 1, 1)
    following = day + timedelta(days=1)
    return (following.year, following.month, following.day)


def whole_months(start: date, end: date) -> int:
    """Whole months between `start` and `end`, both days included: 1 Jan - 31 Mar is 3;
    15 Jan - 14 Apr is 3; 15 Jan - 13 Apr is 2. A month counts only when complete. Defined for
    every pair of dates (year 1 to 9999) without raising."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    # the k-th month is complete when the day k months after `start` is no later than end + 1
    while months > 0 and _months_later(start, months) > _day_after(end):
        months -= 1
    return months


# --- the dates a measure allows -------------------------------------------------------------------


@dataclass(frozen=True)
class DateWindow:
    """The dates a scheme allows a claim's period: from the measure's launch (`earliest`) to a
    short window after the claim's day (`latest`)."""

    earliest: date
    latest: date


def date_window(*, earliest: date, ahead_days: int, day: date) -> DateWindow:
    """The window of a claim made on `day` under a scheme that starts on `earliest` and lets a
    period end at most `ahead_days` after the claim's day."""
    latest = date.max if (date.max - day).days <= ahead_days else day + timedelta(days=ahead_days)
    return DateWindow(earliest=earliest, latest=latest)


def period_errors(start: date | None, end: date | None, window: DateWindow | None) -> dict[str, str]:
    """Why a claim's period is not one its scheme allows (field -> message; {} when it is): the
    one check of the claim form, the API (through the services) and the rule itself."""
    errors: dict[str, str] = {}
    if window is not None:
        if start is not None and not window.earliest <= start <= window.latest:
            errors["start_date"] = _("The start date must be between %(earliest)s and %(latest)s.") % {
                "earliest": window.earliest.isoformat(),
                "latest": window.latest.isoformat(),
            }
        if end is not None and not window.earliest <= end <= window.latest:
            errors["end_date"] = _("The end date must be between %(earliest)s and %(latest)s.") % {
                "earliest": window.earliest.isoformat(),
                "latest": window.latest.isoformat(),
            }
    if start is not None and end is not None and end < start and "end_date" not in errors:
        errors["end_date"] = _("The end date must be on or after the start date.")
    return errors


def months_covered(start: date, end: date) -> set[tuple[int, int]]:
    """The calendar months (year, month) an internship touches: used to flag overlaps."""
    months = set()
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.add((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def periods_overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


# --- money -------------------------------------------------------------------------------------


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT)


def format_amount(value: Decimal | int | str) -> str:
    """7500 -> "7,500"; 1234.5 -> "1,234.50" (the words of a calculation)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,}"
    return f"{value.quantize(CENT):,}"


def eligible_amount(
    params: RuleParams,
    facts: ClaimFacts,
    *,
    mentor_summary: Mapping[str, Any] | None = None,
    window: DateWindow | None = None,
) -> Eligibility:
    """The most the rule allows for one claim, with the figures of the calculation.

    Raises RuleError when the claim lacks a fact the rule needs, or its dates lie outside the
    scheme's `window` (period_errors). The cap across a person's claims and the budget are
    applied at approval (`approval_limit`), not here.
    """
    kind = params.kind
    if kind == MONTHLY_BY_EDUCATION:
        errors: dict[str, str] = {}
        if facts.education_level not in EDUCATION_LEVELS:
            errors["education_level"] = _("Choose an education level.")
        elif facts.education_level not in params.rates:
            errors["education_level"] = _("This scheme has no rate for this education level.")
        if facts.start_date is None:
            errors["start_date"] = _("Enter the start date.")
        if facts.end_date is None:
            errors["end_date"] = _("Enter the end date.")
        errors = {**period_errors(facts.start_date, facts.end_date, window), **errors}
        if errors:
            raise RuleError(errors)
        # Without errors, all three are there.
        months = whole_months(known(facts.start_date, "start date"), known(facts.end_date, "end date"))
        rate = money(params.rates[known(facts.education_level, "education level")])
        amount = money(rate * months)
        ceiling = params.ceiling
        capped = ceiling is not None and amount > ceiling
        if ceiling is not None and capped:
            amount = money(ceiling)
        calc: dict[str, Any] = {
            "kind": kind,
            "education_level": facts.education_level,
            "months": months,
            "rate": str(rate),
            "amount": str(amount),
        }
        if ceiling is not None and capped:
            calc["ceiling"] = str(money(ceiling))
        return Eligibility(amount, calc)
    if kind == FIXED:
        amount = money(known(params.amount, "amount"))  # subsidies_rule_fixed_has_amount
        return Eligibility(amount, {"kind": kind, "amount": str(amount)})
    if kind == UP_TO:
        amount = money(known(params.ceiling, "ceiling"))  # subsidies_rule_up_to_has_ceiling
        return Eligibility(amount, {"kind": kind, "ceiling": str(amount), "amount": str(amount)})
    if kind == UP_TO_PROPORTIONAL:
        if facts.financing_amount is None:
            raise RuleError({"financing_amount": _("Enter the financing raised.")})
        if facts.financing_amount < 0:
            raise RuleError({"financing_amount": _("The financing raised cannot be negative.")})
        # subsidies_rule_up_to_has_ceiling, subsidies_rule_proportional_has_proportion
        proportion = known(params.proportion, "proportion")
        ceiling = known(params.ceiling, "ceiling")
        proportional = (Decimal(facts.financing_amount) * Decimal(proportion)).quantize(CENT, ROUND_DOWN)
        amount = min(proportional, money(ceiling))
        return Eligibility(
            amount,
            {
                "kind": kind,
                "financing": str(money(facts.financing_amount)),
                "proportion": str(params.proportion),
                "proportional": str(proportional),
                "ceiling": str(money(ceiling)),
                "amount": str(amount),
            },
        )
    if kind == MENTOR_SERVICES:
        # the mentor's entitlement, computed by the mentorship app from the services logged
        mentor_summary = known(mentor_summary, "mentor entitlement")
        total = money(mentor_summary.get("total", 0))
        claimed = money(mentor_summary.get("claimed", 0))
        claimable = max(money(mentor_summary.get("claimable", total - claimed)), ZERO.quantize(CENT))
        return Eligibility(
            claimable, {"kind": kind, "total": str(total), "claimed": str(claimed), "amount": str(claimable)}
        )
    raise ValueError(f"Unknown rule kind {kind!r}")


# --- what a guide shows of a rule ----------------------------------------------------------------

PER_MONTH, ONE_TIME = "per_month", "one_time"
# Any day will do: a line's amount is what one whole month (or one claim) from it pays.
_UNIT_START = date(2024, 1, 1)


@dataclass(frozen=True)
class BenefitLine:
    """One line of what a rule pays, as a policy guide shows it: `amount` per `unit` (None when
    only a ceiling is fixed), at most `ceiling`, for one education level ("" for everyone)."""

    amount: Decimal | None
    unit: str
    ceiling: Decimal | None
    education_level: str = ""
    proportion: Decimal | None = None


def one_month(education_level: str) -> ClaimFacts:
    """The facts of a claim for exactly one whole month at an education level."""
    return ClaimFacts(
        education_level=education_level,
        start_date=_UNIT_START,
        end_date=add_months(_UNIT_START, 1) - timedelta(days=1),
    )


def benefit_lines(params: RuleParams) -> list[BenefitLine]:
    """The lines a guide shows for a rule, each amount computed by `eligible_amount` itself over
    the facts of one unit (one whole month at each education level; one claim), so a guide can
    never show another figure than a claim is computed with. Mentor services have no line here:
    their rates are the mentorship programme's rate schedule."""
    kind = params.kind
    ceiling = money(params.ceiling) if params.ceiling is not None else None
    if kind == MONTHLY_BY_EDUCATION:
        return [
            BenefitLine(
                amount=eligible_amount(params, one_month(level)).amount,
                unit=PER_MONTH,
                ceiling=ceiling,
                education_level=level,
            )
            for level in EDUCATION_LEVELS
            if level in params.rates
        ]
    if kind == FIXED:
        return [BenefitLine(amount=eligible_amount(params, ClaimFacts()).amount, unit=ONE_TIME, ceiling=None)]
    if kind == UP_TO:
        return [BenefitLine(amount=None, unit=ONE_TIME, ceiling=eligible_amount(params, ClaimFacts()).amount)]
    if kind == UP_TO_PROPORTIONAL:
        return [BenefitLine(amount=None, unit=ONE_TIME, ceiling=ceiling, proportion=params.proportion)]
    return []


def education_label(level: str) -> str:
    return {
        ASSOCIATE: _("associate degree"),
        BACHELOR: _("bachelor"),
        MASTER: _("master"),
        PHD: _("PhD"),
    }.get(level, level)


def calculation_words(calc: Mapping[str, Any]) -> str:
    """The calculation in the reader's language: "master, 3 whole months × 2,500 = 7,500"."""
    kind = calc.get("kind")
    amount = format_amount(calc.get("amount", "0"))
    if kind == MONTHLY_BY_EDUCATION:
        words = _("%(level)s, %(months)s whole months × %(rate)s = %(amount)s") % {
            "level": education_label(calc["education_level"]),
            "months": calc["months"],
            "rate": format_amount(calc["rate"]),
            "amount": format_amount(Decimal(calc["rate"]) * calc["months"]),
        }
        if "ceiling" in calc:
            words += "; " + _("capped at %(ceiling)s") % {"ceiling": format_amount(calc["ceiling"])}
        return words
    if kind == FIXED:
        return _("one-time amount of %(amount)s") % {"amount": amount}
    if kind == UP_TO:
        return _("up to %(ceiling)s") % {"ceiling": format_amount(calc["ceiling"])}
    if kind == UP_TO_PROPORTIONAL:
        return _("%(financing)s financing × %(percent)s%% = %(proportional)s, up to %(ceiling)s: %(amount)s") % {
            "financing": format_amount(calc["financing"]),
            "percent": format_amount(Decimal(calc["proportion"]) * 100),
            "proportional": format_amount(calc["proportional"]),
            "ceiling": format_amount(calc["ceiling"]),
            "amount": amount,
        }
    if kind == MENTOR_SERVICES:
        return _("mentor services %(total)s, already claimed %(claimed)s, claimable %(amount)s") % {
            "total": format_amount(calc["total"]),
            "claimed": format_amount(calc["claimed"]),
            "amount": amount,
        }
    if kind == "missing":
        return _("cannot be computed yet: some details are missing (%(fields)s)") % {
            "fields": ", ".join(calc.get("fields", []))
        }
    if kind == "no_rule":
        return _("cannot be computed: no rule of this scheme is in force on the claim's date")
    return amount


# --- the amount asked for ------------------------------------------------------------------------


def amount_over(requested: Decimal | None, eligible: Decimal | None) -> Decimal | None:
    """How much more is asked than the rules allow (None when not more, or either is unknown):
    what the review queue shows staff."""
    if requested is None or eligible is None or requested <= eligible:
        return None
    return money(requested - eligible)


def requested_error(requested: Decimal | None, eligibility: Eligibility | None) -> str | None:
    """Why the applicant should not ask for `requested` under these facts (None: they may, or
    the rules' amount is not known yet): what the claim form tells them as they enter it. The
    API keeps taking such a request (its contract); the review queue shows staff the
    difference (amount_over) and the approval never passes what the rules allow."""
    if eligibility is None or amount_over(requested, eligibility.amount) is None:
        return None
    return _("The rules allow at most %(amount)s RMB for these facts: %(calculation)s.") % {
        "amount": format_amount(eligibility.amount),
        "calculation": calculation_words(eligibility.calculation),
    }


# --- approval ----------------------------------------------------------------------------------


def cap_left(cap: Decimal | None, already_approved: Decimal) -> Decimal | None:
    """What is left of a person's cap after their earlier approved claims (None: no cap)."""
    if cap is None:
        return None
    return max(money(cap) - money(already_approved), ZERO.quantize(CENT))


def approval_limit(
    *, eligible: Decimal, requested: Decimal | None, cap_remaining: Decimal | None, budget_remaining: Decimal | None
) -> Decimal:
    """The most an approver may approve: the eligible amount, no more than requested, what is
    left of the person's cap and of the scheme's budget."""
    limits = [money(eligible)]
    for other in (requested, cap_remaining, budget_remaining):
        if other is not None:
            limits.append(money(other))
    return max(min(limits), ZERO.quantize(CENT))


def approval_errors(
    *,
    amount: Decimal,
    eligible: Decimal,
    requested: Decimal | None,
    cap_remaining: Decimal | None,
    budget_remaining: Decimal | None,
) -> list[str]:
    """Why `amount` cannot be approved ([] when it can)."""
    errors = []
    if amount <= 0:
        errors.append(_("The approved amount must be more than 0."))
    if amount != money(amount):
        errors.append(_("The approved amount has at most 2 decimal places."))
    if amount > eligible:
        errors.append(
            _("The approved amount cannot exceed the eligible amount (%(limit)s).") % {"limit": format_amount(eligible)}
        )
    if requested is not None and amount > requested:
        errors.append(
            _("The approved amount cannot exceed the requested amount (%(limit)s).")
            % {"limit": format_amount(requested)}
        )
    if cap_remaining is not None and amount > cap_remaining:
        errors.append(
            _("The approved amount cannot exceed what is left of this person's cap (%(limit)s).")
            % {"limit": format_amount(cap_remaining)}
        )
    if budget_remaining is not None and amount > budget_remaining:
        errors.append(
            _("The approved amount cannot exceed the scheme's remaining budget (%(limit)s).")
            % {"limit": format_amount(budget_remaining)}
        )
    return errors
