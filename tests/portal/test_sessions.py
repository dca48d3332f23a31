"""Sessions read from Redis and written through to the database (portal/sessions.py)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends import cached_db
from django.test import Client

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"


@pytest.fixture
def take_sessions_cache_down(monkeypatch, redis_down):
    """Call to make Redis unreachable for the sessions too (redis_down covers the versioned
    caches from the start)."""
    from portal import versioned_cache

    def down():
        unreachable = versioned_cache.cache  # the redis_down fixture's stand-in
        monkeypatch.setattr(cached_db, "caches", {"default": unreachable})

    return down


def test_a_signed_in_page_reads_no_session_row(client, make_user, django_assert_num_queries):
    client.force_login(make_user("youth"))
    client.get(PROFILE)
    with django_assert_num_queries(0):  # the session, then the user and its roles, from Redis
        assert client.get(PROFILE).status_code == 200


def test_a_session_evicted_from_the_cache_is_read_from_the_database(client, make_user):
    from django.core.cache import cache

    client.force_login(make_user("youth"))
    cache.clear()
    assert client.get(PROFILE).status_code == 200


def test_with_redis_down_signed_in_pages_and_writes_work_from_the_database(make_user, take_sessions_cache_down):
    user = make_user("youth", password="correct-horse-42")
    client = Client()
    client.force_login(user)
    take_sessions_cache_down()
    assert client.get(PROFILE).status_code == 200  # the session row, the user and its roles
    assert client.post(PROFILE, {"full_name": "Still Here", "preferred_language": "en"}).status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Still Here"


def test_with_redis_down_a_session_cannot_be_ended_silently(client, make_user, take_sessions_cache_down):
    """Its cached copy could come back with Redis and outlive the database row: signing out
    fails rather than pretend (portal/sessions.py)."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    client.force_login(make_user("youth"))
    take_sessions_cache_down()
    with pytest.raises(RedisConnectionError):
        client.post("/en/accounts/logout/")


def test_signing_out_ends_the_session(client, make_user):
    client.force_login(make_user("youth"))
    assert client.get(PROFILE).status_code == 200
    client.post("/en/accounts/logout/")
    assert client.get(PROFILE).status_code == 302
