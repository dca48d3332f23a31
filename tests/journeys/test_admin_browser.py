"""The admin's policy editor in headless Chromium (issue 14, defect 8): modeltranslation's language
tabs work under the portal's Content Security Policy (jQuery UI is vendored; it came from a CDN
the policy blocks, so the page showed three identical "標題" fields with no language), and the
admin's names are in Chinese."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.portal.test_audit_browser import sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_policy_editor_shows_one_tab_per_language(live_server, page, csp_violations):
    from policies.models import Policy

    call_command("load_demo", verbosity=0)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, "admin")
    policy = Policy.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/zh-hant/admin/policies/policy/{policy.pk}/change/")
    page.locator(".ui-tabs").first.wait_for()
    tabs = page.locator(".ui-tabs-nav").first.inner_text()
    assert "zh-hant" in tabs.lower() or "繁" in tabs, tabs
    assert errors == [] and csp_violations == []
    page.goto(f"{live_server.url}/zh-hant/admin/")
    index = page.locator("#content-main").inner_text()
    assert "登入嘗試" in index and "API 權杖" in index
    assert "Access attempts" not in index and "Tokens" not in index
