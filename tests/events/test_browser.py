"""In headless Chromium on a 390 px phone, in each language: a youth registers for a lottery
session, the draw runs, and the youth sees the result; then registers for a full session, is
waitlisted, gets a freed seat, accepts the offer, and is checked in at the door by staff typing
the code. axe-core finds no serious or critical violation on any page, nothing breaks the
Content Security Policy, and nothing scrolls sideways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from events import services
from events.models import Registration, RegistrationState

from .factories import ProgrammeFactory, SessionFactory

LANGUAGES = ["zh-hant", "zh-hans", "en"]
CONFIRMED = {"zh-hant": "已確認", "zh-hans": "已确认", "en": "Confirmed"}
REQUESTED = {"zh-hant": "等候抽籤", "zh-hans": "等候抽签", "en": "waiting for the draw"}
WAITLISTED = {"zh-hant": "候補中", "zh-hans": "候补中", "en": "On the waiting list"}
ATTENDED = {"zh-hant": "已出席", "zh-hans": "已出席", "en": "Attended"}
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sign_in(page, base, email):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_register_draw_waitlist_offer_accept_and_check_in(
    live_server, page, browser, screenshot_dir, serious_a11y_violations, csp_violations, make_user, language
):
    organiser = make_user("organiser", password=DEMO_PASSWORD)
    programme = ProgrammeFactory(
        slug="10000-youths-to-huizhou",
        name_zh_hant="萬名青年到惠州",
        name_zh_hans="万名青年到惠州",
        name_en="10,000 youths to Huizhou",
        organisers=[organiser],
    )
    lottery = SessionFactory(
        programme=programme,
        title_zh_hant="第149批",
        title_zh_hans="第149批",
        title_en="Batch 149",
        capacity=2,
        allocation="lottery",
    )
    now = timezone.now()
    today = SessionFactory(
        programme=programme,
        title_zh_hant="福田研學團",
        title_zh_hans="福田研学团",
        title_en="Futian study tour",
        capacity=2,
        starts_at=now + timedelta(hours=2),
        ends_at=now + timedelta(hours=6),
        registration_opens_at=now - timedelta(days=2),
        registration_closes_at=now + timedelta(hours=1),
    )
    earlier = make_user()
    services.registration_create(session_id=today.pk, acting_user=earlier, party_size=2)
    youth = make_user(password=DEMO_PASSWORD, full_name="陳嘉欣 Chan Ka Yan", preferred_language=language)
    problems: list[str] = []
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page.set_viewport_size(PHONE)

    def check(name):
        problems.extend(f"{name}: {v}" for v in serious_a11y_violations(page))
        if not no_sideways_scroll(page):
            problems.append(f"{name}: scrolls sideways at 390 px")

    sign_in(page, live_server.url, youth.email)
    page.goto(f"{live_server.url}/{language}/events/")
    check("list")
    page.locator(f"[data-testid=session-{lottery.pk}] a").click()
    page.wait_for_selector("[data-testid=register-form]")
    check("session")
    page.locator("[data-testid=register-form] button").click()
    page.wait_for_url("**/events/mine/")
    requested = Registration.objects.get(user=youth, session=lottery)
    assert REQUESTED[language] in page.locator(f"[data-testid=registration-{requested.pk}]").inner_text()
    check("mine requested")

    # the organiser runs the draw now (the scheduled job does the same when registration closes)
    services.session_allocate(session_id=lottery.pk, acting_user=organiser, seed=1)
    page.reload()
    mine = Registration.objects.get(user=youth, session=lottery)
    assert mine.state == RegistrationState.CONFIRMED  # a first-timer and one seat of two
    card = page.locator(f"[data-testid=registration-{mine.pk}]")
    assert CONFIRMED[language] in card.locator("[data-testid=registration-state]").inner_text()
    assert card.locator("svg").count() == 1  # the QR code
    page.screenshot(path=str(screenshot_dir / f"events-mine-{language}.png"), full_page=True)
    check("mine confirmed")

    # the session of today is full: waitlisted
    page.goto(f"{live_server.url}/{language}/events/sessions/{today.pk}/")
    page.locator("[data-testid=register-form] input[value='1']").check()
    page.locator("[data-testid=register-form] button").click()
    page.wait_for_url("**/events/mine/")
    waiting = Registration.objects.get(user=youth, session=today)
    card = page.locator(f"[data-testid=registration-{waiting.pk}]")
    assert WAITLISTED[language] in card.locator("[data-testid=registration-state]").inner_text()
    check("mine waitlisted")

    # the pair cancels: the freed seat is offered to the youth, who accepts it
    services.registration_cancel(registration_id=Registration.objects.get(user=earlier).pk, acting_user=earlier)
    page.reload()
    card = page.locator(f"[data-testid=registration-{waiting.pk}]")
    check("mine offered")
    card.locator("[data-testid=action-accept-offer]").click()
    page.wait_for_selector(".govuk-notification-banner--success")
    card = page.locator(f"[data-testid=registration-{waiting.pk}]")
    assert CONFIRMED[language] in card.locator("[data-testid=registration-state]").inner_text()
    code = card.locator("[data-testid=check-in-code]").inner_text().strip()
    assert code == Registration.objects.get(pk=waiting.pk).code

    # at the door, the organiser types the code
    door = browser.new_page(viewport=PHONE)
    door.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    sign_in(door, live_server.url, organiser.email)
    door.goto(f"{live_server.url}/{language}/events/check-in/{today.pk}/")
    problems.extend(f"door: {v}" for v in serious_a11y_violations(door))
    door.fill("#id_code", "WRONG234")
    door.locator("[data-testid=check-in-form] button").click()
    door.wait_for_selector(".govuk-error-summary")
    for element_id in (door.get_attribute("#id_code", "aria-describedby") or "").split():
        assert door.locator(f"#{element_id}").count() == 1, element_id
    problems.extend(f"door error: {v}" for v in serious_a11y_violations(door))
    door.fill("#id_code", code.lower())
    door.locator("[data-testid=check-in-form] button").click()
    door.wait_for_selector(".govuk-notification-banner--success")
    assert "陳嘉欣" in door.locator("[data-testid=door-list]").inner_text()
    if not no_sideways_scroll(door):
        problems.append("door: scrolls sideways at 390 px")
    door.screenshot(path=str(screenshot_dir / f"events-door-{language}.png"), full_page=True)
    door.close()

    page.reload()
    card = page.locator(f"[data-testid=registration-{waiting.pk}]")
    assert ATTENDED[language] in card.locator("[data-testid=registration-state]").inner_text()
    assert card.locator("[data-testid=certificate-link]").count() == 1
    check("mine attended")
    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)
