"""The rules of the bases' monthly project-count reports: pure functions of plain values (no ORM,
no I/O). The report form, the API and the services all call `report_errors`, so a rule lives here
once. Messages are translated in the active language (the user's)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from django.utils.translation import gettext as _

from portal.invariants import known

COUNT_FIELDS = (
    "incubated_total",
    "incubated_hkmo",
    "incubating",
    "incubating_hkmo",
    "members",
    "members_hkmo",
    "ip_items",
)
MONEY_FIELDS = ("financing_rmb",)
FIGURE_FIELDS = (*COUNT_FIELDS, *MONEY_FIELDS)

# (part, whole): a part never exceeds its whole. DOMAIN.md: "HK/Macau ≤ total, incubating ≤
# incubated to date"; HK/Macau projects incubating now are among the HK/Macau projects to date.
PART_OF_WHOLE = (
    ("incubated_hkmo", "incubated_total"),
    ("incubating", "incubated_total"),
    ("incubating_hkmo", "incubating"),
    ("incubating_hkmo", "incubated_hkmo"),
    ("members_hkmo", "members"),
)
# Counts "to date" never go down from one period to the next, unless staff accept a correction.
TO_DATE_FIELDS = ("incubated_total", "incubated_hkmo")
# (HK/Macau part, whole) whose share is watched for anomalies.
SHARE_PAIRS = (("incubated_hkmo", "incubated_total"), ("incubating_hkmo", "incubating"), ("members_hkmo", "members"))

JUMP_RATIO = Decimal("0.5")  # a count moving by more than half from one period to the next
SHARE_SHIFT_POINTS = Decimal("20")  # a HK/Macau share moving by more than 20 percentage points

PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")
SLUG_RE = re.compile(r"^[-a-z0-9_]{1,80}$")  # a region's slug, as the filters carry it


def figure_label(field: str) -> str:
    labels = {
        "incubated_total": _("projects incubated to date"),
        "incubated_hkmo": _("Hong Kong / Macau projects incubated to date"),
        "incubating": _("projects incubating now"),
        "incubating_hkmo": _("Hong Kong / Macau projects incubating now"),
        "members": _("team members"),
        "members_hkmo": _("Hong Kong / Macau team members"),
        "ip_items": _("IP items"),
        "financing_rmb": _("financing raised to date (RMB)"),
    }
    return labels[field]


# --- Periods -------------------------------------------------------------------------------


def parse_period(text: str | None) -> date | None:
    """'2023-06' -> date(2023, 6, 1); None for anything else."""
    match = PERIOD_RE.match((text or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def format_period(period: date) -> str:
    return f"{period.year:04d}-{period.month:02d}"


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(period: date) -> date:
    return (period.replace(day=1) - timedelta(days=1)).replace(day=1)


def next_month(period: date) -> date:
    return (period.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_errors(period: date | None, *, today: date) -> list[str]:
    """A report covers a month that has ended: its figures are the month's, whole."""
    if period is None:
        return [_("Enter the period as YYYY-MM, for example 2023-06.")]
    if period >= month_start(today):
        return [_("A month can be reported once it has ended.")]
    return []


def months_between(earlier: date, later: date) -> int:
    """Whole months from one period to another (2023-06 to 2023-07: 1)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


# --- Validation ----------------------------------------------------------------------------


def report_errors(
    figures: Mapping[str, int | Decimal | None],
    *,
    previous: Mapping[str, int | Decimal] | None = None,
    following: Mapping[str, int | Decimal] | None = None,
    correction_reason: str = "",
) -> dict[str, list[str]]:
    """Every rule a report must satisfy, as {field: [messages]} (empty when valid).

    `previous` holds the figures of the base's latest earlier report, if any. A "to date" count
    below it is allowed only with a correction reason (then staff must accept it: see
    `falling_to_date_fields`). `following` holds the figures of the next report, when an earlier
    month is changed: a count to date cannot then exceed the following month's."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field in FIGURE_FIELDS:
        value = figures.get(field)
        if value is None or value == "":
            add(field, _("Enter the %(figure)s.") % {"figure": figure_label(field)})
        elif value < 0:
            add(field, _("The %(figure)s cannot be negative.") % {"figure": figure_label(field)})
    if errors:
        return errors
    given = cast(Mapping[str, int | Decimal], figures)  # every figure is there (checked above)

    for part, whole in PART_OF_WHOLE:
        if given[part] > given[whole]:
            add(
                part,
                _("The %(part)s (%(part_value)s) cannot be more than the %(whole)s (%(whole_value)s).")
                % {
                    "part": figure_label(part),
                    "part_value": given[part],
                    "whole": figure_label(whole),
                    "whole_value": given[whole],
                },
            )

    falling = falling_to_date_fields(given, previous)
    if falling and not (correction_reason or "").strip():
        previous = known(previous, "previous")  # nothing falls without previous figures
        for field in falling:
            add(
                field,
                _(
                    "The %(figure)s (%(value)s) is lower than last period's (%(previous)s). Counts to date never "
                    "fall: correct the figure, or give a correction reason for staff to accept."
                )
                % {"figure": figure_label(field), "value": given[field], "previous": previous[field]},
            )
        add("correction_reason", _("Give a reason for correcting a count to date downwards."))
    for field in TO_DATE_FIELDS:
        if following and following.get(field) is not None and given[field] > following[field]:
            add(
                field,
                _(
                    "The %(figure)s (%(value)s) is higher than the following period's (%(following)s): counts to "
                    "date never fall, so correct the later report first."
                )
                % {"figure": figure_label(field), "value": given[field], "following": following[field]},
            )
    return errors


