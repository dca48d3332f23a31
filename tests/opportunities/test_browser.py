"""In headless Chromium, in each language: a youth finds the Workshop's internship, applies with
a CV and sees its status; the employer shortlists, offers; the youth accepts; the employer records
the placement; the youth opens the internship subsidy claim it earns. Every page: no serious or
critical axe-core violation, nothing against the Content Security Policy, no sideways scroll on a
390 px wide phone."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from opportunities.demo import DEMO_EMPLOYER
from opportunities.models import Application, ApplicationState, Vacancy

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LANGUAGES = ["zh-hant", "zh-hans", "en"]
HEADINGS = {"zh-hant": "實習與就業", "zh-hans": "实习与就业", "en": "Internships and jobs"}
SUBMITTED = {"zh-hant": "已提交", "zh-hans": "已提交", "en": "Submitted"}
CLAIM_BUTTON = {"zh-hant": "申請實習補貼", "zh-hans": "申请实习补贴", "en": "Apply for the internship subsidy"}


def sign_in(page, base, email):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/dashboard/$"))


def sign_out(page):
    page.get_by_test_id("sign-out").click()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_apply_offer_accept_place_and_claim(
    live_server, page, screenshot_dir, serious_a11y_violations, csp_violations, language
):
    call_command("load_demo", verbosity=0)
    base, lang = live_server.url, language
    problems: list[str] = []

    def check(name: str) -> None:
        problems.extend(f"{name}: {v}" for v in serious_a11y_violations(page))
        page.set_viewport_size({"width": 390, "height": 844})
        if not no_sideways_scroll(page):
            problems.append(f"{name}: scrolls sideways at 390 px")
        page.set_viewport_size({"width": 1280, "height": 900})

    internship = Vacancy.objects.get(title_en__startswith="Start-up team summer intern")
    youth_email = DEMO_USERS["youth2"][0]

    # the youth finds the internship (filtered by kind and city) and applies with a CV
    sign_in(page, base, youth_email)
    page.goto(f"{base}/{lang}/opportunities/")
    assert page.locator("h1").inner_text() == HEADINGS[lang]
    check("list")
    page.select_option("#id_kind", "internship")
    page.select_option("#id_city", "futian")
    page.locator("[data-testid=vacancy-filters] button").click()
    page.wait_for_url("**city=futian**")
    page.locator(f"[data-testid=vacancy-{internship.pk}] a").click()
    page.wait_for_selector("[data-testid=cross-border-facts]")
    page.screenshot(path=str(screenshot_dir / f"opportunities-detail-{lang}.png"), full_page=True)
    check("detail")
    page.select_option("#id_education_level", "bachelor")
    page.fill("#id_note", "HKU, year 3")
    page.set_input_files("#id_cv", files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_test_id("apply-submit").click()
    page.wait_for_url(f"**/{lang}/opportunities/my-applications/")
    application = Application.objects.get(vacancy=internship, applicant__email=youth_email)
    card = page.get_by_test_id(f"application-{application.pk}")
    assert card.get_by_test_id("application-state").inner_text() == SUBMITTED[lang]
    check("my applications")
    sign_out(page)

    # the employer shortlists and offers
    sign_in(page, base, DEMO_EMPLOYER[0])
    page.goto(f"{base}/{lang}/opportunities/vacancies/{internship.pk}/applicants/")
    check("applicants")
    page.get_by_test_id(f"action-shortlist-{application.pk}").click()
    page.get_by_test_id(f"action-offer-{application.pk}").click()
    page.wait_for_selector(
        f"[data-testid=applicant-{application.pk}] [data-testid=action-offer-{application.pk}]", state="detached"
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.OFFERED
    sign_out(page)

    # the youth accepts
    sign_in(page, base, youth_email)
    page.goto(f"{base}/{lang}/opportunities/my-applications/")
    page.get_by_test_id(f"application-{application.pk}").get_by_test_id("action-accept").click()
    page.wait_for_url(f"**/{lang}/opportunities/my-applications/")
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED
    sign_out(page)

    # the employer records the placement
    sign_in(page, base, DEMO_EMPLOYER[0])
    page.goto(f"{base}/{lang}/opportunities/vacancies/{internship.pk}/applicants/")
    page.fill(f"#start-{application.pk}", internship.starts_on.isoformat())
    page.get_by_test_id(f"action-place-{application.pk}").click()
    page.wait_for_selector(f"[data-testid=action-place-{application.pk}]", state="detached")
    application.refresh_from_db()
    assert application.state == ApplicationState.PLACED
    assert application.start_date == internship.starts_on
    sign_out(page)

    # the youth opens the internship subsidy claim the placement earns
    sign_in(page, base, youth_email)
    page.goto(f"{base}/{lang}/opportunities/my-applications/")
    button = page.get_by_test_id("claim-subsidy")
    assert button.inner_text() == CLAIM_BUTTON[lang]
    check("placed")
    button.click()
    page.wait_for_url(re.compile(rf".*/{lang}/subsidies/claims/\d+/$"))
    application.refresh_from_db()
    claim = application.subsidy_claim
    assert claim is not None and claim.start_date == internship.starts_on and claim.education_level == "bachelor"
    page.screenshot(path=str(screenshot_dir / f"opportunities-claim-{lang}.png"), full_page=True)

    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)
