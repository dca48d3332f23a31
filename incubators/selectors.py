"""Reads shared by the pages and the API. Statistics are aggregated in the database, a fixed
number of queries whatever the number of bases and periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from accounts.models import User

from . import cache as stats_cache
from . import rules
from .models import AnomalyFlag, Base, CorrectionStatus, FlagStatus, ProjectCountReport, RecognitionLevel

SUM_FIELDS = rules.FIGURE_FIELDS


def _language_suffixes() -> list[str]:
    current = (get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    others = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
    return [current, *[code for code in others if code != current]]


def translated(path: str) -> Coalesce:
    """A translated column in the current language, falling back to the others (for values()/GROUP BY,
    where modeltranslation's fallbacks do not apply)."""
    return Coalesce(
        *[NullIf(F(f"{path}_{suffix}"), Value("")) for suffix in _language_suffixes()],
        Value(""),
        output_field=CharField(),
    )


# --- Bases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaseFilters:
    city: str = ""
    district: str = ""
    level: str = ""
    q: str = ""


def base_list(filters: BaseFilters | None = None) -> QuerySet[Base]:
    """Bases with their latest report's period and main figures (subqueries: one query)."""
    filters = filters or BaseFilters()
    latest = ProjectCountReport.objects.filter(base=OuterRef("pk")).order_by("-period")
    qs = Base.objects.annotate(
        latest_period=Subquery(latest.values("period")[:1]),
        latest_incubated_total=Subquery(latest.values("incubated_total")[:1]),
        latest_incubated_hkmo=Subquery(latest.values("incubated_hkmo")[:1]),
        latest_incubating=Subquery(latest.values("incubating")[:1]),
    )
    if filters.city:
        qs = qs.annotate(city_t=translated("city")).filter(city_t=filters.city)
    if filters.district:
        qs = qs.annotate(district_t=translated("district")).filter(district_t=filters.district)
    if filters.level:
        qs = qs.filter(recognition_level=filters.level)
    if filters.q:
        lookups = Q()
        for suffix in _language_suffixes():
            lookups |= Q(**{f"name_{suffix}__icontains": filters.q}) | Q(**{f"address_{suffix}__icontains": filters.q})
        qs = qs.filter(lookups)
    return qs.order_by("city", "district", "name", "pk")


def base_filter_choices() -> dict[str, list[str]]:
    """Cities and districts in use, in the current language (one query)."""
    rows = Base.objects.annotate(city_t=translated("city"), district_t=translated("district")).values_list(
        "city_t", "district_t"
    )
    cities, districts = set(), set()
    for city, district in rows:
        cities.add(city)
        districts.add(district)
    return {"cities": sorted(c for c in cities if c), "districts": sorted(d for d in districts if d)}


def base_reports(base: Base) -> list[ProjectCountReport]:
    """The base's reports, oldest first (for the trend)."""
    return list(base.reports.order_by("period"))


def bases_operated_by(user: User) -> QuerySet[Base]:
    return Base.objects.filter(operators=user).order_by("name", "pk")


# --- Statistics ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatsFilters:
    level: str = ""
    city: str = ""
    district: str = ""


def _reports(filters: StatsFilters) -> QuerySet[ProjectCountReport]:
    qs = ProjectCountReport.objects.all()
    if filters.level:
        qs = qs.filter(base__recognition_level=filters.level)
    if filters.city:
        qs = qs.annotate(city_t=translated("base__city")).filter(city_t=filters.city)
    if filters.district:
        qs = qs.annotate(district_t=translated("base__district")).filter(district_t=filters.district)
    return qs


def _sums() -> dict[str, Any]:
    return {"bases": Count("base", distinct=True), **{field: Sum(field) for field in SUM_FIELDS}}


def complete_totals(row: dict[str, Any]) -> dict[str, Any]:
    """Zeros for empty sums, and the HK/Macau shares in percent."""
    for field in SUM_FIELDS:
        if row.get(field) is None:
            row[field] = Decimal("0.00") if field == "financing_rmb" else 0
    row["bases"] = row.get("bases") or 0
    row["incubated_hkmo_share"] = rules.share_points(row["incubated_hkmo"], row["incubated_total"])
    row["incubating_hkmo_share"] = rules.share_points(row["incubating_hkmo"], row["incubating"])
    row["members_hkmo_share"] = rules.share_points(row["members_hkmo"], row["members"])
    return row


def _cache_parts(*parts: Any) -> tuple[Any, ...]:
    # the language too: city and district filters and labels are compared in the reader's
    return (get_language(), *parts)


def stats_totals(*, period: date, filters: StatsFilters | None = None) -> dict[str, Any]:
    """The sums of every base's report for `period` (one query; none while kept in Redis)."""
    filters = filters or StatsFilters()

    def compute() -> dict[str, Any]:
        row = _reports(filters).filter(period=period).aggregate(**_sums())
        return complete_totals({"period": period, **row})

    return stats_cache.cached("totals", _cache_parts(period, filters), compute)


def latest_period(filters: StatsFilters | None = None) -> date | None:
    filters = filters or StatsFilters()
    return stats_cache.cached(
        "latest-period",
        _cache_parts(filters),
        lambda: _reports(filters).order_by("-period").values_list("period", flat=True).first(),
    )


def stats_by_period(filters: StatsFilters | None = None) -> list[dict[str, Any]]:
    """Sums for every period, oldest first (one query)."""
    rows = _reports(filters or StatsFilters()).values("period").annotate(**_sums()).order_by("period")
    return [complete_totals(dict(row)) for row in rows]


GROUPINGS = ("city", "district", "recognition_level")


def stats_grouped(*, period: date, by: str, filters: StatsFilters | None = None) -> list[dict[str, Any]]:
    """Sums for `period` by city, district or recognition level (one query)."""
    if by not in GROUPINGS:
        raise ValueError(by)
    qs = _reports(filters or StatsFilters()).filter(period=period)
    key = translated(f"base__{by}") if by != "recognition_level" else F("base__recognition_level")
    rows = qs.annotate(group=key).values("group").annotate(**_sums()).order_by("group")
    labels = dict(RecognitionLevel.choices)
    result = []
    for group_row in rows:
        row = complete_totals(dict(group_row))
        row["label"] = str(labels.get(row["group"], row["group"])) if by == "recognition_level" else row["group"]
        result.append(row)
    return result


def statistics(*, period: date | None, filters: StatsFilters) -> dict[str, Any]:
    """Everything the statistics page and its downloads show. Four queries: totals by period,
    then by city, district and recognition level for the chosen period (latest by default);
    none while kept in Redis (incubators/cache.py)."""
    return stats_cache.cached("statistics", _cache_parts(period, filters), lambda: _statistics(period, filters))


def _statistics(period: date | None, filters: StatsFilters) -> dict[str, Any]:
    by_period = stats_by_period(filters)
    periods = [row["period"] for row in by_period]
    if period is None and periods:
        period = periods[-1]
    current = next((row for row in by_period if row["period"] == period), None)
    if period is not None and current is None:
        current = complete_totals({"period": period})
    grouped = {by: (stats_grouped(period=period, by=by, filters=filters) if period else []) for by in GROUPINGS}
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
