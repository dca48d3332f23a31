"""The pages: the list (fixed queries), a resource's week with why-not reasons, booking from the
page, my bookings with the code and QR, check-in, staff decisions, the partner hotel's page."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bookings.models import Booking, BookingState
from tests.places.factories import PlaceFactory

from .factories import SHENZHEN, ResourceFactory, desk_pool, hostel

pytestmark = pytest.mark.django_db

EVERY_DAY = [("MO,TU,WE,TH,FR,SA,SU", time(9), time(18))]


def tomorrow():
    return (timezone.now().astimezone(SHENZHEN) + timedelta(days=1)).date()


@pytest.fixture
def room(operator):
    return ResourceFactory(
        slug="luohu-room",
        place=PlaceFactory(hours=EVERY_DAY, closed_on_public_holidays=False, operators=[operator]),
    )


def test_the_list_makes_a_fixed_number_of_queries(client, room, django_assert_num_queries):
    for _index in range(5):
        desk_pool(place=room.place)
    url = reverse("bookings:list")
    client.get(url)  # warm the session and the site's own lookups
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="resource-') == 6
    assert client.get(url, {"kind": "lab"}).status_code == 200


def test_a_resources_week_shows_free_units_and_why_not(client, room, youth, other_youth):
    day = tomorrow()
    Booking.objects.create(
        resource=room,
        user=other_youth,
        period=(
            timezone.datetime.combine(day, time(10), tzinfo=SHENZHEN),
            timezone.datetime.combine(day, time(11), tzinfo=SHENZHEN),
        ),
        units=1,
        exclusive=True,
        state="confirmed",
    )
    client.force_login(youth)
    page = client.get(
        reverse("bookings:resource", args=[room.slug]), {"week": day.isoformat()}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-testid="slot-{day.isoformat()}T10:00" data-free="0"' in html
    assert "Full: nothing is free" in html
    assert f'data-testid="slot-{day.isoformat()}T11:00" data-free="1"' in html
    assert client.get(reverse("bookings:resource", args=["nothing-here"])).status_code == 404


def test_booking_from_the_page_and_the_refusal_on_the_form(client, room, youth):
    client.force_login(youth)
    day = tomorrow()
    url = reverse("bookings:resource", args=[room.slug])
    response = client.post(url, {"start": f"{day}T09:00", "end": f"{day}T10:00", "quantity": 1})
    booking = Booking.objects.get(user=youth)
    assert response.status_code == 302 and response.url == reverse("bookings:detail", args=[booking.pk])
    again = client.post(url, {"start": f"{day}T09:00", "end": f"{day}T10:00", "quantity": 1}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409
    assert 'id="id_start_error"' in again.content.decode()
    closed = client.post(
        url, {"start": f"{day}T07:00", "end": f"{day}T08:00", "quantity": 1}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert closed.status_code == 409 and "Outside the opening hours." in closed.content.decode()
    assert client.post(url, {"start": "", "end": ""}).status_code == 400


def test_anonymous_visitors_are_sent_to_sign_in(client, room):
    assert client.get(reverse("bookings:resource", args=[room.slug])).status_code == 200
    assert client.post(reverse("bookings:resource", args=[room.slug]), {}).status_code == 302
    assert client.get(reverse("bookings:mine")).status_code == 302


def test_my_booking_shows_the_code_and_qr_and_checks_in(client, room, youth, other_youth):
    now = timezone.now().astimezone(SHENZHEN)
    start = now.replace(minute=0, second=0, microsecond=0)
    booking = Booking.objects.create(
        resource=room,
        user=youth,
        period=(start, start + timedelta(hours=1)),
        units=1,
        exclusive=True,
        state="confirmed",
    )
    client.force_login(youth)
    assert booking.code in client.get(reverse("bookings:mine")).content.decode()
    detail = client.get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert "<svg" in detail and booking.code in detail
    wrong = client.post(reverse("bookings:action", args=[booking.pk, "check-in"]), {"code": "NOPE2345"})
    assert wrong.status_code == 400 and 'id="id_code_error"' in wrong.content.decode()
    right = client.post(reverse("bookings:action", args=[booking.pk, "check-in"]), {"code": booking.code})
    assert right.status_code == 302
    booking.refresh_from_db()
    assert booking.state == BookingState.CHECKED_IN
    ics = client.get(reverse("bookings:ics", args=[booking.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    client.force_login(other_youth)
    assert client.get(reverse("bookings:detail", args=[booking.pk])).status_code == 404
    assert client.get(reverse("bookings:ics", args=[booking.pk])).status_code == 404


def test_staff_approve_requests_and_others_cannot(client, youth, other_youth, staff, partner):
    resource = hostel(place=PlaceFactory(hours=EVERY_DAY, closed_on_public_holidays=False))
    day = tomorrow()
    client.force_login(youth)
    client.post(
        reverse("bookings:resource", args=[resource.slug]),
        {"start": str(day), "end": str(day + timedelta(days=7)), "quantity": 1},
    )
    booking = Booking.objects.get(user=youth)
    assert booking.state == BookingState.REQUESTED
    assert client.get(reverse("bookings:requests")).status_code == 403
    assert client.post(reverse("bookings:action", args=[booking.pk, "approve"]), {}).status_code == 403
    client.force_login(other_youth)
    assert client.post(reverse("bookings:action", args=[booking.pk, "approve"]), {}).status_code == 404
    client.force_login(partner)
    assert client.get(reverse("bookings:requests")).status_code == 403
    client.force_login(staff)
    assert str(booking.pk) in client.get(reverse("bookings:requests")).content.decode()
    response = client.post(reverse("bookings:action", args=[booking.pk, "approve"]), {"allocation": "Room 1203"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.state, booking.allocation) == (BookingState.CONFIRMED, "Room 1203")


def test_the_partner_hotels_page(client, youth, staff, partner, make_user):
    resource = hostel(place=PlaceFactory(hours=EVERY_DAY, closed_on_public_holidays=False))
    resource.partners.add(partner)
    today = timezone.now().astimezone(SHENZHEN).date()
    booking = Booking.objects.create(
        resource=resource,
        user=youth,
        period=(
            timezone.datetime.combine(today, time(0), tzinfo=SHENZHEN),
            timezone.datetime.combine(today + timedelta(days=2), time(0), tzinfo=SHENZHEN),
        ),
        units=2,
        state="confirmed",
    )
    client.force_login(youth)
    assert client.get(reverse("bookings:hotel")).status_code == 403
    client.force_login(make_user("partner"))
    assert client.post(reverse("bookings:hotel"), {"code": booking.code}).status_code == 400  # not their hotel
    client.force_login(partner)
    response = client.post(reverse("bookings:hotel"), {"code": booking.code})
    assert response.status_code == 200 and 'data-testid="hotel-confirmed"' in response.content.decode()
    assert booking.nights.count() == 1


def test_usage_by_resource_and_month_for_staff_with_downloads(client, youth, staff, make_user):
    from datetime import date as day_of

    desks = desk_pool(capacity=3)  # Monday to Friday; December 2026 has 23 weekdays, no mainland holiday
    for start, quantity, state in (("2026-12-07", 2, "checked_in"), ("2026-12-09", 1, "released")):
        first = timezone.datetime.combine(day_of.fromisoformat(start), time(0), tzinfo=SHENZHEN)
        Booking.objects.create(
            resource=desks,
            user=youth,
            period=(first, first + timedelta(days=2 if quantity == 2 else 1)),
            units=2 if quantity == 2 else 1,
            quantity=quantity,
            state=state,
        )
    client.force_login(youth)
    assert client.get(reverse("bookings:usage")).status_code == 403
    client.force_login(staff)
    page = client.get(reverse("bookings:usage"), {"month": "2026-12"})
    assert page.status_code == 200
    row = next(r for r in page.context["rows"] if r.resource == desks)
    assert (row.units_offered, row.units_booked, row.bookings, row.no_shows) == (69, 5, 2, 1)
    assert (str(row.occupancy), str(row.no_show_rate)) == ("7.2", "50.0")
    csv = client.get(reverse("bookings:usage"), {"month": "2026-12", "format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert csv["Content-Type"].startswith("text/csv")
    assert "69,5,7.2,2,1,50.0" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("bookings:usage"), {"month": "2026-12", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_staff_see_the_weeks_bookings_on_the_calendar_others_do_not(client, room, youth, other_youth, operator):
    day = tomorrow()
    Booking.objects.create(
        resource=room,
        user=other_youth,
        period=(
            timezone.datetime.combine(day, time(10), tzinfo=SHENZHEN),
            timezone.datetime.combine(day, time(11), tzinfo=SHENZHEN),
        ),
        units=1,
        exclusive=True,
        state="confirmed",
    )
    url = reverse("bookings:resource", args=[room.slug])
    client.force_login(youth)
    assert other_youth.email not in client.get(url, {"week": day.isoformat()}).content.decode()
    client.force_login(operator)
    assert other_youth.email in client.get(url, {"week": day.isoformat()}).content.decode()


def test_a_bases_monthly_report_shows_its_desks_use_from_the_bookings(client, youth, make_user):
    """The operator files the month's report beside the use of the base's desk pool, counted from
    its bookings (incubators.report_extras, filled by bookings.apps): nothing to count again."""
    from datetime import date as day_of

    from accounts.roles import BASE_OPERATOR
    from bookings.apps import base_month_use
    from incubators import rules
    from tests.incubators.factories import BaseFactory

    base = BaseFactory()
    desks = desk_pool(capacity=3)
    desks.place.kind, desks.place.base = "incubator_base", base  # the base's own place
    desks.place.save()
    hostel(place=desks.place)  # accommodation is not the base's desk or lab use
    first = timezone.datetime.combine(day_of(2026, 11, 2), time(0), tzinfo=SHENZHEN)
    Booking.objects.create(
        resource=desks, user=youth, period=(first, first + timedelta(days=2)), units=2, quantity=2, state="checked_in"
    )
    with translation.override("en"):
        (figures,) = base_month_use(base, day_of(2026, 11, 1))
    assert figures.heading == desks.name_en
    assert dict(figures.rows)["Booked"] == "4 of 63"  # 21 weekdays × 3 desks; 2 desks for 2 days
    assert dict(figures.rows)["No-shows"] == "0 (0.0%)"

    operator = make_user(BASE_OPERATOR)
    base.operators.add(operator)
    client.force_login(operator)
    last = rules.format_period(rules.previous_month(rules.month_start(timezone.localdate())))
    page = client.get(f"/zh-hant/bases/{base.pk}/reports/{last}/").content.decode()
    assert 'data-testid="kept-elsewhere"' in page and desks.name_zh_hant in page and "已預約" in page
