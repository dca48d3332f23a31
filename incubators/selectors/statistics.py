"""The city-wide statistics from the bases' reports, and staff's lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from accounts.models import User
from portal.timeline import TimelineEntry

from .. import cache as stats_cache
from .. import conf, rules
from ..models import AnomalyFlag, Base, CorrectionStatus, FlagKind, FlagStatus, ProjectCountReport, RecognitionLevel
from .bases import ANY_KIND, SUM_FIELDS, _place_labels, _within, regions_called


@dataclass(frozen=True)
class StatsFilters:
    """`level`: a recognition level; `region`: a region's slug (a city covers its districts)."""

    level: str = ""
    region: str = ""


def _reports(filters: StatsFilters) -> QuerySet[ProjectCountReport]:
    qs = ProjectCountReport.objects.all()
    if filters.level:
        qs = qs.filter(base__recognition_level=filters.level)
    if filters.region:
        qs = qs.filter(_within("base__region__", regions_called(filters.region, kinds=ANY_KIND, names=False)))
    return qs


def _latest_up_to(qs: QuerySet[ProjectCountReport], period: date) -> QuerySet[ProjectCountReport]:
    """Each base's latest report up to `period` (counts "to date" carry forward): the reports of
    `qs` at or before `period` with no later one of the same base at or before it."""
    newer = ProjectCountReport.objects.filter(base=OuterRef("base"), period__gt=OuterRef("period"), period__lte=period)
    return qs.filter(period__lte=period).exclude(Exists(newer))


def _sums(period: date) -> dict[str, Any]:
    return {
        "bases": Count("base", distinct=True),
        "bases_reported": Count("base", distinct=True, filter=Q(period=period)),
        **{field: Sum(field) for field in SUM_FIELDS},
    }


def complete_totals(row: dict[str, Any]) -> dict[str, Any]:
    """Zeros for empty sums, and the HK/Macau shares in percent."""
    for field in SUM_FIELDS:
        if row.get(field) is None:
            row[field] = Decimal("0.00") if field == "financing_rmb" else 0
    row["bases"] = row.get("bases") or 0
    row["bases_reported"] = row.get("bases_reported") or 0
    row["incubated_hkmo_share"] = rules.share_points(row["incubated_hkmo"], row["incubated_total"])
    row["incubating_hkmo_share"] = rules.share_points(row["incubating_hkmo"], row["incubating"])
    row["members_hkmo_share"] = rules.share_points(row["members_hkmo"], row["members"])
    return row


def _cache_parts(*parts: Any) -> tuple[Any, ...]:
    # the language too: the groups' labels are in the reader's
    return (get_language(), *parts)


def last_complete_period() -> date:
    """The latest month whose reports were all due before today (incubators.conf's due day)."""
    return rules.last_complete_period(today=timezone.localdate(), due_day=conf.report_due_day())


def stats_totals(*, period: date, filters: StatsFilters | None = None) -> dict[str, Any]:
    """City-wide figures for `period`: the sums of each base's latest report up to it, with the
    number of bases counted and of bases that reported for `period` itself (one query; none
    while kept in Redis)."""
    filters = filters or StatsFilters()

    def compute() -> dict[str, Any]:
        row = _latest_up_to(_reports(filters), period).aggregate(**_sums(period))
        return complete_totals({"period": period, **row})

    return stats_cache.cached("totals", _cache_parts(period, filters), compute)


def latest_period(filters: StatsFilters | None = None) -> date | None:
    """The default period: the last month complete by the reporting deadline, or the latest
    month reported before it when the reports stop earlier (one query). Only when every report
    is for a month not complete yet, the latest of those."""
    filters = filters or StatsFilters()
    complete = last_complete_period()

    def compute() -> date | None:
        row = _reports(filters).aggregate(before=Max("period", filter=Q(period__lte=complete)), newest=Max("period"))
        found: date | None = row["before"] or row["newest"]
        return found

    return stats_cache.cached("latest-period", _cache_parts(filters, complete), compute)


def _default_period(periods_reported: list[date], complete: date) -> date | None:
    """`latest_period`, from the periods reported (sorted) already read."""
    if not periods_reported:
        return None
    before = [period for period in periods_reported if period <= complete]
    return before[-1] if before else periods_reported[-1]


