"""The rules of the policies app, as pure functions of plain values (no ORM, no I/O).

- search text normalisation (cross-script: Traditional and Simplified meet in Simplified),
  query terms and highlighting;
- whether a guide is in force on a day;
- the eligibility checker: does an applicant fit a guide's criteria, and why (or why not);
- the checker's answers as the facts of a claim (`claim_facts`): its money estimate is the
  subsidies app's eligible amount over those facts ("Master's degree, 3 months: up to 7,500 RMB").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from subsidies import rules as subsidy_rules

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
    financing: Decimal | None = None  # a start-up's financing raised (RMB), if any
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


TOO_YOUNG, TOO_OLD = "too_young", "too_old"


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Whole years of age on `day`: one more on the birthday itself. Someone born on 29 February
    turns a year older on 1 March in a common year (as Hong Kong's Age of Majority Ordinance
    counts it)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_miss(age: int, *, min_age: int | None, max_age: int | None) -> tuple[str, str] | None:
    """The age limits, both inclusive ("18 to 45" lets in an 18-year-old and a 45-year-old):
    None when the age fits, else the miss's code (TOO_YOUNG, TOO_OLD) and its message."""
    if min_age is not None and age < min_age:
        return TOO_YOUNG, _("You must be at least %(age)s.") % {"age": min_age}
    if max_age is not None and age > max_age:
        return TOO_OLD, _("Only for people aged %(age)s or under.") % {"age": max_age}
    return None


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

    age_missed = age_miss(applicant.age, min_age=criteria.min_age, max_age=criteria.max_age)
    if age_missed is not None:
        misses.append(age_missed[1])
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


def claim_facts(applicant: Applicant, day: datetime.date) -> subsidy_rules.ClaimFacts:
    """The checker's answers as the facts of a claim made on `day`: the education level (a
    level no scheme pays, secondary school, is no level), an internship of `months` whole
    months from that day, the financing raised. The estimate is the eligible amount of a claim
    with exactly these facts (subsidies.selectors.scheme_estimate)."""
    level = applicant.education if applicant.education in subsidy_rules.EDUCATION_LEVELS else None
    months = max(applicant.months, 1)
    return subsidy_rules.ClaimFacts(
        education_level=level,
        start_date=day,
        end_date=subsidy_rules.add_months(day, months) - timedelta(days=1),
        financing_amount=applicant.financing,
    )


@dataclass(frozen=True)
class Estimate:
    amount: Decimal
    currency: str
    label: str  # the measure the estimate comes from
    months: int | None = None  # set for monthly rates
    education_level: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
