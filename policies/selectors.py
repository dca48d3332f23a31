"""Reads shared by the pages, the API and other apps (`policy_by_slug`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, Expression, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from accounts import roles
from accounts.roles import is_bureau_staff
from portal.models import Region
from subsidies import selectors as subsidy_selectors

from . import rules
from .models import Beneficiary, BenefitUnit, Education, Need, Origin, Policy, PolicyChange, Situation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from subsidies.models import Scheme

TRANSLATED_FIELDS = ("title", "summary", "body", "eligibility", "benefits_text", "how_to_apply")
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def field_suffix(language: str) -> str:
    """modeltranslation's column suffix of a language: zh-hant -> zh_hant."""
    return language.replace("-", "_")


def can_see_drafts(user: User | AnonymousUser | None) -> bool:
    """Drafts and archived guides are for HR bureau staff (and superusers) only."""
    return user is not None and is_bureau_staff(user)


def policies_visible_to(user: User | AnonymousUser | None) -> QuerySet[Policy]:
    if can_see_drafts(user):
        return Policy.objects.all()
    return Policy.objects.published()


def with_list_relations(queryset: QuerySet[Policy]) -> QuerySet[Policy]:
    """What a list row shows, in a fixed number of queries whatever the number of rows:
    the policies (with issuer, region and the region's parent joined), then one query each
    for categories, target groups, the guides' subsidy schemes and their rule versions (the
    amounts)."""
    return queryset.select_related("issuer", "region", "region__parent", "region__parent__parent").prefetch_related(
        "categories", "target_groups", Prefetch("schemes", queryset=subsidy_selectors.schemes_of_guides())
    )


def _filtered(
    *,
    user: User | AnonymousUser | None,
    category: Any = None,
    region: Region | None = None,
    issuer: Any = None,
    target_group: Any = None,
    in_force: bool | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Policy]:
    """Guides the user may read, filtered (no search, no order, no relations)."""
    queryset = policies_visible_to(user)
    if category is not None:
        queryset = queryset.filter(categories=category)
    if target_group is not None:
        queryset = queryset.filter(target_groups=target_group)
    if issuer is not None:
        queryset = queryset.filter(issuer=issuer)
    if region is not None:
        # a city covers its districts and zones (two levels below it)
        queryset = queryset.filter(Q(region=region) | Q(region__parent=region) | Q(region__parent__parent=region))
    if in_force is not None:
        today = today or timezone.localdate()
        current = (Q(effective_from__isnull=True) | Q(effective_from__lte=today)) & (
            Q(effective_to__isnull=True) | Q(effective_to__gte=today)
        )
        queryset = queryset.filter(current) if in_force else queryset.exclude(current)
    return queryset


def _title_rank(terms: list[str]) -> Expression:
    """3 for each term in the title, 1 for each term found only in the other texts."""
    rank: Expression = Value(0, output_field=IntegerField())
    for term in terms:
        rank = rank + Case(When(search_title__contains=term, then=Value(3)), default=Value(1))
    return rank


def _matching(queryset: QuerySet[Policy], terms: list[str]) -> QuerySet[Policy]:
    # search_text holds every translation in Simplified, lower case: a trigram GIN index
    # on PostgreSQL serves these LIKE '%term%' lookups.
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def policy_list(*, search: str = "", **filters: Any) -> QuerySet[Policy]:
    """Guides the user may read, filtered; with a search, ranked (title matches first) and
    annotated with `rank`. Filters take model instances (validated by the filter set):
    user, category, region, issuer, target_group, in_force, today."""
    queryset = _filtered(**filters)
    terms = rules.search_terms(search)
    if terms:
        queryset = (
            _matching(queryset, terms).annotate(rank=_title_rank(terms)).order_by("-rank", "-published_at", "slug")
        )
    return with_list_relations(queryset)


SEARCH_COUNT_CAP = 1000


