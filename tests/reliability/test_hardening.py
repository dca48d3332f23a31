"""Hardening: generic translated error pages, security headers, production cookie settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.reliability

SECRET = "secret-internal-detail"


@pytest.mark.urls("tests.reliability.urls_boom")
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Sorry, there is a problem with the service"),
        ("zh-hant", "抱歉，服務出現問題"),
        ("zh-hans", "抱歉，服务出现问题"),
    ],
)
def test_a_failing_view_gives_the_generic_500_page_in_the_users_language(client, settings, language, heading):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    body = response.content.decode()
    assert heading in body
    assert SECRET not in body
    assert "Traceback" not in body and "RuntimeError" not in body and "urls_boom" not in body


def test_the_500_page_needs_neither_the_request_nor_the_database():
    # Django's server_error view renders 500.html with an empty context and no request; without a
    # django_db mark any database access here raises.
    with translation.override("zh-hant"):
        body = render_to_string("500.html")
    assert "抱歉，服務出現問題" in body
    assert '<html lang="zh-hant"' in body


@pytest.mark.urls("tests.reliability.urls_boom")
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/forbidden/", 403, "You cannot see this page"),
        ("/bad/", 400, "The request could not be understood"),
        ("/no-such-page/", 404, "Page not found"),
    ],
)
def test_other_errors_are_generic_too(client, settings, path, status, heading):
    settings.DEBUG = False
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    body = response.content.decode()
    assert heading in body
    assert SECRET not in body


@pytest.mark.django_db
def test_404_of_the_portal_is_translated(client):
    response = client.get("/zh-hans/no-such-page/")
    assert response.status_code == 404
    assert "找不到" in response.content.decode()


@pytest.mark.django_db
def test_security_headers_on_a_page(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def _production_settings(*names: str) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-9f3a7c2e1d5b8a6f4e0c",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "ALLOWED_HOSTS": "portal.example.gov.cn",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cookies_are_secure_in_production():
    values = _production_settings(
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    }


def test_bandit_finds_nothing_beyond_the_reviewed_baseline():
    """bandit over the portal's code (offline): the 8 accepted findings of
    scripts/bandit-baseline.json, explained in docs/RELIABILITY.md, and nothing new."""
    bandit = Path(sys.executable).with_name("bandit")
    code = ["portal", "accounts", "policies", "incubators", "mentorship", "subsidies", "scripts", "manage.py"]
    result = subprocess.run(
        [str(bandit), "-q", "-r", *code, "-x", "*/migrations/*,*/tests/*", "-b", "scripts/bandit-baseline.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
