"""Reads shared by the pages, the API and other apps (`policy_by_slug`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from accounts.roles import is_bureau_staff

from . import rules
from .models import Benefit, Education, Need, Origin, Policy, PolicyChange, Region, Situation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

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
    for categories, target groups and benefits."""
    return queryset.select_related("issuer", "region", "region__parent", "region__parent__parent").prefetch_related(
        "categories", "target_groups", Prefetch("benefits", queryset=Benefit.objects.order_by("order", "pk"))
    )


def policy_list(
    *,
    user: User | AnonymousUser | None,
    category: Any = None,
    region: Region | None = None,
    issuer: Any = None,
    target_group: Any = None,
    in_force: bool | None = None,
    search: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Policy]:
    """Guides the user may read, filtered; with a search, ranked (title matches first) and
    annotated with `rank`. Filters take model instances (validated by the filter set)."""
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
    terms = rules.search_terms(search)
    if terms:
        # search_text holds every translation in Simplified, lower case: a trigram GIN index
        # on PostgreSQL serves these LIKE '%term%' lookups.
        rank = Value(0, output_field=IntegerField())
        for term in terms:
            queryset = queryset.filter(search_text__contains=term)
            rank = rank + Case(When(search_title__contains=term, then=Value(3)), default=Value(1))
        queryset = queryset.annotate(rank=rank).order_by("-rank", "-published_at", "slug")
    return with_list_relations(queryset)


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


def policy_for_scheme(scheme_code: str) -> Policy | None:
    """The published guide of a subsidy scheme (for the subsidies app: its rates and ceilings are
    the guide's structured benefits), benefits prefetched; None when there is none."""
    return (
        Policy.objects.published()
        .filter(scheme_code=scheme_code)
        .prefetch_related(Prefetch("benefits", queryset=Benefit.objects.order_by("order", "pk")))
        .order_by("-published_at")
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
            if other != language and getattr(obj, f"{name}_{field_suffix(other)}", ""):
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
    """Human names of every checker choice and of the cities, for the reasons."""
    labels: dict[str, str] = {}
    for choices in (Origin, Education, Situation, Need):
        labels.update({value: str(label) for value, label in choices.choices})
    for region in Region.objects.filter(kind=Region.Kind.CITY):
        labels[region.slug] = region.name
    return labels


def criteria_of(policy: Policy) -> rules.Criteria:
    return rules.Criteria(
        origins=tuple(policy.criteria_origins or ()),
        min_age=policy.criteria_min_age,
        max_age=policy.criteria_max_age,
        education=tuple(policy.criteria_education or ()),
        situations=tuple(policy.criteria_situations or ()),
        needs=tuple(policy.criteria_needs or ()),
        city=policy.region.city.slug,
    )


def benefit_terms(policy: Policy) -> list[rules.BenefitTerms]:
    return [
        rules.BenefitTerms(
            label=benefit.label,
            amount=benefit.amount,
            unit=benefit.unit,
            ceiling=benefit.ceiling,
            currency=benefit.currency,
            beneficiary=benefit.beneficiary,
            education_level=benefit.education_level,
        )
        for benefit in policy.benefits.all()
    ]


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
                    estimate=rules.estimate_for_applicant(benefit_terms(policy), applicant),
                )
            )
    results.sort(key=lambda result: (-(result.estimate_amount or 0), result.policy.slug))
    return results
