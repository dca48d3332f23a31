"""Help, FAQ, accessibility statement and the service's status for people (issue 14): in the
reader's language, linked from every page's footer; the status page says in words which part is
not working (the footer's link opened raw JSON)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "heading"), [("zh-hant", "服務狀態"), ("zh-hans", "服务状态"), ("en", "Service status")]
)
def test_the_status_page_speaks_the_readers_language(client, lang, heading):
    html = client.get(f"/{lang}/status/").content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert "/healthz" in html


def test_the_status_page_names_the_part_that_does_not_work(client, monkeypatch):
    from portal import health

    monkeypatch.setattr(health, "check_broker", lambda url=None: (False, "unreachable"))
    html = client.get("/en/status/").content.decode()
    assert "Part of the portal is not working at the moment" in html
    assert html.count("Not working") == 2  # the queue, and the worker behind it


@pytest.mark.parametrize("path", ["help/", "help/faq/", "help/accessibility/", "status/"])
def test_every_page_links_the_help_pages(client, path):
    html = client.get("/zh-hant/").content.decode()
    assert f'href="/zh-hant/{path}"' in html
    assert client.get(f"/zh-hant/{path}").status_code == 200


def test_the_help_page_lists_who_to_ask_about_each_open_scheme(client):
    from subsidies.demo import ensure_schemes

    schemes = ensure_schemes()
    html = client.get("/en/help/").content.decode()
    for scheme in schemes.values():
        if scheme.is_open:
            assert str(scheme.name) in html
