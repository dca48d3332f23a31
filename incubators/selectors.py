"""Reads shared by the pages and the API. Statistics are aggregated in the database, a fixed
number of queries whatever the number of bases and periods."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, CharField, Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from accounts.models import User
from accounts.roles import BASE_OPERATOR, has_role, role_names
from portal.models import Region
from portal.timeline import TimelineEntry

from . import cache as stats_cache
from . import conf, rules, workflow
from .models import AnomalyFlag, Base, CorrectionStatus, FlagKind, FlagStatus, ProjectCountReport, RecognitionLevel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

SUM_FIELDS = rules.FIGURE_FIELDS


def _language_suffixes() -> list[str]:
    current = (get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    others = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
    return [current, *[code for code in others if code != current]]


def _first_text(values: list[Any]) -> Coalesce:
    """The first non-empty of `values`: a translated column in the current language, falling back
    to the others (for values() and GROUP BY, where modeltranslation's fallbacks do not apply)."""
    return Coalesce(*[NullIf(value, Value("")) for value in values], Value(""), output_field=CharField())


# --- Where: the portal's one geography -----------------------------------------------------------
#
# A base's `region` is its district (or zone), or its city. A Region is at most three levels deep
# (city > district > zone), so the base's city is its region, the region's parent or the parent's
# parent, whichever is a city; its district is its region when that is a district, the district
# a zone lies in, or a zone directly under a city (Qianhai), and none for a base placed at its
# city. These two expressions are the rule, for every read: lists, filters, groupings, the API.

_UP = ("", "parent__", "parent__parent__")
CITY, DISTRICT, ZONE = Region.Kind.CITY, Region.Kind.DISTRICT, Region.Kind.ZONE


def _city_of(region: str, field: str) -> Case:
    """`field` of the city of the region at the path `region` ("region__", "base__region__")."""
    return Case(*[When(**{f"{region}{up}kind": CITY}, then=F(f"{region}{up}{field}")) for up in _UP], default=None)


def _district_of(region: str, field: str) -> Case:
    """`field` of the district of the region at the path `region` (None for a city)."""
    return Case(
        When(**{f"{region}kind": DISTRICT}, then=F(f"{region}{field}")),
        When(**{f"{region}kind": ZONE, f"{region}parent__kind": DISTRICT}, then=F(f"{region}parent__{field}")),
        When(**{f"{region}kind": ZONE}, then=F(f"{region}{field}")),
        default=None,
    )


def _place_labels(region: str) -> dict[str, Any]:
    """The city's and the district's slugs and names (in the reader's language) of each row."""
    return {
        "city_slug": _city_of(region, "slug"),
        "city_name": _first_text([_city_of(region, f"name_{suffix}") for suffix in _language_suffixes()]),
        "district_slug": _district_of(region, "slug"),
        "district_name": _first_text([_district_of(region, f"name_{suffix}") for suffix in _language_suffixes()]),
    }


def _within(region: str, ids: Collection[int]) -> Q:
    """The region at the path `region` is one of `ids` or lies in one of them."""
    return (
        Q(**{f"{region}id__in": ids})
        | Q(**{f"{region}parent_id__in": ids})
        | Q(**{f"{region}parent__parent_id__in": ids})
    )


_SUFFIXES = ("district", "county", "city", "市", "區", "区", "縣", "县")


def _normal(text: str) -> str:
    folded = "".join(text.split()).casefold()
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded[: -len(suffix)]
    return folded


def regions_called(value: str, *, kinds: Collection[str], names: bool = True) -> set[int]:
    """The ids of the regions of `kinds` whose slug is `value` or, with `names`, that `value`
    names in any language (case, spaces and a trailing 市 / 区 / "District" ignored: the city and
    district filters took names before they took slugs, and a link keeps working when the reader
    switches language). Compared here rather than in SQL: the table is small, and a value
    PostgreSQL cannot compare (a NUL) is then only a miss."""
    value = (value or "").strip()
    wanted = _normal(value)
    if not wanted:
        return set()
    fields = [f"name_{suffix}" for suffix in _language_suffixes()]
    found = set()
    for pk, slug, *texts in Region.objects.filter(kind__in=kinds).values_list("pk", "slug", *fields):
        if slug == value or (names and wanted in {_normal(text) for text in texts if text}):
            found.add(pk)
    return found


CITY_KINDS = (CITY,)
DISTRICT_KINDS = (DISTRICT, ZONE)
ANY_KIND = (CITY, DISTRICT, ZONE)


# --- Who: the relations a person holds on a base (incubators/workflow.py) -------------------------


def user_operates_base(user: User | AnonymousUser, base: Base | int) -> bool:
    """An operator edits only the bases they operate (and only while they have the role)."""
    if not user.is_authenticated or not has_role(user, BASE_OPERATOR):
        return False
    base_id = base if isinstance(base, int) else base.pk
    return Base.objects.filter(pk=base_id, operators=user).exists()


def roles_on_base(user: User | AnonymousUser, base: Base | int | None) -> frozenset[str]:
    """The roles the workflows' tables name that `user` holds on the base's reports: their portal
    roles, "superuser", and "operator" when they operate the base (no base: the roles that need
    none, for a list of many bases' reports)."""
    if not user.is_authenticated:
        return frozenset()
    held = set(role_names(user))
    if user.is_superuser:
        held.add(workflow.SUPERUSER)
    if base is not None and user_operates_base(user, base):
        held.add(workflow.OPERATOR)
    return frozenset(held)


# --- Bases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaseFilters:
    """`city` and `district`: a slug, or a name in any language; `region`: a slug (a city covers
    its districts and zones, a district its zones)."""

    city: str = ""
    district: str = ""
    region: str = ""
    level: str = ""
    q: str = ""


def _with_place_labels(queryset: QuerySet[Base]) -> QuerySet[Base]:
    places = _place_labels("region__")
    return queryset.annotate(
        city_slug=places["city_slug"],
        city_name=places["city_name"],
        district_slug=places["district_slug"],
        district_name=places["district_name"],
    )


def with_places(queryset: QuerySet[Base]) -> QuerySet[Base]:
    """Bases with `city_slug`, `city_name`, `district_slug` and `district_name` (no query of its own)."""
    return _with_place_labels(queryset.select_related("region"))


def base_list(filters: BaseFilters | None = None) -> QuerySet[Base]:
    """Bases with where they are and their latest report's period and main figures (joins and
    subqueries: one query; a city or district filter given by name reads the regions first)."""
    filters = filters or BaseFilters()
    latest = ProjectCountReport.objects.filter(base=OuterRef("pk")).order_by("-period")
    qs = with_places(Base.objects.all()).annotate(
        latest_period=Subquery(latest.values("period")[:1]),
        latest_incubated_total=Subquery(latest.values("incubated_total")[:1]),
        latest_incubated_hkmo=Subquery(latest.values("incubated_hkmo")[:1]),
        latest_incubating=Subquery(latest.values("incubating")[:1]),
    )
    if filters.city:
        qs = qs.filter(_within("region__", regions_called(filters.city, kinds=CITY_KINDS)))
    if filters.district:
        qs = qs.filter(_within("region__", regions_called(filters.district, kinds=DISTRICT_KINDS)))
    if filters.region:
        qs = qs.filter(_within("region__", regions_called(filters.region, kinds=ANY_KIND, names=False)))
    if filters.level:
        qs = qs.filter(recognition_level=filters.level)
    if filters.q:
        lookups = Q()
        for suffix in _language_suffixes():
            lookups |= Q(**{f"name_{suffix}__icontains": filters.q}) | Q(**{f"address_{suffix}__icontains": filters.q})
        qs = qs.filter(lookups)
    return qs.order_by(F("city_name"), F("district_name"), "name", "pk")


def base_by_pk(pk: int) -> Base | None:
    return Base.objects.filter(pk=pk).first()


def base_detail(pk: int) -> Base | None:
    """One base with where it is and its photos (two queries)."""
    return with_places(Base.objects.filter(pk=pk)).prefetch_related("photos").first()


def base_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The cities and districts bases are in, as (slug, name in the current language) (one query)."""
    places = _place_labels("region__")
    rows = (
        Base.objects.annotate(
            city_slug=places["city_slug"],
            city_name=places["city_name"],
            district_slug=places["district_slug"],
            district_name=places["district_name"],
        )
        .values_list("city_slug", "city_name", "district_slug", "district_name")
        .distinct()
    )
    cities: dict[str, str] = {}
    districts: dict[str, str] = {}
    for city_slug, city_name, district_slug, district_name in rows:
        if city_slug:
            cities[city_slug] = city_name
        if district_slug:
            districts[district_slug] = district_name
    return {
        "cities": sorted(cities.items(), key=lambda item: (item[1], item[0])),
        "districts": sorted(districts.items(), key=lambda item: (item[1], item[0])),
    }


def base_reports(base: Base) -> list[ProjectCountReport]:
    """The base's reports, oldest first (for the trend)."""
    return list(base.reports.order_by("period"))


def base_reports_newest_first(base: Base) -> QuerySet[ProjectCountReport]:
    return base.reports.order_by("-period", "pk")


def latest_report(base: Base) -> ProjectCountReport | None:
    return base.reports.order_by("-period").first()


def report_of(base: Base, period: date) -> ProjectCountReport | None:
    return ProjectCountReport.objects.filter(base=base, period=period).first()


def report_before(base: Base, period: date) -> ProjectCountReport | None:
    """The base's latest report before `period` (the one a new report is compared with)."""
    return ProjectCountReport.objects.filter(base=base, period__lt=period).order_by("-period").first()


def report_page(report_id: int) -> ProjectCountReport | None:
    """A report with its base (one query)."""
    return ProjectCountReport.objects.select_related("base").filter(pk=report_id).first()


def report_flags(report: ProjectCountReport) -> list[AnomalyFlag]:
    return list(report.flags.select_related("resolved_by").order_by("created_at", "pk"))


def flag_page(flag_id: int) -> AnomalyFlag | None:
    """A flag with its report and base (one query)."""
    return AnomalyFlag.objects.select_related("report__base").filter(pk=flag_id).first()


def bases_operated_by(user: User) -> QuerySet[Base]:
    return Base.objects.filter(operators=user).order_by("name", "pk")


def reports_of_period(bases: list[Base], period: date) -> dict[int, ProjectCountReport]:
    """The bases' reports for `period`, by base id, with their flags (two queries)."""
    return {
        report.base_id: report
        for report in ProjectCountReport.objects.filter(base__in=bases, period=period).prefetch_related("flags")
    }


# --- Statistics ----------------------------------------------------------------------------


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
