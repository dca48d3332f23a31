"""In headless Chromium: the home page, the language switcher, a demo youth signing in and out."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_language_switch_sign_in_and_out(
    live_server, page, screenshot_dir, serious_a11y_violations, csp_violations
):
    call_command("load_demo", verbosity=0)
    page.goto(f"{live_server.url}/zh-hant/")
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    assert "大灣區" in page.locator("h1").inner_text()
    page.screenshot(path=str(screenshot_dir / "home-zh-hant.png"), full_page=True)
    assert serious_a11y_violations(page) == []

    page.get_by_role("navigation", name="語言").get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(screenshot_dir / "home-en.png"), full_page=True)
    assert serious_a11y_violations(page) == []

    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email address").fill(DEMO_USERS["youth"][0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    assert serious_a11y_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    # the demo youth prefers Traditional Chinese: the dashboard opens in it
    page.wait_for_url(f"{live_server.url}/zh-hant/dashboard/")
    assert "我的主頁" in page.locator("h1").inner_text()
    page.screenshot(path=str(screenshot_dir / "dashboard-youth.png"), full_page=True)
    assert serious_a11y_violations(page) == []

    page.get_by_test_id("sign-out").click()
    page.wait_for_url(f"{live_server.url}/zh-hant/")
    assert page.get_by_role("link", name="登入").count() >= 1
    assert csp_violations == [], "\n".join(csp_violations)
