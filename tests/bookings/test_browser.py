"""In headless Chromium, in each language: a Hong Kong youth books the Luohu centre's 2/F
shared office, sees why a full hour and a mainland holiday cannot be booked, is refused the full
hour on the form, then checks in with the booking's code. axe-core finds no serious or critical
violation on any page, nothing breaks the Content Security Policy, nothing scrolls sideways at
390 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from bookings import selectors, services
from bookings.models import Booking, BookingState, Resource

from .factories import SHENZHEN

ROOM = "luohu-centre-2f-shared-office"
LANGUAGES = ["zh-hant", "zh-hans", "en"]
# What the pages say in each language that the journeys read (the catalogues' own words, and the
# demo allowance's name)
HOLIDAY = {"zh-hant": "內地法定假日", "zh-hans": "内地法定假日", "en": "mainland public holiday"}
HOSTEL_NIGHTS = {"zh-hant": "青年驛站免費住宿", "zh-hans": "青年驿站免费住宿", "en": "Youth hostel free nights"}


def said(lang: str, msgid: str, **values) -> str:
    from django.utils import translation

    with translation.override(lang):
        text = translation.gettext(msgid)
    return text % values if values else text


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _next_open_day(resource: Resource) -> date:
    today = timezone.now().astimezone(SHENZHEN).date()
    for row in selectors.availability(resource, today + timedelta(days=1), today + timedelta(days=10)):
        start = row.start.astimezone(SHENZHEN)
        if not row.closed_reason and row.free and start.hour == 9:
            return start.date()
    raise AssertionError("no open morning in the coming ten days")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_youth_books_a_room_sees_why_not_and_checks_in(
    live_server, page, screenshot_dir, serious_a11y_violations, csp_violations, make_user, lang
):
    call_command("load_demo", verbosity=0)
    room = Resource.objects.get(slug=ROOM)
    day = _next_open_day(room)
    someone = make_user("youth", email_verified_at=timezone.now())
    services.booking_create(resource_id=room.pk, start=f"{day}T10:00", end=f"{day}T11:00", acting_user=someone)
    youth = make_user(
        "youth", email="ka-yan@test.gba-youth.example", password=DEMO_PASSWORD, email_verified_at=timezone.now()
    )
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page.set_viewport_size({"width": 390, "height": 844})
    problems: list[str] = []

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email address").fill(youth.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")

    # the list, in the journey's language
    page.goto(f"{live_server.url}/{lang}/bookings/")
    assert page.locator("h1").inner_text() == said(lang, "Free spaces and stays")
    assert no_sideways_scroll(page)
    problems.extend(f"list: {v}" for v in serious_a11y_violations(page))
    page.locator(f"[data-testid=resource-{ROOM}] a").click()
    page.wait_for_selector("[data-testid=resource-week]")

    # the week with the chosen day: 10:00 is full, and says so
    page.goto(f"{live_server.url}/{lang}/bookings/{ROOM}/?week={day}")
    full = page.locator(f"[data-testid='slot-{day}T10:00']")
    assert full.get_attribute("data-free") == "0"
    assert said(lang, "Full") in full.inner_text()
    assert no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"bookings-week-{lang}.png"), full_page=True)
    problems.extend(f"week: {v}" for v in serious_a11y_violations(page))

    # New Year's Day: a mainland holiday, named
    page.goto(f"{live_server.url}/{lang}/bookings/{ROOM}/?week=2027-01-01")
    holiday = page.locator("[data-testid='slot-2027-01-01T09:00']")
    assert HOLIDAY[lang] in holiday.inner_text()

    # the full hour typed in the form: refused, with the reason on the field
    page.goto(f"{live_server.url}/{lang}/bookings/{ROOM}/?week={day}&start={day}T10:00&end={day}T11:00#book")
    page.locator("[data-testid=booking-submit]").click()
    page.wait_for_selector(".govuk-error-summary")
    # the room: the exclusion constraint
    assert said(lang, "This time is already taken.") in page.locator(".govuk-error-summary").inner_text()
    for element_id in (page.get_attribute("#id_start", "aria-describedby") or "").split():
        assert page.locator(f"#{element_id}").count() == 1, element_id
    problems.extend(f"refused: {v}" for v in serious_a11y_violations(page))

    # 09:00 is free: chosen from the week, booked
    page.goto(f"{live_server.url}/{lang}/bookings/{ROOM}/?week={day}")
    page.locator(f"[data-testid='slot-{day}T09:00'] a").click()
    assert page.input_value("#id_start") == f"{day}T09:00"
    page.locator("[data-testid=booking-submit]").click()
    page.wait_for_selector("[data-testid=booking-code]")
    assert page.locator("[data-testid=booking-state]").inner_text() == said(lang, "Confirmed")
    booking = Booking.objects.get(user=youth)
    assert page.locator("[data-testid=booking-code]").inner_text() == booking.code
    assert page.locator(".bookings-qr svg").count() == 1
    assert no_sideways_scroll(page)
    problems.extend(f"booked: {v}" for v in serious_a11y_violations(page))

    # the hour comes: the youth scans the code at the room and checks in
    start = timezone.now().astimezone(SHENZHEN).replace(minute=0, second=0, microsecond=0)
    Booking.objects.filter(pk=booking.pk).update(period=DateTimeTZRange(start, start + timedelta(hours=1)))
    page.reload()
    page.fill("#id_code", "WRONG234")
    page.locator("[data-testid=check-in-submit]").click()
    page.wait_for_selector(".govuk-error-summary")
    problems.extend(f"wrong code: {v}" for v in serious_a11y_violations(page))
    page.fill("#id_code", booking.code.lower())
    page.locator("[data-testid=check-in-submit]").click()
    page.wait_for_selector(".govuk-notification-banner--success")
    assert page.locator("[data-testid=booking-state]").inner_text() == said(lang, "Checked in")
    assert Booking.objects.get(pk=booking.pk).state == BookingState.CHECKED_IN
    page.screenshot(path=str(screenshot_dir / f"bookings-checked-in-{lang}.png"), full_page=True)

    page.goto(f"{live_server.url}/{lang}/bookings/mine/")
    assert booking.code in page.locator("[data-testid=my-bookings]").inner_text()
    assert no_sideways_scroll(page)
    problems.extend(f"mine: {v}" for v in serious_a11y_violations(page))

    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)


def _sign_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_youth_applies_for_seven_hostel_nights_and_staff_approve(
    live_server, page, screenshot_dir, serious_a11y_violations, csp_violations, make_user, lang
):
    call_command("load_demo", verbosity=0)
    youth = make_user(
        "youth", email="chun-kit@test.gba-youth.example", password=DEMO_PASSWORD, email_verified_at=timezone.now()
    )
    staff = make_user("reviewer", email="bureau@test.gba-youth.example", password=DEMO_PASSWORD)
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page.set_viewport_size({"width": 390, "height": 844})
    problems: list[str] = []
    first = timezone.now().astimezone(SHENZHEN).date() + timedelta(days=3)

    _sign_in(page, live_server, youth.email)
    page.goto(f"{live_server.url}/{lang}/bookings/youth-hostel-hkmt-rooms/")
    page.fill("#id_start", first.isoformat())
    page.fill("#id_end", (first + timedelta(days=7)).isoformat())
    page.locator("[data-testid=booking-submit]").click()
    page.wait_for_selector("[data-testid=booking-state]")
    assert page.locator("[data-testid=booking-state]").inner_text() == said(lang, "Waiting for approval")
    problems.extend(f"requested: {v}" for v in serious_a11y_violations(page))
    booking = Booking.objects.get(user=youth)
    assert (booking.units, booking.free_units) == (7, 7)

    _sign_in(page, live_server, staff.email)
    page.goto(f"{live_server.url}/{lang}/bookings/requests/")
    problems.extend(f"requests: {v}" for v in serious_a11y_violations(page))
    page.locator(f"[data-testid=requests] a[href$='/mine/{booking.pk}/']").click()
    page.fill("#id_allocation", "1203")
    page.locator("[data-testid=approve]").click()
    page.wait_for_selector(".govuk-notification-banner--success")
    assert page.locator("[data-testid=booking-state]").inner_text() == said(lang, "Confirmed")
    assert no_sideways_scroll(page)
    problems.extend(f"approved: {v}" for v in serious_a11y_violations(page))
    page.screenshot(path=str(screenshot_dir / f"bookings-hostel-approved-{lang}.png"), full_page=True)

    _sign_in(page, live_server, youth.email)
    page.goto(f"{live_server.url}/{lang}/bookings/mine/")
    allowances = page.locator("[data-testid=allowances]").inner_text()
    assert HOSTEL_NIGHTS[lang] in allowances
    assert said(lang, "%(used)s of %(granted)s used", used=7, granted=7) in allowances
    problems.extend(f"mine: {v}" for v in serious_a11y_violations(page))
    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)
