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


def test_who_to_ask_is_the_schemes_service_point_with_its_details(client, django_assert_max_num_queries):
    """Each measure's contact is the service point staff name for it (the demo: the district's
    point for Hong Kong youth), linked to its page, with its hours, phone and email as the places
    app keeps them; a measure without one says "to be confirmed"."""
    from portal.demo import load_all
    from subsidies.models import Scheme

    load_all()
    place = Scheme.objects.get(code="futian-internship").contact_place
    assert place is not None and place.slug == "futian-hk-youth-one-stop"
    place.contact_phone = "+86 755 0000 0000"
    place.contact_email = "one-stop@futian.example"
    place.save()
    assert Scheme.objects.get(code="municipal-base-award").contact_place is None
    with django_assert_max_num_queries(12):  # whatever the number of schemes
        html = client.get("/zh-hant/help/").content.decode()
    assert "福田香港青年創業就業一站式服務處" in html
    assert 'href="/zh-hant/places/futian-hk-youth-one-stop/"' in html
    assert 'href="tel:+86 755 0000 0000"' in html and "mailto:one-stop@futian.example" in html
    assert "待確認" in html  # the municipal award's office, and hours nobody has given
    # hours once the place has them: a link to its week, in the page's words (not "MO,TU 09:00")
    from datetime import time

    place.opening_rules.create(byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(18))
    html = client.get("/zh-hant/help/").content.decode()
    assert "本週開放時間" in html and "MO,TU" not in html and "Mo-Fr" not in html
