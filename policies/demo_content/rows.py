"""The shapes of the demo content's rows."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

# A text in each language: {"zh_hant": ..., "zh_hans": ..., "en": ...}.
Texts = dict[str, str]


class IssuerRow(TypedDict):
    slug: str
    kind: str
    name: Texts


class RegionRow(TypedDict):
    slug: str
    kind: str
    parent: str | None  # the slug of a region listed before
    name: Texts


class OrderedRow(TypedDict):
    """A category or a target group."""

    slug: str
    order: int
    name: Texts


class CriteriaRow(TypedDict, total=False):
    origins: list[str]
    min_age: int
    max_age: int
    education: list[str]
    situations: list[str]
    needs: list[str]


class SourceRow(TypedDict):
    title: str
    issuer: str
    date: date | None
    reference: str


class PolicyRow(TypedDict):
    slug: str
    issuer: str  # slugs of ISSUERS, REGIONS, CATEGORIES and TARGET_GROUPS
    region: str
    categories: list[str]
    groups: list[str]
    effective_from: date | None
    effective_to: date | None
    in_checker: bool
    criteria: CriteriaRow
    source: SourceRow
    title: Texts
    summary: Texts
    body: Texts
    eligibility: Texts
    benefits_text: Texts
    how_to_apply: Texts
