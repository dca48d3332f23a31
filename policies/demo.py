"""Demo data: every measure of DOMAIN.md as a published guide in three languages (the texts are in
demo_content.py). The amounts are not here: the subsidies app's schemes link their guides and
their rules hold the figures (subsidies/demo.py). Idempotent: rows are looked up by slug, so
loading twice changes nothing."""

from __future__ import annotations

from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Region

from . import services
from .demo_content import CATEGORIES, ISSUERS, POLICIES, REGIONS, TARGET_GROUPS
from .models import Category, Issuer, Policy, TargetGroup

LANGS = ("zh_hant", "zh_hans", "en")
POLICY_TEXTS: tuple[Literal["title", "summary", "body", "eligibility", "benefits_text", "how_to_apply"], ...] = (
    "title",
    "summary",
    "body",
    "eligibility",
    "benefits_text",
    "how_to_apply",
)


def _translated(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{lang}": values[lang] for lang in LANGS}


def load() -> list[str]:
    issuers = {
        row["slug"]: Issuer.objects.update_or_create(
            slug=row["slug"], defaults={"kind": row["kind"], **_translated("name", row["name"])}
        )[0]
        for row in ISSUERS
    }
    regions: dict[str, Region] = {}
    for region in REGIONS:  # parents come first in REGIONS
        parent = None if region["parent"] is None else regions.get(region["parent"])
        regions[region["slug"]] = Region.objects.update_or_create(
            slug=region["slug"],
            defaults={"kind": region["kind"], "parent": parent, **_translated("name", region["name"])},
        )[0]
    categories = {
        row["slug"]: Category.objects.update_or_create(
            slug=row["slug"], defaults={"order": row["order"], **_translated("name", row["name"])}
        )[0]
        for row in CATEGORIES
    }
    groups = {
        row["slug"]: TargetGroup.objects.update_or_create(
            slug=row["slug"], defaults={"order": row["order"], **_translated("name", row["name"])}
        )[0]
        for row in TARGET_GROUPS
    }

    created_count = 0
    for row in POLICIES:
        criteria = row["criteria"]
        defaults = {
            "issuer": issuers[row["issuer"]],
            "region": regions[row["region"]],
            "effective_from": row["effective_from"],
            "effective_to": row["effective_to"],
            "source_title": row["source"]["title"],
            "source_issuer": row["source"]["issuer"],
            "source_date": row["source"]["date"],
            "source_reference": row["source"]["reference"],
            "in_checker": row["in_checker"],
            "criteria_origins": criteria.get("origins", []),
            "criteria_min_age": criteria.get("min_age"),
            "criteria_max_age": criteria.get("max_age"),
            "criteria_education": criteria.get("education", []),
            "criteria_situations": criteria.get("situations", []),
            "criteria_needs": criteria.get("needs", []),
        }
        for field in POLICY_TEXTS:
            defaults.update(_translated(field, row[field]))
        policy = Policy.objects.filter(slug=row["slug"]).first()
        created = policy is None
        if policy is None:
            # published on first load; later loads leave the status staff may have changed
            policy = Policy(slug=row["slug"], status=Policy.Status.PUBLISHED, published_at=timezone.now())
        for name, value in defaults.items():
            setattr(policy, name, value)
        policy.save()
        policy.categories.set([categories[slug] for slug in row["categories"]])
        policy.target_groups.set([groups[slug] for slug in row["groups"]])
        services.policy_refresh_search(policy=policy)
        if created:
            created_count += 1
            services.policy_change_record(
                policy=policy, summary=_("Guide published on the portal."), acting_user=None, public=True
            )
    return [f"policies: {len(POLICIES)} guides ({created_count} new), {len(ISSUERS)} issuers, {len(REGIONS)} regions"]