def stats_by_period(filters: StatsFilters | None = None) -> list[dict[str, Any]]:
    """City-wide figures for every month from the first report to the last, oldest first, each
    base counted with its latest report up to the month (`rules.carried_forward`; one query)."""
    rows = _reports(filters or StatsFilters()).values_list("base_id", "period", *SUM_FIELDS)
    reports = [(row[0], row[1], dict(zip(SUM_FIELDS, row[2:], strict=True))) for row in rows]
    return [complete_totals(row) for row in rules.carried_forward(reports, fields=SUM_FIELDS)]


GROUPINGS = ("city", "district", "recognition_level")


def stats_grouped(*, period: date, by: str, filters: StatsFilters | None = None) -> list[dict[str, Any]]:
    """Figures for `period` by city, district or recognition level, each base with its latest
    report up to `period` (one query). Each row's `group` is the city's or district's slug (None
    for the bases placed at their city, in the district grouping) or the level's code, and
    `label` its name in the reader's language."""
    if by not in GROUPINGS:
        raise ValueError(by)
    qs = _latest_up_to(_reports(filters or StatsFilters()), period)
    if by == "recognition_level":
        rows = qs.values(group=F("base__recognition_level")).annotate(**_sums(period)).order_by("group")
        labels = dict(RecognitionLevel.choices)
        return [complete_totals({**row, "label": str(labels.get(row["group"], row["group"]))}) for row in rows]
    places = _place_labels("base__region__")
    rows = (
        qs.annotate(group=places[f"{by}_slug"], label=places[f"{by}_name"])
        .values("group", "label")
        .annotate(**_sums(period))
        .order_by("label", "group")
    )
    return [complete_totals(dict(row)) for row in rows]


def statistics(*, period: date | None, filters: StatsFilters) -> dict[str, Any]:
    """Everything the statistics page and its downloads show. Four queries: figures by period,
    then by city, district and recognition level for the chosen period (by default the last
    complete one, `latest_period`); none while kept in Redis (incubators/cache.py)."""
    complete = last_complete_period()
    return stats_cache.cached(
        "statistics", _cache_parts(period, filters, complete), lambda: _statistics(period, filters, complete)
    )


def _statistics(period: date | None, filters: StatsFilters, complete: date) -> dict[str, Any]:
    by_period = stats_by_period(filters)
    periods_reported = [row["period"] for row in by_period if row["bases_reported"]]
    if period is None:
        period = _default_period(periods_reported, complete)
    current = next((row for row in by_period if row["period"] == period), None)
    if period is not None and current is None:
        # before the first report: nothing; after the last: every base's last report carried
        earlier = [row for row in by_period if row["period"] < period]
        carried = {**earlier[-1], "bases_reported": 0} if earlier else {}
        current = complete_totals({**carried, "period": period})
    grouped = {by: (stats_grouped(period=period, by=by, filters=filters) if period else []) for by in GROUPINGS}
    periods = [row["period"] for row in by_period]
    return {"period": period, "periods": periods, "by_period": by_period, "current": current, **grouped}


# --- Staff ---------------------------------------------------------------------------------


def open_flags() -> QuerySet[AnomalyFlag]:
    return AnomalyFlag.objects.filter(status=FlagStatus.OPEN).select_related("report__base").order_by("created_at")


def resolved_flags(limit: int = 50) -> list[AnomalyFlag]:
    return list(
        AnomalyFlag.objects.exclude(status=FlagStatus.OPEN)
        .select_related("report__base", "resolved_by")
        .order_by("-resolved_at")[:limit]
    )


def pending_corrections() -> QuerySet[ProjectCountReport]:
    return (
        ProjectCountReport.objects.filter(correction_status=CorrectionStatus.PENDING)
        .select_related("base")
        .order_by("period", "pk")
    )


def bases_missing_report(period: date) -> QuerySet[Base]:
    return Base.objects.exclude(reports__period=period).filter(operators__isnull=False).distinct().order_by("name")


