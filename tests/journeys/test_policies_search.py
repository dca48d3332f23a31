"""In headless Chromium: a Hong Kong reader searches the guides in Traditional Chinese, opens a
result and switches it to English."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command


def assert_accessible(page):
    """No serious or critical axe-core violation in the page's main content (the shared header
    and footer belong to base.html)."""
    results = Axe().run(page, context="main")
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_in_traditional_open_result_switch_to_english(live_server, page, screenshot_dir):
    call_command("load_demo", verbosity=0)
    page.goto(f"{live_server.url}/zh-hant/policies/")
    assert page.locator("h1").inner_text() == "政策指南"

    # 实习 is stored in Simplified in the sources; the reader types Traditional
    filters = page.get_by_test_id("policy-filters")
    filters.get_by_label("搜尋").fill("福田 實習補貼")
    filters.get_by_role("button").click()
    page.wait_for_url("**/zh-hant/policies/?search=*")
    results = page.get_by_test_id("policy-results")
    first = results.get_by_role("link").first
    assert first.inner_text() == "福田區港澳青年實習補貼"
    assert results.locator("mark").first.inner_text() in {"福田", "實習補貼"}
    page.screenshot(path=str(screenshot_dir / "policies-search-zh-hant.png"), full_page=True)
    assert_accessible(page)

    first.click()
    page.wait_for_url(f"{live_server.url}/zh-hant/policies/futian-internship-subsidy/")
    assert page.locator("h1").inner_text() == "福田區港澳青年實習補貼"
    # amounts are formatted by portal_tags.rmb: Django's zh-hant format has no thousands separator
    assert "2,500 元人民幣" in page.get_by_test_id("benefits-table").inner_text()
    page.screenshot(path=str(screenshot_dir / "policies-detail-zh-hant.png"), full_page=True)

    page.get_by_role("navigation", name="語言").get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/policies/futian-internship-subsidy/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Futian internship subsidy for Hong Kong and Macau youth"
    assert "Master's degree" in page.get_by_test_id("benefits-table").inner_text()  # the scheme's rule
    assert page.get_by_test_id("fallback-notice").count() == 0
    page.screenshot(path=str(screenshot_dir / "policies-detail-en.png"), full_page=True)
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_checker_in_english(live_server, page, screenshot_dir):
    call_command("load_demo", verbosity=0)
    page.goto(f"{live_server.url}/en/policies/check/")
    page.get_by_label("Hong Kong").check()
    page.get_by_label("Your age").fill("24")
    page.get_by_label("Your highest education level").select_option("master")
    page.get_by_label("Studying").check()
    page.get_by_label("Which city or district are you interested in?").select_option("shenzhen")
    page.get_by_label("An internship").check()
    page.get_by_label("If you intern: for how many months?").fill("3")
    page.get_by_role("button", name="Show the policies that fit me").click()
    result = page.locator('[data-slug="futian-internship-subsidy"]')
    assert "Master's degree, 3 months: up to 7,500 RMB" in result.get_by_test_id("estimate").inner_text()
    page.screenshot(path=str(screenshot_dir / "policies-checker-en.png"), full_page=True)
    assert_accessible(page)