class SearchResults:
    """The search's matches as the page's Paginator reads them, cheap however many match:

    - `count()` stops at SEARCH_COUNT_CAP + 1 (the page then says "more than 1,000"): the check
      of the text of every match is what makes counting them all slow;
    - a page is found in two steps, in the order of `policy_list` (rank, newest, slug): the
      guides with a term in their title, ranked, then the other matches newest first;
    - the title step first asks which guides have a term in their title alone (short column, its
      own trigram index), and ranks only those, by primary key: asked together with the text
      condition, PostgreSQL estimates a handful of text matches, takes the text's index and
      rechecks every match's long text (255 ms for 4,962 candidates at 100,000 guides); with no
      title candidate (the usual case) that step costs one cheap query;
    - only then are the page's guides loaded, by primary key, with their relations.
    """

    def __init__(self, queryset: QuerySet[Policy], terms: list[str]):
        self.queryset = queryset
        self.matches = _matching(queryset, terms)
        self.terms = terms
        self.in_title = Q()
        for term in terms:
            self.in_title |= Q(search_title__contains=term)
        self.text_matches = self.matches.exclude(self.in_title).order_by("-published_at", "slug")

    @cached_property
    def title_matches(self) -> QuerySet[Policy] | None:
        """The matches with a term in the title, ranked; None when no title has a term."""
        candidates = list(self.queryset.filter(self.in_title).values_list("pk", flat=True)[: SEARCH_COUNT_CAP + 1])
        if not candidates:
            return None
        title_matches = self.matches.filter(self.in_title)
        if len(candidates) <= SEARCH_COUNT_CAP:
            title_matches = title_matches.filter(pk__in=candidates)
        return title_matches.annotate(rank=_title_rank(self.terms)).order_by("-rank", "-published_at", "slug")

    @cached_property
    def capped_count(self) -> int:
        return self.matches.order_by()[: SEARCH_COUNT_CAP + 1].count()

    def count(self) -> int:
        return self.capped_count

    def __len__(self) -> int:
        return self.capped_count

    @property
    def capped(self) -> bool:
        return self.capped_count > SEARCH_COUNT_CAP

    def _ids(self, start: int, stop: int) -> list[int]:
        if self.title_matches is None:
            return list(self.text_matches.values_list("pk", flat=True)[start:stop])
        ids = list(self.title_matches.values_list("pk", flat=True)[start:stop])
        if len(ids) == stop - start:
            return ids
        if ids or start == 0:
            title_count = start + len(ids)
        else:  # the page starts past the title matches: how many are there?
            title_count = self.title_matches.order_by()[: SEARCH_COUNT_CAP + 1].count()
        rest_start = max(0, start - title_count)
        ids += self.text_matches.values_list("pk", flat=True)[rest_start : rest_start + (stop - start - len(ids))]
        return ids

    def __getitem__(self, index: slice) -> list[Policy]:
        if not isinstance(index, slice):
            raise TypeError("SearchResults is read by slices (pages)")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.capped_count
        ids = self._ids(start, stop)
        if not ids:
            return []
        by_pk = with_list_relations(Policy.objects.filter(pk__in=ids)).in_bulk()
        return [by_pk[pk] for pk in ids if pk in by_pk]


def policy_search(*, search: str = "", **filters: Any) -> SearchResults | QuerySet[Policy]:
    """For the list page: with search terms, the matches as `SearchResults` (capped count,
    two-step ranking, the page's guides loaded by pk); without, `policy_list`."""
    terms = rules.search_terms(search)
    if not terms:
        return policy_list(**filters)
    return SearchResults(_filtered(**filters), terms)


def policy_by_slug(slug: str, *, user: User | AnonymousUser | None = None) -> Policy | None:
    """A guide by its slug, for pages and for other apps (subsidies link schemes to guides):
    published guides for everybody, any guide for HR bureau staff; None when not found."""
    return (
        with_list_relations(policies_visible_to(user))
        .prefetch_related(
            Prefetch("changes", queryset=PolicyChange.objects.filter(is_public=True), to_attr="public_changes")
        )
        .filter(slug=slug)
        .first()
    )


def related_policies(policy: Policy, *, user: User | AnonymousUser | None, limit: int = 3) -> list[Policy]:
    """Other readable guides sharing a category with this one, newest first."""
    category_ids = [category.pk for category in policy.categories.all()]
    if not category_ids:
        return []
    queryset = (
        policies_visible_to(user)
        .filter(categories__in=category_ids)
        .exclude(pk=policy.pk)
        .distinct()
        .select_related("issuer")
        .order_by("-published_at", "slug")
    )
    return list(queryset[:limit])


