"""The shell: every public page in every language, the switcher, health, API docs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

LANGUAGES = ["zh-hant", "zh-hans", "en"]
PUBLIC_PAGES = [
    "home",
    "login",
    "signup",
    "password_reset",
    "policies:list",
    "incubators:base_list",
    "mentorship:index",
    "subsidies:index",
]


def url_in(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_renders_in_every_language(client, name, language):
    url = url_in(name, language)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    # hreflang alternates for all three languages, pointing at the same page
    for other in LANGUAGES:
        assert f'hreflang="{other}" href="http://127.0.0.1:8000{url_in(name, other)}"' in html


@pytest.mark.django_db
def test_home_is_translated(client):
    assert "大灣區青年" in client.get("/zh-hant/").content.decode()
    assert "大湾区青年" in client.get("/zh-hans/").content.decode()
    assert "GBA Youth Portal" in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_language_switcher_keeps_the_path_and_query(client):
    html = client.get("/zh-hant/accounts/login/?next=/zh-hant/dashboard/").content.decode()
    assert 'href="/en/accounts/login/?next=/zh-hant/dashboard/"' in html
    assert 'href="/zh-hans/accounts/login/?next=/zh-hant/dashboard/"' in html


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_dashboard_needs_sign_in(client):
    response = client.get("/en/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.django_db
def test_healthz_reports_every_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"]["ok"] is True
    assert data["broker"]["ok"] is True
    assert set(data) >= {"database", "broker", "worker", "failing"}


@pytest.mark.django_db
def test_health_report_names_the_broker_when_it_is_down():
    from portal.health import health_report

    healthy, report = health_report(broker_url="redis://127.0.0.1:9/0")  # nothing listens there
    assert healthy is False
    assert report["status"] == "unavailable"
    assert report["failing"] == ["broker", "worker"]
    assert report["database"]["ok"] is True


@pytest.mark.django_db
def test_api_schema_and_docs(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content.lower()
    assert b"cdn." not in docs.content  # assets vendored


@pytest.mark.django_db
def test_api_language_follows_accept_language_and_lang(client, make_user):
    user = make_user("youth")
    client.force_login(user)
    r = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r["Content-Language"] == "zh-hans"
    r = client.get("/api/v1/me/?lang=en", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r["Content-Language"] == "en"
    assert r.json()["roles"] == ["youth"]


def test_no_external_cdn_in_base_template():
    from pathlib import Path

    html = (Path(__file__).resolve().parents[2] / "templates" / "base.html").read_text()
    assert "http://" not in html.replace("http://127.0.0.1", "")
    assert "https://" not in html


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_script(client):
    csp = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.django_db
def test_pages_of_signed_in_users_are_not_stored(client, make_user):
    assert "no-store" not in client.get("/en/").get("Cache-Control", "")
    client.force_login(make_user("youth"))
    assert "no-store" in client.get("/en/dashboard/")["Cache-Control"]
    assert "no-store" in client.get("/api/v1/me/")["Cache-Control"]


@pytest.mark.django_db
def test_api_docs_page_has_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html.replace(" ", "")
