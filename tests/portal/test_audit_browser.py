"""In headless Chromium: a reviewer reveals an applicant's identity number, then the approver
reads it in the audit log (in Traditional Chinese, then filtered in English); the page has no
serious accessibility violation and breaks no Content Security Policy rule."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, demo_user


def sign_in(page, base, key):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email address").fill(DEMO_USERS[key][0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/dashboard/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_approver_reads_who_revealed_an_identity_number(
    live_server, page, screenshot_dir, serious_a11y_violations, csp_violations
):
    from subsidies.models import Claim, ClaimState

    call_command("load_demo", verbosity=0)
    claim = Claim.objects.exclude(state=ClaimState.DRAFT).exclude(identity_number="").order_by("pk").first()
    assert claim is not None
    base = live_server.url

    sign_in(page, base, "reviewer")
    page.goto(f"{base}/en/subsidies/claims/{claim.pk}/")
    page.get_by_role("button", name="Show the full number (recorded)").click()
    page.get_by_test_id("full-identity").wait_for()
    page.wait_for_load_state("networkidle")  # the documents' previews, framed beside the claim
    assert csp_violations == []
    page.get_by_test_id("sign-out").click()

    sign_in(page, base, "approver")
    page.goto(f"{base}/zh-hant/audit/")
    assert page.get_by_role("heading", level=1).inner_text() == "稽核紀錄"
    table = page.get_by_test_id("audit-log")
    assert "已顯示完整證件號碼" in table.inner_text()
    assert claim.identity_number not in page.content()
    page.screenshot(path=str(screenshot_dir / "audit-log-zh-hant.png"), full_page=True)

    page.goto(f"{base}/en/audit/")
    page.get_by_label("Action").select_option("claim.identity_revealed")
    page.get_by_label("Object number").fill(str(claim.pk))
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r".*action=claim.identity_revealed.*"))
    rows = page.get_by_test_id("audit-log").locator("tbody tr")
    assert rows.count() == 1
    assert str(demo_user("reviewer")) in rows.first.inner_text()
    assert f"#{claim.pk}" in rows.first.inner_text()
    page.screenshot(path=str(screenshot_dir / "audit-log-filtered.png"), full_page=True)
    assert serious_a11y_violations(page) == []
    assert csp_violations == []
