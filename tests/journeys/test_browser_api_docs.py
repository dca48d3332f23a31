"""The browsable API docs work in a real browser under the Content Security Policy."""

from __future__ import annotations

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_docs_render_under_csp(live_server, page, screenshot_dir, csp_violations):
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for(timeout=15000)
    assert "GBA Youth Portal API" in page.locator(".swagger-ui .info .title").inner_text()
    page.screenshot(path=str(screenshot_dir / "api-docs.png"))
    assert csp_violations == []
