"""Issue 14 #4 in headless Chromium: a staff member viewing a claim opens no document; opening a
preview loads it then, and the audit log records that one opening."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from portal.models import AuditEntry


def sign_in_as(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def openings():
    return AuditEntry.objects.filter(action="claim.document_downloaded").count()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_preview_loads_and_is_logged_only_when_opened(
    live_server, page, kit, serious_a11y_violations, csp_violations
):
    claim = kit.submitted()
    documents = list(claim.documents.order_by("pk"))
    assert len(documents) >= 2
    requested: list[str] = []
    page.on(
        "request", lambda request: requested.append(request.url) if "/subsidies/documents/" in request.url else None
    )
    sign_in_as(page, live_server, kit.reviewer)
    page.goto(f"{live_server.url}/en/subsidies/claims/{claim.pk}/")
    page.wait_for_load_state("networkidle")
    assert requested == [] and openings() == 0  # viewing the claim opens nothing
    first = documents[0]
    page.get_by_test_id(f"preview-{first.pk}").locator("summary").click()
    page.wait_for_selector(f"[data-testid=preview-{first.pk}] .subsidies-preview")
    page.wait_for_load_state("networkidle")
    for _ in range(50):  # the live server writes the entry in its own thread
        if openings():
            break
        page.wait_for_timeout(100)
    # only the document opened is fetched (Chromium's PDF viewer may fetch it twice) and logged
    assert requested and {url.split("/documents/")[1] for url in requested} == {f"{first.pk}/?inline=1"}
    logged = list(AuditEntry.objects.filter(action="claim.document_downloaded").values_list("object_id", "actor_id"))
    assert logged and set(logged) == {(first.pk, kit.reviewer.pk)}, logged
    page.wait_for_timeout(1500)  # the PDF viewer's own fetch, if any, has come by now
    before = len(requested)
    # closing and opening it again fetches nothing more
    page.get_by_test_id(f"preview-{first.pk}").locator("summary").click()
    page.get_by_test_id(f"preview-{first.pk}").locator("summary").click()
    page.wait_for_load_state("networkidle")
    assert len(requested) == before
    assert serious_a11y_violations(page) == []
    assert csp_violations == []