def latest_public_change(policy: Policy) -> PolicyChange | None:
    changes = getattr(policy, "public_changes", None)
    if changes is None:
        changes = list(policy.changes.filter(is_public=True)[:1])
    return changes[0] if changes else None


@dataclass(frozen=True)
class Fallback:
    field: str
    language: str  # the language shown instead


def fallbacks_used(
    obj: Any, fields: tuple[str, ...] = TRANSLATED_FIELDS, language: str | None = None
) -> list[Fallback]:
    """The fields that are empty in the reader's language but shown in another (modeltranslation's
    fallback order from settings), so that pages can say so."""
    language = language or get_language() or settings.LANGUAGE_CODE
    order = (
        settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get(language)
        or settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]
    )
    used: list[Fallback] = []
    for name in fields:
        if getattr(obj, f"{name}_{field_suffix(language)}", ""):
            continue
        for other in order:
            if other != language and getattr(obj, f"{name}_{field_suffix(other)}", None):
                used.append(Fallback(field=name, language=other))
                break
    return used


def missing_languages(policy: Policy) -> list[str]:
    """Languages in which a text written in some other language is still empty."""
    missing = []
    for language in LANGUAGE_CODES:
        for name in TRANSLATED_FIELDS:
            values = {code: getattr(policy, f"{name}_{field_suffix(code)}", "") for code in LANGUAGE_CODES}
            if any(values.values()) and not values[language]:
                missing.append(language)
                break
    return missing


def missing_language_q() -> Q:
    """Guides with at least one text missing in some language (for the staff dashboard)."""
    condition = Q()
    for name in TRANSLATED_FIELDS:
        for language in LANGUAGE_CODES:
            others = Q()
            for other in LANGUAGE_CODES:
                if other != language:
                    others |= ~Q(**{f"{name}_{field_suffix(other)}": ""})
            condition |= Q(**{f"{name}_{field_suffix(language)}": ""}) & others
    return condition


def staff_summary() -> dict[str, int]:
    """Counts for the staff dashboard panel: drafts waiting, live guides missing a language."""
    return {
        "drafts": Policy.objects.filter(status=Policy.Status.DRAFT).count(),
        "missing_language": Policy.objects.exclude(status=Policy.Status.ARCHIVED).filter(missing_language_q()).count(),
    }


# --- Eligibility checker --------------------------------------------------------------------


def choice_labels() -> dict[str, str]:
    """Human names of every checker choice and of the places (cities, districts, zones), for the reasons."""
    labels: dict[str, str] = {}
    for choices in (Origin, Education, Situation, Need):
        labels.update({value: str(label) for value, label in choices.choices})
    for region in Region.objects.all():
        labels[region.slug] = region.name
    return labels


def regions_above(region: Region) -> tuple[str, ...]:
    """The slugs of the regions `region` lies in, nearest first: a district's city (the parents
    are loaded with it: the guides' list and the checker's choices join them)."""
    above: list[str] = []
    parent = region.parent
    while parent is not None:
        above.append(parent.slug)
        parent = parent.parent
    return tuple(above)


def criteria_of(policy: Policy) -> rules.Criteria:
    return rules.Criteria(
        origins=tuple(policy.criteria_origins or ()),
        min_age=policy.criteria_min_age,
        max_age=policy.criteria_max_age,
        education=tuple(policy.criteria_education or ()),
        situations=tuple(policy.criteria_situations or ()),
        needs=tuple(policy.criteria_needs or ()),
        city=policy.region.city.slug,
        region=policy.region.slug,
        within=regions_above(policy.region),
    )


# --- Amounts: the subsidy schemes' rules, the one place a measure's figures live ------------

BENEFICIARY_OF_ROLE = {
    roles.YOUTH: Beneficiary.APPLICANT,
    roles.MENTOR: Beneficiary.MENTOR,
    roles.BASE_OPERATOR: Beneficiary.BASE,
}
CURRENCY = "RMB"  # every scheme's rule is in RMB


