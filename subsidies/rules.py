"""The subsidy rules as pure functions of plain values: no ORM, no I/O.

Sources (DOMAIN.md): Futian internship subsidy by education level, per whole month (associate
1,000 / bachelor 1,500 / master 2,500 / PhD 4,500 RMB); Luohu one-time living subsidy 60,000;
Futian landing support up to 1,000,000, optionally in proportion to financing raised; municipal
base award 500,000; mentor services (Luohu GBA Workplace Mentor Programme) computed by the
mentorship app. The figures themselves are data (SchemeRule rows); only the arithmetic is here.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any, Protocol, TypeVar

from django.utils.translation import gettext as _

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


class RuleError(ValueError):
    """A claim lacks what its rule needs (field -> message)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


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


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months. When that day does not exist in the target month
    (31 January + 1 month), the result is the first day of the month after: a month that
    started on 31 January is complete only at the end of February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if day.day > calendar.monthrange(year, month)[1]:
        return date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, day.day)


def whole_months(start: date, end: date) -> int:
    """Whole months between `start` and `end`, both days included: 1 Jan - 31 Mar is 3;
    15 Jan - 14 Apr is 3; 15 Jan - 13 Apr is 2. A month counts only when complete."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    while months > 0 and add_months(start, months) - timedelta(days=1) > end:
        months -= 1
    return months


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
    params: RuleParams, facts: ClaimFacts, *, mentor_summary: Mapping[str, Any] | None = None
) -> Eligibility:
    """The most the rule allows for one claim, with the figures of the calculation.

    Raises RuleError when the claim lacks a fact the rule needs. The cap across a person's
    claims and the budget are applied at approval (`approval_limit`), not here.
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
        elif facts.start_date and facts.end_date < facts.start_date:
            errors["end_date"] = _("The end date must be on or after the start date.")
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


# --- identity numbers ----------------------------------------------------------------------------


_HKID_RE = re.compile(r"^([A-Z]{1,2})([0-9]{6})\(?([0-9A])\)?$")


def normalise_identity(number: str) -> str:
    """Upper case without spaces or hyphens; full-width letters, digits and brackets typed with a
    Chinese input method (Ａ１２３４５６（３）) become their ASCII forms (NFKC). Look-alikes from
    other scripts (a Cyrillic А) are left as they are, and refused by the formats below."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number or "")).upper()


def hkid_check_digit(letters: str, digits: str) -> str:
    """The HKID check digit: weights 9..2 over (space or letter, letter, 6 digits); a single
    letter is preceded by a space worth 36; letters A-Z are 10-35; 11 - sum mod 11, 10 is A."""
    values = ([36] if len(letters) == 1 else []) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


def hkid_is_valid(number: str) -> bool:
    match = _HKID_RE.match(normalise_identity(number))
    if not match:
        return False
    letters, digits, check = match.groups()
    return hkid_check_digit(letters, digits) == check


def identity_error(identity_type: str, number: str) -> str | None:
    """Why `number` is not a valid number of `identity_type` (None: valid)."""
    value = normalise_identity(number)
    if not value:
        return _("Enter the identity number.")
    if identity_type == HKID:
        if not _HKID_RE.match(value):
            return _("Enter a Hong Kong identity card number like A123456(3).")
        if not hkid_is_valid(value):
            return _("The check digit of this Hong Kong identity card number is wrong.")
        return None
    if identity_type == HOME_RETURN_PERMIT:
        if not re.fullmatch(r"[HM][0-9]{8}([0-9]{2})?", value):
            return _("Enter a Home Return Permit number: H or M followed by 8 or 10 digits.")
        return None
    if identity_type == PASSPORT:
        if not re.fullmatch(r"[A-Z0-9]{6,12}", value):
            return _("Enter a passport number of 6 to 12 letters and digits.")
        return None
    return _("Choose an identity document.")


def canonical_identity(identity_type: str, number: str) -> str:
    """The stored form: upper case, no spaces; an HKID without brackets (A1234563)."""
    value = normalise_identity(number)
    if identity_type == HKID:
        value = value.replace("(", "").replace(")", "")
    return value


def days_waiting(submitted_on: date, today: date) -> int:
    """Calendar days since the submission day (0 on that day): what the review queue shows and
    its "waiting at least" filter counts. A whole day's number, so a page rendered in the
    morning still holds in the evening (the queue is cached per day)."""
    return (today - submitted_on).days


def submitted_by_for_waiting(today: date, min_days: int) -> date:
    """The last submission day of claims waiting at least `min_days` (days_waiting >= min_days)."""
    return today - timedelta(days=min_days)


def mask_identity(number: str) -> str:
    """All but the last 4 characters hidden: "••••4563"."""
    if not number:
        return ""
    return "•" * max(len(number) - 4, 0) + number[-4:]


# --- exports -------------------------------------------------------------------------------------


def spreadsheet_safe(value: object) -> object:
    """Neutralise formula injection in CSV/XLSX cells: text starting with = + - @ (or a tab or
    carriage return) is prefixed with an apostrophe so a spreadsheet shows it as text."""
    if isinstance(value, str) and value and value[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- working days (reminders) --------------------------------------------------------------------


def working_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (public holidays are not
    modelled)."""
    if end <= start:
        return 0
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


# --- reference numbers ---------------------------------------------------------------------------


def claim_reference_prefix(scheme_code: str) -> str:
    """A scheme's readable reference prefix, from its code: the first part's first letter and
    its next consonant (futian → FT, luohu → LH, gba → GB), then the first three letters of each
    further part: futian-internship → FT-INT, futian-landing-competition → FT-LAN-COM."""
    parts = [part for part in re.split(r"[^a-z0-9]+", scheme_code.lower()) if part]
    if not parts:
        return "CLM"
    first = parts[0]
    consonant = next((ch for ch in first[1:] if ch not in "aeiou"), first[1:2])
    return "-".join([(first[0] + consonant).upper(), *(part[:3].upper() for part in parts[1:])])


def claim_reference(prefix: str, year: int, number: int) -> str:
    """FT-INT-2026-000123: the prefix, the year of submission and a sequence number within them."""
    return f"{prefix}-{year:04d}-{number:06d}"