def falling_to_date_fields(
    figures: Mapping[str, int | Decimal | None], previous: Mapping[str, int | Decimal] | None
) -> list[str]:
    """The "to date" counts that are lower than the previous period's."""
    if not previous:
        return []
    return [
        field
        for field in TO_DATE_FIELDS
        if (value := figures.get(field)) is not None and previous.get(field) is not None and value < previous[field]
    ]


# --- Anomalies: saved, but flagged for staff -------------------------------------------------


@dataclass(frozen=True)
class Anomaly:
    kind: str  # "jump", "financing_fall" or "share_shift" (models.FlagKind)
    field: str
    previous_value: Decimal
    current_value: Decimal


def share_points(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """The part's share of the whole, in percentage points (None when the whole is zero)."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def report_anomalies(
    figures: Mapping[str, int | Decimal], previous: Mapping[str, int | Decimal] | None
) -> list[Anomaly]:
    """What looks wrong without breaking a rule, compared with the previous period: a count moving
    by more than half, financing falling, a HK/Macau share moving by more than 20 points."""
    if not previous:
        return []
    found: list[Anomaly] = []
    for field in COUNT_FIELDS:
        before, now = Decimal(previous[field]), Decimal(figures[field])
        if before > 0 and abs(now - before) > before * JUMP_RATIO:
            found.append(Anomaly("jump", field, before, now))
    before, now = Decimal(previous["financing_rmb"]), Decimal(figures["financing_rmb"])
    if now < before:
        found.append(Anomaly("financing_fall", "financing_rmb", before, now))
    for part, whole in SHARE_PAIRS:
        share_before = share_points(previous[part], previous[whole])
        share_now = share_points(figures[part], figures[whole])
        if share_before is not None and share_now is not None and abs(share_now - share_before) > SHARE_SHIFT_POINTS:
            found.append(
                Anomaly(
                    "share_shift", part, share_before.quantize(Decimal("0.01")), share_now.quantize(Decimal("0.01"))
                )
            )
    return found


# --- Reminders -----------------------------------------------------------------------------


def report_due_date(period: date, *, due_day: int) -> date:
    """A month's report is due on `due_day` of the following month."""
    following = next_month(period)
    return following.replace(day=min(max(due_day, 1), 28))


def last_complete_period(*, today: date, due_day: int) -> date:
    """The latest month whose reports were all due before `today` (`report_due_date`): the
    statistics' default period. A month still open to reports, or only just past its end, is not
    yet complete: one base filing early would make it look as if the others had nothing."""
    period = previous_month(month_start(today))
    while not today > report_due_date(period, due_day=due_day):
        period = previous_month(period)
    return period


Figures = Mapping[str, int | Decimal]


def carried_forward(
    reports: Iterable[tuple[int, date, Figures]], *, fields: Sequence[str] = FIGURE_FIELDS, until: date | None = None
) -> list[dict[str, object]]:
    """City-wide figures month by month, from the first report's month to the last's (or
    `until`): for each month the sum over the bases of each base's latest report up to that
    month. Counts "to date" carry forward: a base that has not filed a month yet still counts
    with its last report, so one early report does not collapse the total. Each month's row also
    says how many bases it counts (`bases`) and how many reported for that month itself
    (`bases_reported`). `reports` are (base id, period, figures), in any order."""
    by_period: dict[date, list[tuple[int, Figures]]] = {}
    for base_id, period, figures in reports:
        by_period.setdefault(period, []).append((base_id, figures))
    if not by_period:
        return []
    latest: dict[int, Figures] = {}
    rows: list[dict[str, object]] = []
    period, last = min(by_period), until or max(by_period)
    while period <= last:
        reported = by_period.get(period, [])
        for base_id, figures in reported:
            latest[base_id] = figures
        row: dict[str, object] = {"period": period, "bases": len(latest), "bases_reported": len(reported)}
        for field in fields:
            zero = Decimal(0) if field in MONEY_FIELDS else 0
            row[field] = sum((figures[field] for figures in latest.values()), zero)
        rows.append(row)
        period = next_month(period)
    return rows


def reminders_due(period: date, *, today: date, due_day: int, staff_after_days: int) -> tuple[bool, bool]:
    """(remind the operators, tell staff) for a report of `period` still missing on `today`."""
    due = report_due_date(period, due_day=due_day)
    return today > due, today > due + timedelta(days=staff_after_days)


def periods_to_check(today: date) -> list[date]:
    """The months whose reports may be overdue today: last month, and the month before (its
    staff notice can fall in this month)."""
    last = previous_month(month_start(today))
    return [previous_month(last), last]


# --- Exports -------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe (CSV and
    XLSX exports; OWASP "CSV injection"). Numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
