"""Where bases are and who holds what on them; bases, their reports and flags as pages and the API read them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from accounts.models import User
from accounts.roles import BASE_OPERATOR, has_role, role_names
from portal.models import Region

from .. import rules, workflow
from ..models import AnomalyFlag, Base, ProjectCountReport

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
