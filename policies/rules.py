"""The rules of the policies app, as pure functions of plain values (no ORM, no I/O).

- search text normalisation (cross-script: Traditional and Simplified meet in Simplified),
  query terms and highlighting;
- whether a guide is in force on a day;
- the eligibility checker: does an applicant fit a guide's criteria, and why (or why not);
- the money estimate from structured benefits ("master's intern, 3 months: up to 7,500 RMB").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# --- Search ---------------------------------------------------------------------------------

MAX_QUERY_TERMS = 6
MAX_TERM_LENGTH = 60


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


def normalise(text: str) -> str:
    """Text as it is stored for search and as queries are compared: Simplified, lower case."""
    if not text:
        return ""
    return _t2s().convert(text).lower()


def search_terms(query: str) -> list[str]:
    """The normalised terms of a query: split on white space and punctuation, duplicates dropped,
    at most MAX_QUERY_TERMS terms of at most MAX_TERM_LENGTH characters."""
    terms: list[str] = []
    for raw in re.split(r"[\s,，、;；。.!?！？\"'“”‘’()（）]+", query or ""):
        term = normalise(raw.strip())[:MAX_TERM_LENGTH]
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_QUERY_TERMS]


def _match_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, compared in normalised form. OpenCC's t2s keeps lengths
    for almost every text; when it does not, we compare the lower-cased original instead."""
    normalised = normalise(text)
    haystack = normalised if len(normalised) == len(text) else text.lower()
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = 0
        while term and (index := haystack.find(term, start)) != -1:
            spans.append((index, index + len(term)))
            start = index + len(term)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for begin, end in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """`text`, escaped, with each match of the terms wrapped in <mark>."""
    text = text or ""
    out: list[str] = []
    position = 0
    for begin, end in _match_spans(text, terms):
        out.append(escape(text[position:begin]))
        out.append(f"<mark>{escape(text[begin:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def excerpt(text: str, terms: Sequence[str], *, width: int = 90) -> SafeString | None:
    """A short highlighted passage of `text` around its first match, or None without a match."""
    spans = _match_spans(text or "", terms)
    if not spans:
        return None
    begin = max(0, spans[0][0] - width // 3)
    end = min(len(text), begin + width)
    passage = text[begin:end]
    marked = highlight(passage, terms)
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{escape(prefix)}{marked}{escape(suffix)}")  # noqa: S308 - escaped parts


# --- In force -------------------------------------------------------------------------------


def in_force(effective_from: datetime.date | None, effective_to: datetime.date | None, on: datetime.date) -> bool:
    """In force on a day: started (or no start date) and not ended (or no end date)."""
    return (effective_from is None or effective_from <= on) and (effective_to is None or on <= effective_to)


# --- Eligibility checker --------------------------------------------------------------------

EDUCATION_ORDER = ("secondary", "associate", "bachelor", "master", "phd")


@dataclass(frozen=True)
class Applicant:
    """The checker's answers. `city` is the slug of the place chosen, a city or a district ("" for
    anywhere); `within` the slugs of the regions it lies in, nearest first (a district's city)."""

    origin: str
    age: int
    education: str
    situation: str
    city: str = ""
    needs: frozenset[str] = frozenset()
    months: int = 3
    within: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criteria:
    """A guide's eligibility criteria (empty tuple or None: no restriction on that point)."""

    origins: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    education: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    city: str = ""  # the city slug of the guide's region
    region: str = ""  # the slug of the guide's region ("": its city's)
    within: tuple[str, ...] = ()  # the regions the guide's region lies in, nearest first


@dataclass(frozen=True)
class Match:
    fits: bool
    reasons: tuple[str, ...] = ()  # why it fits (shown to the applicant)
    misses: tuple[str, ...] = ()  # why it does not


def _labels(values: Iterable[str], labels: dict[str, str]) -> str:
    """Choices as words: "Hong Kong or Macau", "香港或澳門"."""
    names = [str(labels.get(value, value)) for value in values]
    if len(names) <= 1:
        return "".join(names)
    # Translators: the separator of a list of choices ("A, B or C"); "、" in Chinese
    separator = _(", ")
    return _("%(items)s or %(last)s") % {"items": separator.join(names[:-1]), "last": names[-1]}


def places_overlap(applicant: Applicant, criteria: Criteria) -> bool:
    """Whether the guide applies where the applicant wants to be: the place chosen lies in the
    guide's region (a guide of Shenzhen applies in Futian), or the guide's region lies in the
    place chosen (someone who chose Shenzhen sees Futian's guides). A guide of Futian does not
    apply in Luohu."""
    guide = criteria.region or criteria.city
    return applicant.city in (guide, *criteria.within) or guide in (applicant.city, *applicant.within)


def match_applicant(applicant: Applicant, criteria: Criteria, labels: dict[str, str] | None = None) -> Match:
    """Does the applicant fit the criteria? Every criterion that is set must hold; each one that
    holds gives a reason, each one that fails a miss. `labels` names choice values for people."""
    labels = labels or {}
    reasons: list[str] = []
    misses: list[str] = []

    if criteria.origins:
        if applicant.origin in criteria.origins:
            reasons.append(_("Open to young people from %(origins)s.") % {"origins": _labels(criteria.origins, labels)})
        else:
            misses.append(_("Only for young people from %(origins)s.") % {"origins": _labels(criteria.origins, labels)})

    if criteria.min_age is not None and applicant.age < criteria.min_age:
        misses.append(_("You must be at least %(age)s.") % {"age": criteria.min_age})
    if criteria.max_age is not None and applicant.age > criteria.max_age:
        misses.append(_("Only for people aged %(age)s or under.") % {"age": criteria.max_age})
    if (criteria.min_age is not None or criteria.max_age is not None) and not misses:
        reasons.append(_("Your age (%(age)s) is within the limits.") % {"age": applicant.age})

    if criteria.education:
        if applicant.education in criteria.education:
            reasons.append(
                _("Your education level (%(level)s) qualifies.") % {"level": labels.get(applicant.education, "")}
            )
        else:
            misses.append(
                _("For these education levels: %(levels)s.") % {"levels": _labels(criteria.education, labels)}
            )

    if criteria.situations:
        if applicant.situation in criteria.situations:
            reasons.append(
                _("It is meant for people in your situation (%(situation)s).")
                % {"situation": labels.get(applicant.situation, "")}
            )
        else:
            misses.append(
                _("For people who are: %(situations)s.") % {"situations": _labels(criteria.situations, labels)}
            )

    if applicant.city and (criteria.region or criteria.city):
        place = places_overlap(applicant, criteria)
        chosen = labels.get(applicant.city, applicant.city)
        if place and not applicant.within:
            reasons.append(_("It applies in the city you are interested in (%(city)s).") % {"city": chosen})
        elif place:
            reasons.append(_("It applies in the place you are interested in (%(place)s).") % {"place": chosen})
        else:
            guide = criteria.region or criteria.city
            guide_city = criteria.city or (criteria.within[-1] if criteria.within else guide)
            applicant_city = applicant.within[-1] if applicant.within else applicant.city
            if guide_city == applicant_city:
                misses.append(
                    _("It applies in another part of %(city)s (%(place)s).")
                    % {"city": labels.get(guide_city, guide_city), "place": labels.get(guide, guide)}
                )
            else:
                misses.append(
                    _("It applies in another city (%(city)s).") % {"city": labels.get(guide_city, guide_city)}
                )

    if applicant.needs and criteria.needs:
        met = [need for need in criteria.needs if need in applicant.needs]
        if met:
            reasons.append(_("It offers what you need: %(needs)s.") % {"needs": _labels(met, labels)})
        else:
            misses.append(_("It does not offer what you asked for."))

    return Match(fits=not misses, reasons=tuple(reasons), misses=tuple(misses))


# --- Money estimate -------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitTerms:
    """A structured benefit as plain values (see models.Benefit)."""

    label: str
    amount: Decimal | None
    unit: str
    ceiling: Decimal | None
    currency: str = "RMB"
    beneficiary: str = "applicant"
    education_level: str = ""


@dataclass(frozen=True)
class Estimate:
    amount: Decimal
    currency: str
    label: str  # the benefit the estimate comes from
    months: int | None = None  # set for monthly rates
    education_level: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def benefit_maximum(terms: BenefitTerms, *, months: int = 1) -> Decimal | None:
    """The most one person can receive from one benefit: a monthly rate times the months, a
    one-time amount, else its ceiling; never above the ceiling. None when nothing is fixed
    (a per-session rate without a cap has no maximum)."""
    amount, ceiling = terms.amount, terms.ceiling
    if amount is None:
        return ceiling
    if terms.unit == "per_month":
        total = amount * max(months, 0)
    elif terms.unit == "one_time":
        total = amount
    else:
        # per day / session / activity / night: only the ceiling bounds what a person receives
        return ceiling
    return min(total, ceiling) if ceiling is not None else total


def estimate_for_applicant(benefits: Sequence[BenefitTerms], applicant: Applicant) -> Estimate | None:
    """How much this applicant could receive from a guide's benefits: the best of the benefits
    paid to the young person (a guide's benefits are alternatives, not a sum), keeping only rates
    for the applicant's own education level where rates differ by level. None without money."""
    best: Estimate | None = None
    for terms in benefits:
        if terms.beneficiary != "applicant":
            continue
        if terms.education_level and terms.education_level != applicant.education:
            continue
        months = applicant.months if terms.unit == "per_month" else None
        maximum = benefit_maximum(terms, months=months or 1)
        if maximum is None:
            continue
        if best is None or maximum > best.amount:
            best = Estimate(
                amount=maximum,
                currency=terms.currency,
                label=terms.label,
                months=months,
                education_level=terms.education_level,
            )
    return best
