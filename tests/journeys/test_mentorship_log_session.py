"""In headless Chromium: the demo mentor signs in, logs a career guidance session for a mentee
and sees the entitlement go up by 200 RMB."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


def assert_accessible(page):
    """axe-core (vendored with axe-playwright-python) finds no violation in the page's main content
    (the shared header is the foundation's: its logotype contrast is reported separately)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context="main")
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_mentor_logs_a_session_and_sees_the_entitlement_change(live_server, page, screenshot_dir):
    call_command("load_demo", verbosity=0)
    page.goto(f"{live_server.url}/en/mentors/")
    assert page.get_by_test_id("mentor-list").get_by_role("link", name="Lee Chi Ming").count() == 1
    page.screenshot(path=str(screenshot_dir / "mentorship-list-en.png"), full_page=True)
    assert_accessible(page)

    page.goto(f"{live_server.url}/en/accounts/login/?next=/en/mentors/my-mentees/")
    page.get_by_label("Email address").fill(DEMO_USERS["mentor"][0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/en/mentors/my-mentees/")
    total = page.get_by_test_id("entitlement-total")
    assert total.inner_text().strip() == "4,000"
    page.screenshot(path=str(screenshot_dir / "mentorship-my-mentees-before.png"), full_page=True)
    assert_accessible(page)

    page.get_by_test_id("mentees").get_by_role("link", name=re.compile("Chan Ka Yan")).click()
    assert page.get_by_test_id("career-guidance").inner_text().strip() == "600"
    page.get_by_role("radio", name="Career guidance session").check()
    page.get_by_label("Topic").fill("Preparing for a first appraisal in Luohu")
    page.get_by_role("button", name="Log the service").click()
    page.wait_for_load_state()
    assert "The service has been logged." in page.locator("body").inner_text()
    assert page.get_by_test_id("career-guidance").inner_text().strip() == "800"
    assert "Preparing for a first appraisal in Luohu" in page.get_by_test_id("services").inner_text()
    page.screenshot(path=str(screenshot_dir / "mentorship-session-logged.png"), full_page=True)
    assert_accessible(page)

    # a second kind that does not fit the mentee (employed): refused with a clear message
    page.get_by_role("radio", name="Internship guidance").check()
    page.get_by_label("Number of days (internship guidance)").fill("2")
    page.get_by_role("button", name="Log the service").click()
    page.wait_for_load_state()
    assert "Internship guidance is for an unemployed mentee" in page.locator("body").inner_text()
    page.screenshot(path=str(screenshot_dir / "mentorship-service-refused.png"), full_page=True)
    assert_accessible(page)

    page.goto(f"{live_server.url}/en/mentors/my-mentees/")
    assert page.get_by_test_id("entitlement-total").inner_text().strip() == "4,200"
    assert page.get_by_test_id("entitlement-claimable").inner_text().strip() == "4,200"
