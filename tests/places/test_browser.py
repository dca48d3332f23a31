"""In headless Chromium, in each language: the list of service points, a filter, the map with no
tiles (every tile request fails, as on a machine without internet), and a place's page; axe-core
finds no serious or critical violation, nothing breaks the Content Security Policy, and nothing
scrolls sideways on a 390 px wide phone."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from places.models import Place, PlaceKind

LANGUAGES = ["zh-hant", "zh-hans", "en"]
HEADINGS = {"zh-hant": "服務點", "zh-hans": "服务点", "en": "Service points"}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_list_filter_map_without_tiles_and_a_place(
    live_server, page, screenshot_dir, serious_a11y_violations, csp_violations, language
):
    call_command("load_demo", verbosity=0)
    failed_tiles: list[str] = []

    def refuse(route):
        failed_tiles.append(route.request.url)
        route.abort()

    # only the portal answers: tiles (and anything else outside) fail
    page.route(lambda url: not url.startswith(live_server.url), refuse)
    page.set_viewport_size({"width": 1280, "height": 900})
    problems: list[str] = []

    page.goto(f"{live_server.url}/{language}/places/")
    assert page.locator("h1").inner_text() == HEADINGS[language]
    total = Place.objects.count()
    assert page.locator("[data-testid=places-list] > li").count() == total
    # the map: one marker a place with coordinates, and the note that the tiles did not load
    page.wait_for_selector("#places-map .leaflet-marker-icon")
    mapped = Place.objects.filter(latitude__isnull=False).count()
    assert page.locator("#places-map .leaflet-marker-icon").count() == mapped
    page.wait_for_selector("[data-testid=places-map-no-tiles]:not([hidden])")
    assert failed_tiles, "the page should have tried the tile server"
    page.screenshot(path=str(screenshot_dir / f"places-list-{language}.png"), full_page=True)
    problems.extend(f"list: {v}" for v in serious_a11y_violations(page))

    # a filter: the reverse enclaves
    page.select_option("#id_kind", PlaceKind.REVERSE_ENCLAVE)
    page.locator("[data-testid=places-filters] button").click()
    page.wait_for_url("**kind=reverse_enclave**")
    enclaves = Place.objects.filter(kind=PlaceKind.REVERSE_ENCLAVE).count()
    assert page.locator("[data-testid=places-list] > li").count() == enclaves == 3
    problems.extend(f"filtered: {v}" for v in serious_a11y_violations(page))

    # a place's page: 14 days of hours, "to be confirmed" where the seeds say nothing
    page.locator("[data-testid=places-list] a").first.click()
    page.wait_for_selector("[data-testid=place-hours]")
    assert page.locator("[data-testid=place-hours] tbody tr").count() == 14
    page.screenshot(path=str(screenshot_dir / f"places-detail-{language}.png"), full_page=True)
    problems.extend(f"detail: {v}" for v in serious_a11y_violations(page))

    # a phone: nothing scrolls sideways
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (f"/{language}/places/", f"/{language}/places/luohu-hk-groups-service-centre/"):
        page.goto(f"{live_server.url}{url}")
        assert no_sideways_scroll(page), url
    page.screenshot(path=str(screenshot_dir / f"places-phone-{language}.png"), full_page=True)

    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_list_without_javascript(live_server, browser):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/places/?city=futian")
    assert not page.locator("[data-testid=places-map-wrapper]").is_visible()
    names = page.locator("[data-testid=places-list] h3").all_inner_texts()
    assert "Hetao “e-Station” service hall" in names
    page.locator("[data-testid=places-list] a").first.click()
    assert page.locator("[data-testid=place-hours] tbody tr").count() == 14
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_operator_edits_and_reports_are_accessible(live_server, page, serious_a11y_violations, csp_violations):
    from accounts.demo import DEMO_PASSWORD
    from places.demo import DEMO_OPERATED_PLACE, DEMO_PLACE_OPERATOR

    call_command("load_demo", verbosity=0)
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email address").fill(DEMO_PLACE_OPERATOR[0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    page.goto(f"{live_server.url}/en/places/{DEMO_OPERATED_PLACE}/edit/")
    problems = [f"edit: {v}" for v in serious_a11y_violations(page)]
    page.fill("#id_hours", "MO-FR 09:00-18:00\nsometimes")
    page.locator("[data-testid=place-edit-form] button").click()
    page.wait_for_selector(".govuk-error-summary")
    described = page.get_attribute("#id_hours", "aria-describedby") or ""
    for element_id in described.split():
        assert page.locator(f"#{element_id}").count() == 1, element_id
    problems.extend(f"edit error: {v}" for v in serious_a11y_violations(page))
    page.fill("#id_hours", "MO-FR 09:00-18:00")
    page.locator("[data-testid=place-edit-form] button").click()
    page.wait_for_url(f"**/places/{DEMO_OPERATED_PLACE}/")
    assert page.locator("[data-testid=place-hours] tbody tr td", has_text="09:00–18:00").count() >= 1
    # report a change (the operator is signed in too)
    page.fill("#id_message", "The 29/F office moved.")
    page.locator("[data-testid=place-report-form] button").click()
    page.wait_for_selector(".govuk-notification-banner--success")
    problems.extend(f"detail: {v}" for v in serious_a11y_violations(page))
    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)
