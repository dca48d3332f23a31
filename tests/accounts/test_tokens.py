"""API tokens expire and are revoked (django-rest-knox): a new token for every sign-in, gone after a
sign-out, a password change or reset, or "sign out everywhere"; and the API's rate limits answer
429 once a client passes them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"
PASSWORD = "correct-horse-42"


def _token(email: str, password: str = PASSWORD) -> str:
    response = APIClient().post(TOKEN, {"username": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"token", "expiry"}
    return response.json()["token"]


REFUSED = 403  # DRF's answer to a bad token while session authentication comes first (no challenge)


def _me(token: str) -> int:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}").get(ME).status_code


def test_each_sign_in_gets_a_new_token_that_expires(make_user, settings):
    youth = make_user("youth")
    first, second = _token(youth.email), _token(youth.email)
    assert first != second
    assert _me(first) == 200 and _me(second) == 200
    from knox.models import AuthToken

    expiry = AuthToken.objects.filter(user=youth).order_by("-created").first().expiry
    assert dt.timedelta(hours=9) < expiry - timezone.now() <= dt.timedelta(hours=10)
    AuthToken.objects.filter(user=youth).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert _me(first) == REFUSED


def test_wrong_credentials_get_a_400_in_the_readers_language(make_user):
    youth = make_user("youth")
    response = APIClient().post(
        TOKEN, {"username": youth.email, "password": "wrong-horse"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hant"
    )
    assert response.status_code == 400
    assert "無法" in str(response.json()), response.json()


def test_signing_out_revokes_this_token_and_logout_all_every_token(make_user):
    youth = make_user("youth")
    one, two, three = _token(youth.email), _token(youth.email), _token(youth.email)
    assert APIClient(HTTP_AUTHORIZATION=f"Token {one}").post("/api/v1/auth/logout/").status_code == 204
    assert (_me(one), _me(two), _me(three)) == (REFUSED, 200, 200)
    assert APIClient(HTTP_AUTHORIZATION=f"Token {two}").post("/api/v1/auth/logout-all/").status_code == 204
    assert (_me(two), _me(three)) == (REFUSED, REFUSED)


def test_a_password_change_revokes_every_token(make_user):
    youth = make_user("youth")
    token = _token(youth.email)
    client = Client()
    client.force_login(youth)
    response = client.post(
        "/en/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "another-horse-77", "new_password2": "another-horse-77"},
    )
    assert response.status_code == 302
    assert _me(token) == REFUSED
    assert client.get("/en/accounts/profile/").status_code == 200  # the session it was made in stays


def test_a_password_reset_revokes_every_token_and_ends_every_session(make_user):
    youth = make_user("youth")
    token = _token(youth.email)
    other_device = Client()
    other_device.force_login(youth)
    Client().post("/en/accounts/password/reset/", {"email": youth.email})
    link = re.search(r"/en/accounts/password/reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    browser = Client()
    form = browser.get(link, follow=True)
    response = browser.post(
        form.redirect_chain[-1][0], {"new_password1": "another-horse-77", "new_password2": "another-horse-77"}
    )
    assert response.status_code == 302
    assert _me(token) == REFUSED
    assert other_device.get("/en/accounts/profile/").status_code == 302  # signed out: to the sign-in page


def test_sign_out_everywhere_ends_every_session_and_token(make_user):
    youth = make_user("youth")
    token = _token(youth.email)
    phone, laptop = Client(), Client()
    phone.force_login(youth)
    laptop.force_login(youth)
    assert laptop.post("/en/accounts/sign-out-everywhere/").status_code == 302
    assert phone.get("/en/accounts/profile/").status_code == 302
    assert laptop.get("/en/accounts/profile/").status_code == 302
    assert _me(token) == REFUSED
    assert _me(_token(youth.email)) == 200  # and may sign in again


def test_an_account_keeps_its_ten_newest_tokens(make_user):
    from knox.models import AuthToken

    youth = make_user("youth")
    tokens = [_token(youth.email) for _ in range(12)]
    assert AuthToken.objects.filter(user=youth).count() == 10
    assert _me(tokens[0]) == REFUSED and _me(tokens[-1]) == 200


# --- rate limits -----------------------------------------------------------------------------------


@pytest.fixture
def low_rates(monkeypatch):
    """The configured throttle classes with small rates, so the test needs few requests: what is
    tested is that the classes apply to the API (the rates themselves are settings)."""
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/minute", "user": "8/minute"})


def test_anonymous_clients_over_the_rate_get_a_429(low_rates):
    client = APIClient()
    statuses = [client.get("/api/v1/policies/").status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    response = client.get("/api/v1/policies/", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 429 and "Retry-After" in response


def test_signed_in_clients_over_the_rate_get_a_429_by_account(low_rates, make_user):
    youth = make_user("youth")
    token = _token(youth.email)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    statuses = [client.get(ME).status_code for _ in range(9)]
    assert statuses[:8] == [200] * 8 and statuses[8] == 429
    other = APIClient(HTTP_AUTHORIZATION=f"Token {_token(make_user('youth').email)}")
    assert other.get(ME).status_code == 200  # another account has its own allowance


def test_the_configured_rates_are_the_documented_ones(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"anon": "600/minute", "user": "1200/minute"}
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ]


# --- password resets ---------------------------------------------------------------------------------


def test_reset_emails_to_one_address_are_limited_without_saying_so(make_user, mailoutbox):
    youth = make_user("youth")
    client = Client()
    answers = [client.post("/en/accounts/password/reset/", {"email": youth.email}) for _ in range(6)]
    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {"/en/accounts/password/reset/done/"}
    assert len(mailoutbox) == 3  # three an hour, then nothing more is sent


def test_reset_requests_from_one_client_are_limited(make_user, mailoutbox):
    users = [make_user("youth") for _ in range(22)]
    client = Client()
    for user in users:
        client.post("/en/accounts/password/reset/", {"email": user.email})
    assert len(mailoutbox) == 20
