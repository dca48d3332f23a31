"""In headless Chromium, in each language, a youth's claim walks past the defects of issue 14 that
a person met on the pages: the edit form keeps the saved dates (#1), an amount above what the rules
allow is told as it is entered (#5), a returned claim shows the question at the top (#6), a
filtered list survives a change of language (#7), and none of these pages scrolls sideways at
390 px (#10). The statistics' carried-forward figures (#3) are walked through in
tests/journeys/test_incubators_browser.py in each language."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS

# The words of each language the journey reads (the pages' own translations).
WORDS = {
    "zh-hant": {"most": "規則最多容許", "todo": "你需要做甚麼"},
    "zh-hans": {"most": "规则最多允许", "todo": "你需要做什么"},
    "en": {"most": "The rules allow at most", "todo": "What you need to do"},
}
QUESTION = "Please upload the contract's signed last page."


def _fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _submit(page) -> None:
    page.locator("#main-content form button.govuk-button").first.click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", list(WORDS))
def test_a_youths_claim_meets_none_of_the_trust_defects(live_server, page, lang, serious_a11y_violations):
    from subsidies import services
    from subsidies.models import Claim

    call_command("load_demo", verbosity=0)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    problems: list[str] = []

    page.goto(f"{base}/{lang}/accounts/login/")
    page.fill("#id_username", DEMO_USERS["youth"][0])
    page.fill("#id_password", DEMO_PASSWORD)
    _submit(page)
    page.wait_for_url(re.compile(r".*/dashboard/$"))

    page.goto(f"{base}/{lang}/subsidies/apply/futian-internship/")
    page.select_option("#id_education_level", "master")
    page.fill("#id_start_date", "2026-09-01")
    page.fill("#id_end_date", "2026-11-30")
    page.fill("#id_period", "2026-H2")
    _submit(page)
    page.wait_for_url(re.compile(rf".*/{lang}/subsidies/claims/\d+/$"))
    claim = Claim.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))

    # 1: the edit form shows the saved dates in the machine format an <input type=date> reads
    page.goto(f"{base}/{lang}/subsidies/claims/{claim.pk}/edit/")
    assert page.locator("#id_start_date").input_value() == "2026-09-01"
    assert page.locator("#id_end_date").input_value() == "2026-11-30"
    assert _fits_a_phone(page), page.url
    # 5: an amount above what the rules allow is told, at its field, in the page's language
    page.fill("#id_requested_amount", "99999")
    _submit(page)
    error = page.locator("#id_requested_amount_error")
    assert WORDS[lang]["most"] in error.inner_text() and "7,500" in error.inner_text()
    described = page.locator("#id_requested_amount").get_attribute("aria-describedby") or ""
    assert "id_requested_amount_error" in described.split()
    claim.refresh_from_db()
    assert claim.requested_amount is None and str(claim.start_date) == "2026-09-01"  # nothing half-saved
    problems.extend(serious_a11y_violations(page))

    # 6: returned with a question, the claim's page opens on it
    for doc in claim.scheme.required_documents.all():
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.claim_document_add(
            claim_id=claim.pk,
            actor=claim.applicant,
            kind=doc.code,
            upload=SimpleUploadedFile(f"{doc.code}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        )
    from accounts.demo import demo_user

    services.claim_submit(claim_id=claim.pk, actor=claim.applicant, declaration=True)
    services.claim_start_review(claim_id=claim.pk, actor=demo_user("reviewer"))
    services.claim_return(claim_id=claim.pk, actor=demo_user("reviewer"), note=QUESTION)
    page.goto(f"{base}/{lang}/subsidies/claims/{claim.pk}/")
    box = page.get_by_test_id("return-request")
    assert WORDS[lang]["todo"] in box.inner_text() and QUESTION in box.inner_text()
    top = page.evaluate(
        "[...document.querySelectorAll('[data-testid=return-request], [data-testid=timeline]')]"
        ".map(e => e.getBoundingClientRect().top + window.scrollY)"
    )
    assert top[0] < top[1]  # the question before the details and the timeline
    assert _fits_a_phone(page), page.url
    problems.extend(serious_a11y_violations(page))

    # 7: a filtered list keeps its filter when the language changes (filters carry codes)
    page.goto(f"{base}/{lang}/bases/?city=shenzhen")
    filtered = page.locator("#main-content").inner_text()
    other = next(code for code in WORDS if code != lang)
    page.locator(f'a[hreflang="{other}"]').first.click()
    page.wait_for_url(re.compile(rf".*/{other}/bases/\?city=shenzhen"))
    assert page.locator(".govuk-error-summary").count() == 0
    assert page.locator("#id_city").input_value() == "shenzhen"
    assert filtered and _fits_a_phone(page), page.url
    assert problems == [], "\n".join(problems)
