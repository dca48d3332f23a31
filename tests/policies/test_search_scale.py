"""Search stays an index lookup at 10,000 guides on PostgreSQL (pg_trgm GIN on search_text)."""

from __future__ import annotations

import random
import time

import pytest
from django.db import connection
from django.utils import timezone

from policies import selectors
from policies.models import Policy

from .factories import IssuerFactory, RegionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="trigram indexes are PostgreSQL's"),
]

WORDS = [
    "创业",
    "实习",
    "补贴",
    "住房",
    "导师",
    "培训",
    "就业",
    "社保",
    "融资",
    "基地",
    "人才",
    "公寓",
    "大赛",
    "港澳",
    "youth",
    "grant",
    "startup",
    "housing",
    "mentor",
    "training",
    "loan",
    "talent",
    "apartment",
    "award",
]


@pytest.fixture
def ten_thousand_guides():
    rng = random.Random(2023)
    issuer, region = IssuerFactory(), RegionFactory()
    now = timezone.now()
    rows = []
    for n in range(10_000):
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        rows.append(
            Policy(
                slug=f"bulk-{n}",
                status=Policy.Status.PUBLISHED,
                published_at=now,
                issuer=issuer,
                region=region,
                title_zh_hant=f"指南{n}",
                search_title=f"指南{n}",
                search_text=f"指南{n} {words}",
            )
        )
    rows.append(
        Policy(
            slug="needle",
            status=Policy.Status.PUBLISHED,
            published_at=now,
            issuer=issuer,
            region=region,
            title_zh_hant="河套加班驛站",
            search_title="河套加班驿站",
            search_text="河套加班驿站 overtime rest station",
        )
    )
    Policy.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        # what autovacuum does in production: move the bulk insert out of GIN's pending list
        cursor.execute("SELECT gin_clean_pending_list('policies_policy_search_text_trgm'::regclass)")
        cursor.execute("SELECT gin_clean_pending_list('policies_policy_search_title_trgm'::regclass)")
        cursor.execute("ANALYZE policies_policy")


@pytest.mark.parametrize("query", ["河套加班驛站", "overtime rest"])
def test_rare_terms_use_the_trigram_index_and_are_fast(ten_thousand_guides, query):
    queryset = selectors.policy_list(user=None, search=query)
    plan = queryset.explain()
    assert "policies_policy_search_text_trgm" in plan or "policies_policy_search_title_trgm" in plan, plan
    started = time.perf_counter()
    slugs = [policy.slug for policy in queryset[:20]]
    elapsed = time.perf_counter() - started
    assert slugs == ["needle"]
    print(f"search {query!r} over 10,001 guides: {elapsed * 1000:.1f} ms")
    assert elapsed < 0.5, elapsed


def test_common_two_character_term_is_correct_and_bounded(ten_thousand_guides):
    # two Chinese characters give pg_trgm no trigram: PostgreSQL scans, still well under a second
    started = time.perf_counter()
    count = selectors.policy_list(user=None, search="創業").count()
    elapsed = time.perf_counter() - started
    assert count == Policy.objects.filter(search_text__contains="创业").count() > 9_000
    print(f"search 創業 over 10,001 guides (scan): {elapsed * 1000:.1f} ms")
    assert elapsed < 1.0, elapsed
