"""The client's address behind reverse proxies (TRUSTED_PROXY_COUNT): what the audit log records,
what the sign-in throttle locks and what the API's rate limits count, from one rule."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from portal.client_address import client_address

PROXY = "10.0.0.2"


def request_with(forwarded: str | None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # served directly: the header is anyone's to write
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own entry on the left is ignored
        (2, "203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", PROXY),  # not through both proxies: only the connection is known
        (1, None, PROXY),
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_first_trusted_proxy_wrote(proxies, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request_with(forwarded)) == expected


def test_the_setting_reaches_drf_and_the_sign_in_throttle_from_the_environment():
    """TRUSTED_PROXY_COUNT is read once, at start-up, into DRF's NUM_PROXIES: a fresh process
    with the variable set, as a deployment would start."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from rest_framework.settings import api_settings; "
        "print(json.dumps([settings.TRUSTED_PROXY_COUNT, api_settings.NUM_PROXIES, settings.AXES_CLIENT_IP_CALLABLE]))"
    )
    for value in ("0", "2"):
        env = {**os.environ, "TRUSTED_PROXY_COUNT": value}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout.strip().splitlines()[-1]) == [
            int(value),
            int(value),
            "portal.client_address.client_address",
        ]


def test_the_api_rate_limits_count_the_same_client():
    assert api_settings.NUM_PROXIES == 0  # the default: as above
    with override_settings(TRUSTED_PROXY_COUNT=1, REST_FRAMEWORK={"NUM_PROXIES": 1}):
        for forwarded in ("203.0.113.5", "6.6.6.6, 203.0.113.5"):
            request = request_with(forwarded)
            assert AnonRateThrottle().get_ident(request) == client_address(request) == "203.0.113.5"


@pytest.mark.django_db
@pytest.mark.parametrize(("proxies", "victim_locked_out"), [(1, False), (0, True)])
def test_behind_a_proxy_an_attacker_locks_out_only_themselves(client, make_user, settings, proxies, victim_locked_out):
    """Sign-in attempts are throttled per account and address. Counting the proxy's address (0
    trusted proxies behind a real proxy) lets anyone lock an account out for everybody."""
    settings.TRUSTED_PROXY_COUNT = proxies
    make_user("youth", email="victim@example.com")
    url = "/en/accounts/login/"
    for spoofed in range(6):  # varying the entry the attacker writes themselves changes nothing
        client.post(
            url,
            {"username": "victim@example.com", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{spoofed}, 198.51.100.9",
        )
    attacker = client.post(
        url,
        {"username": "victim@example.com", "password": "correct-horse-42"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert attacker.status_code == 429
    victim = client.post(
        url,
        {"username": "victim@example.com", "password": "correct-horse-42"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert (victim.status_code == 429) is victim_locked_out
    if not victim_locked_out:
        assert victim.status_code == 302
