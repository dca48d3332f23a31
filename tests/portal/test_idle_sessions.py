"""Idle sessions end: staff after 30 minutes unused, everyone else after two hours, in the
person's language, and a page asked for afterwards goes to the sign-in page with the way back."""

from __future__ import annotations

import pytest

from portal.middleware import IdleSessionTimeoutMiddleware

pytestmark = pytest.mark.django_db
KEY = IdleSessionTimeoutMiddleware.KEY


def _idle(client, minutes: int) -> None:
    session = client.session
    session[KEY] = int(session[KEY]) - minutes * 60
    session.save()


@pytest.mark.parametrize(
    ("role", "minutes", "signed_in"),
    [("reviewer", 29, True), ("reviewer", 31, False), ("approver", 31, False), ("youth", 31, True),
     ("youth", 119, True), ("youth", 121, False)],
)  # fmt: skip
def test_a_session_ends_after_its_idle_limit(client, make_user, role, minutes, signed_in):
    client.force_login(make_user(role))
    _idle(client, minutes)
    response = client.get("/en/accounts/profile/")
    if signed_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=/en/accounts/profile/")
        assert client.get("/en/accounts/profile/").status_code == 302  # it stays ended


def test_the_notice_is_in_the_readers_language(client, make_user):
    client.force_login(make_user("approver"))
    _idle(client, 45)
    response = client.get("/zh-hant/accounts/profile/", follow=True)
    assert "閒置" in response.content.decode()


def test_using_the_portal_keeps_the_session(client, make_user):
    client.force_login(make_user("reviewer"))
    for _ in range(3):
        _idle(client, 20)  # 20 minutes between pages: never 30 in a row
        assert client.get("/en/accounts/profile/").status_code == 200


def test_an_api_request_with_an_idle_session_gets_a_401(client, make_user):
    client.force_login(make_user("reviewer"))
    _idle(client, 31)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["reason"] == "session_expired"