@dataclass(frozen=True)
class BenefitRow:
    """One amount a guide shows: a line of one of its schemes' rule in force (what the API's
    `benefits` and the pages' amounts are)."""

    label: str
    amount: Decimal | None
    unit: str
    ceiling: Decimal | None
    beneficiary: str
    education_level: str = ""
    currency: str = CURRENCY

    def get_unit_display(self) -> str:
        return str(BenefitUnit(self.unit).label) if self.unit in BenefitUnit.values else self.unit

    def get_beneficiary_display(self) -> str:
        return str(Beneficiary(self.beneficiary).label) if self.beneficiary in Beneficiary.values else ""


def _label(scheme: Scheme, education_level: str) -> str:
    """A line's name: the education level it pays for, else the scheme's name."""
    if education_level in Education.values:
        return str(Education(education_level).label)
    return str(scheme.name)


def benefits_of(policy: Policy, day: datetime.date | None = None) -> list[BenefitRow]:
    """The guide's amounts on `day` (today): every line of its schemes' rules in force, computed
    by the subsidies rules (subsidies.rules.benefit_lines). From the prefetched schemes."""
    day = day or timezone.localdate()
    rows = []
    for scheme in policy.schemes.all():
        beneficiary = BENEFICIARY_OF_ROLE.get(scheme.applicant_role, Beneficiary.APPLICANT)
        for line in subsidy_selectors.benefit_lines(scheme, day):
            rows.append(
                BenefitRow(
                    label=_label(scheme, line.education_level),
                    amount=line.amount,
                    unit=line.unit,
                    ceiling=line.ceiling,
                    beneficiary=beneficiary,
                    education_level=line.education_level,
                )
            )
    return rows


def estimate_for_scheme(scheme: Scheme, applicant: rules.Applicant, day: datetime.date) -> rules.Estimate | None:
    """What the checker says this person could receive from one scheme: the eligible amount of a
    claim with the checker's answers as its facts (rules.claim_facts), made today. Only schemes
    a young person applies for (mentors' and bases' money is not theirs)."""
    if scheme.applicant_role != roles.YOUTH:
        return None
    facts = rules.claim_facts(applicant, day)
    found = subsidy_selectors.scheme_estimate(scheme, facts, day)
    if found is None:
        return None
    months = found.calculation.get("months")  # a monthly rate's whole months
    level = found.calculation.get("education_level") or ""
    return rules.Estimate(
        amount=found.amount,
        currency=CURRENCY,
        label=_label(scheme, level),
        months=months,
        education_level=level,
    )


def estimate_for(policy: Policy, applicant: rules.Applicant, day: datetime.date) -> rules.Estimate | None:
    """The best of the guide's schemes for this person (a guide's measures are alternatives, not a
    sum); the first in the schemes' order on a tie."""
    best: rules.Estimate | None = None
    for scheme in policy.schemes.all():
        estimate = estimate_for_scheme(scheme, applicant, day)
        if estimate is not None and (best is None or estimate.amount > best.amount):
            best = estimate
    return best


@dataclass(frozen=True)
class CheckerResult:
    policy: Policy
    reasons: tuple[str, ...]
    estimate: rules.Estimate | None

    @property
    def estimate_amount(self) -> Decimal | None:
        return self.estimate.amount if self.estimate else None


def eligibility_matches(applicant: rules.Applicant, *, user: User | AnonymousUser | None) -> list[CheckerResult]:
    """The readable guides offered by the checker that fit the applicant, with the reasons and
    the money estimate; in force today. Largest estimate first, then newest."""
    labels = choice_labels()
    today = timezone.localdate()
    queryset = policy_list(user=user, in_force=True, today=today).filter(in_checker=True)
    results = []
    for policy in queryset:
        match = rules.match_applicant(applicant, criteria_of(policy), labels)
        if match.fits:
            results.append(
                CheckerResult(
                    policy=policy,
                    reasons=match.reasons,
                    estimate=estimate_for(policy, applicant, today),
                )
            )
    results.sort(key=lambda result: (-(result.estimate_amount or 0), result.policy.slug))
    return results