def report_history(base: Base) -> list[dict[str, Any]]:
    """Every change of the base's reports: who, when, which figure from what to what (one query;
    the diffs are computed between consecutive history rows of the same report)."""
    records = list(
        ProjectCountReport.history.filter(base_id=base.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    tracked = (*rules.FIGURE_FIELDS, "correction_reason", "correction_status", "correction_note")
    status_labels = dict(CorrectionStatus.choices)
    changes: list[dict[str, Any]] = []
    previous_by_id: dict[int, Any] = {}
    for record in records:
        before = previous_by_id.get(record.id)
        diffs = []
        for field in tracked:
            new = getattr(record, field)
            old = getattr(before, field) if before is not None else None
            if before is None and new in ("", None, CorrectionStatus.NONE):
                continue  # a new report: its figures, not its empty correction fields
            if before is None or old != new:
                if field == "correction_status":
                    old = status_labels.get(old, old) if old is not None else None
                    new = status_labels.get(new, new)
                diffs.append({"field": field, "old": old, "new": new})
        changes.append(
            {
                "record": record,
                "period": rules.format_period(record.period),
                "user": record.history_user,
                "date": record.history_date,
                "type": record.get_history_type_display(),
                "diffs": diffs,
            }
        )
        previous_by_id[record.id] = record
    changes.sort(key=lambda change: change["date"], reverse=True)
    return changes


# --- A report's own timeline -----------------------------------------------------------------


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else f"{value:.2f}"


def _who(user: User | None) -> str:
    return str(user) if user is not None else ""


CORRECTION_EVENTS = {
    CorrectionStatus.PENDING: gettext_lazy("Correction filed"),
    CorrectionStatus.ACCEPTED: gettext_lazy("Correction accepted"),
    CorrectionStatus.REJECTED: gettext_lazy("Correction rejected"),
    CorrectionStatus.NONE: gettext_lazy("Correction withdrawn: the counts to date no longer fall"),
}
FLAG_EVENTS = {
    FlagStatus.CONFIRMED: gettext_lazy("Flagged figure confirmed"),
    FlagStatus.QUERIED: gettext_lazy("Flagged figure queried with the operators"),
}


def _flagged(kind: str, field: str, before: Decimal, after: Decimal) -> str:
    return gettext("Flagged: %(kind)s (%(figure)s: %(before)s → %(after)s)") % {
        "kind": FlagKind(kind).label,
        "figure": rules.figure_label(field),
        "before": _number(before),
        "after": _number(after),
    }


def report_timeline(report: ProjectCountReport) -> list[TimelineEntry]:
    """The report's story, oldest first, for its page: each version filed; each correction filed
    (with the operator's reason), withdrawn, accepted or rejected (with the staff note); each flag
    raised, resolved (with the staff note) or cleared by a later version. Three queries: the
    report's history rows, its flags, the history of flags since removed, each with its users."""
    entries: list[TimelineEntry] = []
    before = None
    records = (
        ProjectCountReport.history.filter(id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for record in records:
        who = _who(record.history_user)
        if before is None or record.version != before.version:
            what = (
                gettext("Report filed (version %(version)s)")
                if before is None
                else gettext("Figures changed (version %(version)s)")
            )
            entries.append(TimelineEntry(at=record.history_date, what=what % {"version": record.version}, who=who))
        status = record.correction_status
        previous = before.correction_status if before is not None else CorrectionStatus.NONE
        refiled = status == CorrectionStatus.PENDING and before is not None and record.version != before.version
        if status != previous or refiled:
            note = record.correction_reason if status == CorrectionStatus.PENDING else ""
            if status in (CorrectionStatus.ACCEPTED, CorrectionStatus.REJECTED):
                note = record.correction_note
            entries.append(TimelineEntry(at=record.history_date, what=CORRECTION_EVENTS[status], who=who, note=note))
        before = record
    for flag in report.flags.select_related("resolved_by").order_by("created_at", "pk"):
        entries.append(
            TimelineEntry(
                at=flag.created_at, what=_flagged(flag.kind, flag.field, flag.previous_value, flag.current_value)
            )
        )
        if flag.status != FlagStatus.OPEN and flag.resolved_at is not None:
            entries.append(
                TimelineEntry(
                    at=flag.resolved_at,
                    what=FLAG_EVENTS[FlagStatus(flag.status)],
                    who=_who(flag.resolved_by),
                    note=flag.resolution_note,
                )
            )
    removed = AnomalyFlag.history.filter(report_id=report.pk, history_type="-").select_related("history_user")
    for record in removed:
        entries.append(
            TimelineEntry(
                at=record.created_at,
                what=_flagged(record.kind, record.field, record.previous_value, record.current_value),
            )
        )
        entries.append(
            TimelineEntry(
                at=record.history_date,
                what=gettext("Flag cleared: a later version of the report was checked again"),
                who=_who(record.history_user),
            )
        )
    entries.sort(key=lambda entry: entry.at)
    return entries
