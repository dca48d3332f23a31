"""The one way a cached value goes stale (portal/versioned_cache.py): a write to a table a cache
watches moves its version, whatever made the write. Walked over every watched table, so a model
added to a cache's WATCHED list is covered without a new test, and shown end to end with the
writes that no signal ever saw (a queryset `update()`, `bulk_create`, raw SQL)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F

from incubators import cache as stats_cache
from policies import cache as page_cache
from policies.models import Policy
from portal.versioned_cache import WATCHED, written_tables
from tests.policies.factories import PolicyFactory

pytestmark = pytest.mark.django_db

CACHES = {page_cache.PAGES.version_key: page_cache.PAGES, stats_cache.STATISTICS.version_key: stats_cache.STATISTICS}


def versions() -> dict[str, int | None]:
    return {key: cache.get(key) for key in CACHES}


def model_of(table: str):
    return next(m for m in apps.get_models(include_auto_created=True) if m._meta.db_table == table)


def test_both_caches_watch_what_they_are_computed_from():
    assert set(WATCHED) >= {"policies_policy", "policies_policy_categories", "subsidies_schemerule", "policies_region"}
    assert stats_cache.STATISTICS in WATCHED["incubators_projectcountreport"]
    assert stats_cache.STATISTICS in WATCHED["incubators_base"]
    assert {page_cache.PAGES, stats_cache.STATISTICS} <= set(WATCHED["policies_region"])  # the one Region table


@pytest.mark.parametrize("table", sorted(WATCHED))
@pytest.mark.parametrize("write", ["update", "raw delete"])
def test_any_write_to_a_watched_table_moves_its_caches_versions(table, write):
    model = model_of(table)
    for watcher in WATCHED[table]:
        watcher.changed()  # the version exists
    before = versions()
    rows = model.objects.filter(pk=-1)
    if write == "update":
        pk = model._meta.pk.attname
        rows.update(**{pk: F(pk)})  # a statement that changes no row still moves it: no guessing
    else:
        rows._raw_delete(rows.db)
    after = versions()
    for key, watcher in CACHES.items():
        moved = after[key] != before[key]
        assert moved == (watcher in WATCHED[table]), f"{table}: {key} moved={moved}"


def test_a_write_elsewhere_moves_nothing(make_user):
    page_cache.PAGES.changed()
    stats_cache.STATISTICS.changed()
    before = versions()
    user = make_user()
    type(user).objects.filter(pk=user.pk).update(email="ka.yan@example.org")
    assert versions() == before


def test_every_write_moves_it_at_once_and_the_commit_once_more(django_capture_on_commit_callbacks):
    cache.set(page_cache.VERSION_KEY, start := 100, timeout=None)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        PolicyFactory(slug="guide-1")
        first = cache.get(page_cache.VERSION_KEY)
        assert first > start  # a page rendered now, from the uncommitted state, is never served
        for n in range(2, 30):
            PolicyFactory(slug=f"guide-{n}")
        assert cache.get(page_cache.VERSION_KEY) > first
    # A move after the commit for the block, plus one for each nested savepoint (a factory's
    # get_or_create) that wrote first: a handful, not one a statement.
    moves = callbacks.count(page_cache.PAGES._bump)
    assert 1 <= moves <= 3, moves
    during = cache.get(page_cache.VERSION_KEY)
    next(c for c in callbacks if c == page_cache.PAGES._bump)()
    assert cache.get(page_cache.VERSION_KEY) == during + 1


def test_a_write_after_a_rolled_back_savepoint_still_moves_after_commit(django_capture_on_commit_callbacks):
    page_cache.PAGES.changed()
    start = cache.get(page_cache.VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                PolicyFactory(slug="undone")
                raise RuntimeError
        except RuntimeError:
            pass
        PolicyFactory(slug="kept")
    assert cache.get(page_cache.VERSION_KEY) >= start + 3
    assert Policy.objects.filter(slug="undone").count() == 0


def test_a_queryset_update_no_service_announced_shows_on_the_next_anonymous_page(client):
    policy = PolicyFactory(title_en="Rent waiver for start-ups")
    assert "Rent waiver for start-ups" in client.get("/en/policies/").content.decode()
    Policy.objects.filter(pk=policy.pk).update(title_en="Rent waiver for young founders")
    body = client.get("/en/policies/").content.decode()
    assert "Rent waiver for young founders" in body and "Rent waiver for start-ups" not in body


def test_raw_sql_shows_on_the_next_anonymous_page(client):
    policy = PolicyFactory(title_en="Desk subsidy")
    client.get("/en/policies/")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE policies_policy SET title_en = %s WHERE id = %s", ["Desk grant", policy.pk])
    assert "Desk grant" in client.get("/en/policies/").content.decode()


def test_statements_are_read_for_the_tables_they_write():
    assert written_tables('INSERT INTO "policies_policy" ("slug") VALUES (%s)') == ["policies_policy"]
    assert written_tables('UPDATE "incubators_base" SET "x" = 1') == ["incubators_base"]
    assert written_tables("delete from incubators_base where id = 1") == ["incubators_base"]
    assert written_tables('TRUNCATE "a", "b";') == ["a", "b"]
    assert written_tables('SELECT * FROM "policies_policy"') == []
