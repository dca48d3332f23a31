"""Issue 14 #10 and its Done-when, in headless Chromium: no page scrolls sideways on a phone
(every public page at 390 px in every language, and at 360 and 414 px in English), no table is
squeezed to a character a line, and each role's main signed-in pages have no serious or critical
axe-core violation and no content outside a landmark (axe's `region` rule, whatever its impact)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.demo import demo_user

from .test_browser_every_page import LANGUAGES, public_page_names

# Each role's main pages (names of URL patterns without arguments); pages of one object are
# added below from the demo data.
ROLE_PAGES = {
    "youth": [
        "dashboard",
        "profile",
        "notifications",
        "subsidies:my_claims",
        "subsidies:index",
        "mentorship:my_mentor",
    ],
    "mentor": ["dashboard", "mentorship:my_mentees", "mentorship:profile", "subsidies:my_claims"],
    "operator": [
        "dashboard",
        "incubators:base_list",
        "notifications",
        "opportunities:my-vacancies",
        "opportunities:vacancy-new",
    ],
    "reviewer": [
        "dashboard",
        "subsidies:review_queue",
        "subsidies:batches",
        "subsidies:statistics",
        "mentorship:staff",
        "mentorship:staff_match",
        "incubators:review",
        "opportunities:my-vacancies",
    ],
    "approver": ["dashboard", "subsidies:review_queue", "subsidies:batches"],
}

OVERFLOW = "() => document.documentElement.scrollWidth"
# A table cell narrower than two characters with a longer word in it: the text wraps a
# character a line (the scheme table did, at 390 px).
SQUEEZED = """() => [...document.querySelectorAll('main th, main td')].filter(cell => {
    const text = cell.innerText.trim();
    const size = parseFloat(getComputedStyle(cell).fontSize);
    return text.length > 3 && cell.getBoundingClientRect().width < 2.2 * size
        && cell.getBoundingClientRect().height > 3 * size;
}).map(cell => cell.innerText.trim().slice(0, 20))"""


def sign_in_as(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def layout_problems(page, url: str) -> list[str]:
    problems = []
    width = page.viewport_size["width"]
    scroll = page.evaluate(OVERFLOW)
    if scroll > width:
        problems.append(f"{url} at {width} px: {scroll} px wide")
    squeezed = page.evaluate(SQUEEZED)
    if squeezed:
        problems.append(f"{url} at {width} px: cells squeezed to a character a line: {squeezed[:3]}")
    return problems


def region_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["region"]})
    return [f"region: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_public_page_scrolls_sideways_on_a_phone(live_server, page):
    call_command("load_demo", verbosity=0)
    problems: list[str] = []
    checked = 0
    for width, languages in ((390, LANGUAGES), (360, ["en"]), (414, ["en"])):
        page.set_viewport_size({"width": width, "height": 800})
        for name in public_page_names():
            for language in languages:
                with translation.override(language):
                    url = reverse(name)
                response = page.goto(f"{live_server.url}{url}")
                if "/accounts/login/" in page.url and "/accounts/login/" not in url:
                    continue
                if response is None or response.status != 200:
                    continue  # the sibling test reports statuses
                checked += 1
                problems.extend(layout_problems(page, url))
                if width == 390 and language == "en":
                    problems.extend(f"{url}: {v}" for v in region_violations(page))
    assert checked >= 60
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_roles_signed_in_pages_are_accessible_and_fit_a_phone(
    live_server, page, serious_a11y_violations, csp_violations
):
    from incubators.models import Base
    from subsidies.models import Claim

    call_command("load_demo", verbosity=0)
    youth = demo_user("youth")
    translation.activate("en")
    extra = {
        "youth": [reverse("subsidies:claim", args=[claim.pk]) for claim in Claim.objects.filter(applicant=youth)],
        "reviewer": [reverse("subsidies:claim", args=[claim.pk]) for claim in Claim.objects.exclude(state="draft")[:3]],
        "operator": [reverse("incubators:base_detail", args=[base.pk]) for base in Base.objects.all()[:1]],
    }
    translation.deactivate()
    problems: list[str] = []
    checked = 0
    page.set_viewport_size({"width": 390, "height": 800})
    for role, names in ROLE_PAGES.items():
        sign_in_as(page, live_server, demo_user(role))
        for language in LANGUAGES:
            with translation.override(language):
                urls = [reverse(name) for name in names] + [
                    url.replace("/en/", f"/{language}/", 1) for url in extra.get(role, [])
                ]
            for url in urls:
                response = page.goto(f"{live_server.url}{url}")
                if response is None or response.status != 200 or "/accounts/login/" in page.url:
                    problems.append(f"{role} {url}: status {response.status if response else None} at {page.url}")
                    continue
                checked += 1
                problems.extend(f"{role} {url}: {v}" for v in serious_a11y_violations(page))
                problems.extend(f"{role} {url}: {v}" for v in region_violations(page))
                problems.extend(f"{role} {v}" for v in layout_problems(page, url))
    assert checked >= 60
    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)
