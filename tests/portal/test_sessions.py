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
    # the session from Redis, no session row; 1. the user, 2. its roles (groups)
    with django_assert_num_queries(2):
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


@pytest.mark.parametrize("lang", ["en", "zh-hant", "zh-hans"])
def test_with_redis_down_signing_out_is_refused_with_a_503_and_nothing_is_deleted(
    client, make_user, lang, take_sessions_cache_down
):
    """Its cached copy could come back with Redis and outlive the database row, keeping whoever
    holds the cookie signed in: the session is left whole and the person asked to try again."""
    from django.contrib.sessions.models import Session

    client.force_login(make_user("youth"))
    take_sessions_cache_down()
    response = client.post(f"/{lang}/accounts/logout/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    expected = {
        "en": "Signing out is not possible for a moment",
        "zh-hant": "暫時未能登出",
        "zh-hans": "暂时无法退出登录",
    }
    assert expected[lang] in response.content.decode()
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    assert client.get(PROFILE).status_code == 200  # still signed in, as the page says


def test_with_redis_down_signing_in_works_and_the_session_is_kept_in_the_database(
    client, make_user, take_sessions_cache_down
):
    """The session replaced when signing in is anonymous: deleting it from the database alone is
    safe, so signing in works through an outage (Django's cached_db answered 500)."""
    from django.conf import settings
    from django.contrib.sessions.models import Session

    make_user("youth", email="someone@example.com", password="correct-horse-42")
    anonymous = client.session
    anonymous["visited"] = True  # an anonymous session with something in it, as a visit leaves
    anonymous.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = anonymous.session_key
    take_sessions_cache_down()
    response = client.post("/en/accounts/login/", {"username": "someone@example.com", "password": "correct-horse-42"})
    assert response.status_code == 302
    assert client.session.session_key != anonymous.session_key
    assert not Session.objects.filter(session_key=anonymous.session_key).exists()
    assert client.get(PROFILE).status_code == 200


def test_signing_out_ends_the_session(client, make_user):
    client.force_login(make_user("youth"))
    assert client.get(PROFILE).status_code == 200
    client.post("/en/accounts/logout/")
    assert client.get(PROFILE).status_code == 302
