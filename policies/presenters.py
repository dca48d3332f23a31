"""Helpers that the pages and the API share to present guides: the apply link, the estimate in
words, highlighted search results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.templatetags.portal_tags import rmb

from . import rules
from .selectors import fallbacks_used

if TYPE_CHECKING:
    from .models import Policy


def apply_url(policy: Policy) -> str | None:
    """Where to claim a paying measure: the subsidies app's `subsidies:apply` for the guide's
    first scheme open for claims; None when the guide pays nothing (or nothing is open)."""
    for scheme in policy.schemes.all():
        if scheme.is_open:
            try:
                return reverse("subsidies:apply", args=[scheme.code])
            except NoReverseMatch:
                return None
    return None


CURRENCY_NAMES = {"RMB": gettext_lazy("RMB"), "HKD": gettext_lazy("HKD"), "MOP": gettext_lazy("MOP")}


def currency_name(code: str) -> str:
    """How a currency reads after an amount in the reader's language (RMB: 元人民幣 in Chinese)."""
    return str(CURRENCY_NAMES.get(code, code))


def describe_estimate(estimate: rules.Estimate | None) -> str:
    """ "Master's intern, 3 months: up to 7,500 RMB" / "Living subsidy: up to 60,000 RMB"."""
    if estimate is None:
        return ""
    values: dict[str, object] = {
        "label": estimate.label,
        "amount": rmb(estimate.amount),
        "currency": currency_name(estimate.currency),
    }
    if estimate.months:
        values["months"] = estimate.months
        return _("%(label)s, %(months)s months: up to %(amount)s %(currency)s") % values
    return _("%(label)s: up to %(amount)s %(currency)s") % values


@dataclass(frozen=True)
class SearchHit:
    policy: Policy
    title: SafeString
    summary: SafeString
    excerpt: SafeString | None  # a passage of the other texts when the match is only there
    fallback_language: str | None = None  # title or summary shown in this other language


def search_hits(policies, query: str) -> list[SearchHit]:
    """The page's policies with the query's terms marked in the reader's language."""
    terms = rules.search_terms(query)
    hits = []
    for policy in policies:
        passage = None
        title, summary = policy.title, policy.summary
        if terms and not (rules.excerpt(title, terms) or rules.excerpt(summary, terms)):
            for text in (policy.body, policy.eligibility, policy.benefits_text, policy.how_to_apply):
                passage = rules.excerpt(text, terms)
                if passage:
                    break
        hits.append(
            SearchHit(
                policy=policy,
                title=rules.highlight(title, terms),
                summary=rules.highlight(summary, terms),
                excerpt=passage,
                fallback_language=next((used.language for used in fallbacks_used(policy, ("title", "summary"))), None),
            )
        )
    return hits
