"""Reads shared by the pages and the API. Selectors never write.

Who sees what: the public sees published vacancies; an employer's users (and the operators of the
base it posts for) also see that employer's vacancies in every state; staff see all. A youth sees
their own applications, an employer those to its vacancies, staff all; any other id is not found
(404: an employer cannot learn that someone else's application exists).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from policies.rules import search_terms
from portal.errors import NotFound
from portal.models import Region

from . import workflow
from .models import TAKEN_STATES, Application, Employer, Vacancy, VacancyState


@dataclass(frozen=True)
class VacancyFilters:
    q: str = ""
    kind: str = ""
    city: str = ""  # a Region slug: the city, district or zone, and every vacancy under it
    plan: str = ""  # an InternshipPlan code


def employers_of(user: User | AnonymousUser) -> QuerySet[Employer]:
    """The employers a person posts for: as one of its users, or as an operator of its base."""
    if not user.is_authenticated:
        return Employer.objects.none()
    q = Q(pk__in=[])
    if roles.has_role(user, roles.EMPLOYER):
        q |= Q(users=user)
    if roles.has_role(user, roles.BASE_OPERATOR):
        q |= Q(base__operators=user)
    return Employer.objects.filter(q).distinct()


def _employer_prefetch() -> list[str]:
    return ["employer__users", "employer__base__operators"]


def _vacancy_queryset() -> QuerySet[Vacancy]:
    return Vacancy.objects.select_related(
        "employer", "employer__base", "region__parent__parent", "cohort__plan"
    ).annotate(positions_taken=Count("applications", filter=Q(applications__state__in=TAKEN_STATES)))


def visible_vacancies(user: User | AnonymousUser) -> QuerySet[Vacancy]:
    queryset = _vacancy_queryset()
    if roles.is_bureau_staff(user):
        return queryset
    if user.is_authenticated:
        own = employers_of(user).values("pk")
        return queryset.filter(Q(state=VacancyState.PUBLISHED) | Q(employer__in=own))
    return queryset.filter(state=VacancyState.PUBLISHED)


def _region_q(slug: str) -> Q:
    return Q(region__slug=slug) | Q(region__parent__slug=slug) | Q(region__parent__parent__slug=slug)


def vacancy_list(
    user: User | AnonymousUser, filters: VacancyFilters | None = None, *, published_only: bool = False
) -> QuerySet[Vacancy]:
    """Vacancies this person may see, filtered. `q` is compared in Simplified, lower case, with
    every translation of the title, employer and region (a Traditional query finds a vacancy
    written in Simplified)."""
    filters = filters or VacancyFilters()
    queryset = visible_vacancies(user)
    if published_only:
        queryset = queryset.filter(state=VacancyState.PUBLISHED)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.city:
        queryset = queryset.filter(_region_q(filters.city))
    if filters.plan:
        queryset = queryset.filter(cohort__plan__code=filters.plan)
    for term in search_terms(filters.q):
        queryset = queryset.filter(search_text__contains=term)
    return queryset.order_by("closes_on", "id")


def vacancy_get(user: User | AnonymousUser, vacancy_id: int) -> Vacancy:
    vacancy = (
        visible_vacancies(user)
        .filter(pk=vacancy_id)
        .select_related("place", "base")
        .prefetch_related(*_employer_prefetch())
        .first()
    )
    if vacancy is None:
        raise NotFound(_("There is no such vacancy."))
    return vacancy


def city_of(vacancy: Vacancy) -> Region:
    """The vacancy's city (its region, or the region's city when it is a district or zone)."""
    region = vacancy.region
    while region.parent is not None and region.kind != "city":
        region = region.parent
    return region


def _application_queryset() -> QuerySet[Application]:
    return Application.objects.select_related(
        "applicant",
        "vacancy__employer__base",
        "vacancy__region",
        "vacancy__subsidy_scheme",
        "vacancy__cohort__plan__subsidy_scheme",
        "subsidy_claim",
    ).prefetch_related(
        "vacancy__employer__users",
        "vacancy__employer__base__operators",
    )


def visible_applications(user: User | AnonymousUser) -> QuerySet[Application]:
    queryset = _application_queryset()
    if not user.is_authenticated:
        return queryset.none()
    if roles.is_bureau_staff(user):
        return queryset
    own = employers_of(user).values("pk")
    return queryset.filter(Q(applicant=user) | Q(vacancy__employer__in=own))


def application_get(user: User | AnonymousUser, application_id: int) -> Application:
    application = visible_applications(user).prefetch_related(Prefetch("transitions")).filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("There is no such application."))
    return application


def my_applications(user: User) -> QuerySet[Application]:
    return _application_queryset().filter(applicant=user).order_by("-created_at", "-id")


def manages(user: User | AnonymousUser, vacancy: Vacancy) -> bool:
    """Whether a person handles the vacancy: one of its employer's users (or its base's
    operators), or staff. Reads the employer's users and operators (prefetched by vacancy_get
    and managed_vacancies)."""
    return roles.is_bureau_staff(user) or workflow.is_employer_user(user, vacancy.employer)


def managed_vacancy_get(user: User | AnonymousUser, vacancy_id: int) -> Vacancy:
    """A vacancy for the pages that handle it (its applicants, its edit page, its buttons):
    NotFound for anyone who does not handle it, whether or not it is published."""
    vacancy = vacancy_get(user, vacancy_id)
    if not manages(user, vacancy):
        raise NotFound(_("There is no such vacancy."))
    return vacancy


def managed_vacancies(user: User | AnonymousUser) -> QuerySet[Vacancy]:
    """The "my vacancies" page: every vacancy of the employers a person posts for, in every state,
    newest first, with its number of applications; for staff also every vacancy waiting for
    review. Three queries however many rows (the vacancies, their employers' users and their
    bases' operators, which decide the buttons)."""
    if not user.is_authenticated:
        return Vacancy.objects.none()
    wanted = Q(employer__in=employers_of(user).values("pk"))
    if roles.is_bureau_staff(user):
        wanted |= Q(state=VacancyState.SUBMITTED)
    return (
        Vacancy.objects.filter(wanted)
        .select_related("employer__base", "region")
        .prefetch_related(*_employer_prefetch())
        .annotate(applications_count=Count("applications"))
        .order_by("-created_at", "-id")
    )


def vacancies_waiting_for_review() -> int:
    return Vacancy.objects.filter(state=VacancyState.SUBMITTED).count()


def region_choices() -> list[tuple[str, str]]:
    """Every city with its districts and zones under it (slug, name), for where the work is. One
    query."""
    regions = list(Region.objects.all())
    choices: list[tuple[str, str]] = []

    def add(parent_id: int | None, depth: int) -> None:
        for region in sorted((r for r in regions if r.parent_id == parent_id), key=lambda r: r.slug):
            choices.append((region.slug, ("— " * depth) + region.name))
            add(region.pk, depth + 1)

    add(None, 0)
    return choices


def applicants_of(user: User | AnonymousUser, vacancy: Vacancy) -> QuerySet[Application]:
    """A vacancy's applications for its employer's users and staff (NotFound for anyone else)."""
    if not manages(user, vacancy):
        raise NotFound(_("There is no such vacancy."))
    return Application.objects.filter(vacancy=vacancy).select_related("applicant").order_by("created_at", "id")


def application_roles(user: User | AnonymousUser, application: Application) -> frozenset[str]:
    return workflow.application_roles(
        user, applicant_id=application.applicant_id, employer=application.vacancy.employer
    )


def vacancy_roles(user: User | AnonymousUser, vacancy: Vacancy) -> frozenset[str]:
    return workflow.vacancy_roles(user, vacancy.employer)


def existing_application(user: User | AnonymousUser, vacancy: Vacancy) -> Application | None:
    if not user.is_authenticated:
        return None
    return Application.objects.filter(vacancy=vacancy, applicant=user).first()


FIGURE_DIMENSIONS = ("plan", "cohort", "city", "employer")


@dataclass(frozen=True)
class FigureRow:
    dimension: str
    key: str
    label: str
    vacancies: int
    positions: int
    applications: int
    offers: int
    placements: int
    completions: int
    median_days_to_offer: float | None


def figures() -> dict[str, list[FigureRow]]:
    """Per plan, cohort, city and employer: vacancies (ever published), positions, applications,
    offers, placements, completions and the median days from application to offer. Two queries
    (the vacancies with what they are grouped by; their applications' states and dates)."""
    from . import rules

    vacancies = list(
        Vacancy.objects.exclude(state__in=[VacancyState.DRAFT, VacancyState.SUBMITTED, VacancyState.RETURNED])
        .select_related("employer", "region__parent__parent", "cohort__plan")
        .order_by("pk")
    )
    by_vacancy: dict[int, list[tuple[str, object, object]]] = {v.pk: [] for v in vacancies}
    for vacancy_id, state, created_at, offered_at in Application.objects.filter(
        vacancy_id__in=list(by_vacancy)
    ).values_list("vacancy_id", "state", "created_at", "offered_at"):
        by_vacancy[vacancy_id].append((state, created_at, offered_at))

    def keys(vacancy: Vacancy) -> dict[str, tuple[str, str] | None]:
        city = city_of(vacancy)
        cohort = vacancy.cohort
        return {
            "plan": (cohort.plan.code, cohort.plan.name) if cohort is not None else None,
            "cohort": (str(cohort.pk), f"{cohort.plan.name} · {cohort.name}") if cohort is not None else None,
            "city": (city.slug, city.name),
            "employer": (str(vacancy.employer_id), vacancy.employer.name),
        }

    out: dict[str, list[FigureRow]] = {}
    for dimension in FIGURE_DIMENSIONS:
        groups: dict[tuple[str, str], list[Vacancy]] = {}
        for vacancy in vacancies:
            group = keys(vacancy)[dimension]
            if group is not None:
                groups.setdefault(group, []).append(vacancy)
        rows = []
        for (code, label), members in groups.items():
            counts = rules.tally(a for v in members for a in by_vacancy[v.pk])  # type: ignore[misc]
            rows.append(
                FigureRow(
                    dimension=dimension,
                    key=code,
                    label=label,
                    vacancies=len(members),
                    positions=sum(v.positions for v in members),
                    applications=int(counts["applications"] or 0),
                    offers=int(counts["offers"] or 0),
                    placements=int(counts["placements"] or 0),
                    completions=int(counts["completions"] or 0),
                    median_days_to_offer=counts["median_days_to_offer"],
                )
            )
        out[dimension] = sorted(rows, key=lambda r: (-r.placements, r.label))
    return out
