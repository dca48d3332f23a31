"""In headless Chromium: a youth applies for the Futian internship subsidy with her documents, a
reviewer recommends the claim, and an approver approves it."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


def assert_accessible(page):
    """No serious or critical axe-core violations in the page's main content (this app's part;
    the shared header is the foundation's)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context="#main-content")
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(page, base, key):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email address").fill(DEMO_USERS[key][0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/dashboard/$"))


def sign_out(page):
    page.get_by_test_id("sign-out").click()


@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_youth_applies_reviewer_recommends_approver_approves(live_server, page, screenshot_dir):
    call_command("load_demo", verbosity=0)
    base = live_server.url

    # the youth applies
    sign_in(page, base, "youth")
    page.goto(f"{base}/en/subsidies/")
    page.get_by_role("link", name=re.compile("Apply – Futian internship subsidy")).click()
    page.wait_for_url(f"{base}/en/subsidies/apply/futian-internship/")
    page.get_by_label("Education level").select_option("master")
    page.get_by_label("Internship start date").fill("2026-09-01")
    page.get_by_label("Internship end date").fill("2026-11-30")
    page.get_by_label("Period").fill("2026-H2")
    page.screenshot(path=str(screenshot_dir / "subsidies-apply.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r".*/en/subsidies/claims/\d+/$"))
    claim_url = page.url
    assert page.get_by_test_id("calculation").inner_text().startswith("master, 3 whole months × 2,500 = 7,500")

    for kind in ("identity", "degree", "contract"):
        page.get_by_label("Kind of document").select_option(kind)
        page.get_by_label(re.compile("File")).set_input_files(
            files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.get_by_role("button", name="Upload").click()
        page.wait_for_url(claim_url)
    # the declaration must be ticked: without it, an error linked to the box
    page.get_by_role("button", name="Submit the claim").click()
    assert page.locator("#id_declaration_error").is_visible()
    page.get_by_label(re.compile("I declare that the information")).check()
    page.get_by_role("button", name="Submit the claim").click()
    page.wait_for_url(re.compile(r".*/en/subsidies/claims/\d+/submitted/$"))
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"FT-INT-\d{4}-\d{6}", reference), reference
    assert "20 working days" in page.get_by_test_id("service-standard").inner_text()
    assert_accessible(page)
    page.goto(claim_url)
    assert "Submitted" in page.locator("h1").inner_text() and reference in page.locator("h1").inner_text()
    page.screenshot(path=str(screenshot_dir / "subsidies-submitted.png"), full_page=True)
    assert_accessible(page)
    sign_out(page)

    # the reviewer finds it in the queue, reviews and recommends it
    sign_in(page, base, "reviewer")
    page.goto(f"{base}/en/subsidies/review/")
    assert_accessible(page)
    claim_path = claim_url.removeprefix(base)
    page.locator(f'a[href="{claim_path}"]').first.click()
    page.wait_for_url(claim_url)
    page.get_by_role("button", name="Start the review").click()
    page.wait_for_url(claim_url)
    page.get_by_label("Note").fill("Degree and contract checked.")
    page.get_by_role("button", name="Recommend", exact=True).click()
    page.wait_for_url(claim_url)
    assert "Recommended" in page.locator("h1").inner_text()
    sign_out(page)

    # the approver approves the amount the rules allow
    sign_in(page, base, "approver")
    page.goto(claim_url)
    assert page.get_by_label("Amount approved (RMB)").input_value() in ("7500.00", "7500")
    page.screenshot(path=str(screenshot_dir / "subsidies-review.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url(claim_url)
    assert "Approved" in page.locator("h1").inner_text()
    assert page.get_by_test_id("approved").inner_text() == "7,500"
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("Submitted", "In review", "Recommended", "Approved"):
        assert step in timeline
    page.screenshot(path=str(screenshot_dir / "subsidies-approved.png"), full_page=True)
    page.goto(f"{base}/en/subsidies/statistics/")
    page.wait_for_function("document.getElementById('chart-states').width > 0")
    page.screenshot(path=str(screenshot_dir / "subsidies-statistics.png"), full_page=True)
    assert_accessible(page)
