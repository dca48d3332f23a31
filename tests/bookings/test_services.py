"""The booking use cases: every refusal reason, holidays of both calendars, allowances over split
stays, cancellation, check-in, no-show release and the pause, the partner hotel's confirmation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from accounts.models import Notification
from bookings import selectors, services
from bookings.models import (
    Allowance,
    AllowanceEntry,
    AllowanceRule,
    Booking,
    BookingState,
    Eligibility,
    NoShow,
    Unit,
)
from portal.errors import CapacityFull, InvalidInput, NotAllowed, NotFound, WrongState
from tests.places.factories import PlaceFactory, hong_kong_place

from .factories import ResourceFactory, at, desk_pool, hostel

pytestmark = pytest.mark.django_db

NOW = at("2026-12-04 10:00")  # a Friday


def book(resource, user, start, end, quantity=1, now=NOW):
    return services.booking_create(
        resource_id=resource.pk, start=start, end=end, quantity=quantity, acting_user=user, now=now
    )


def test_a_room_is_booked_confirmed_with_a_code(youth):
    room = ResourceFactory()
    booking = book(room, youth, "2026-12-07T09:00", "2026-12-07T11:00")
    assert booking.state == BookingState.CONFIRMED
    assert booking.units == 2 and booking.quantity == 1 and len(booking.code) == 8
    assert booking.start == at("2026-12-07 09:00") and booking.end == at("2026-12-07 11:00")


def test_a_room_overlap_is_full_by_the_exclusion_constraint(youth, other_youth):
    room = ResourceFactory()
    book(room, youth, "2026-12-07T09:00", "2026-12-07T11:00")
    with pytest.raises(CapacityFull) as error:
        book(room, other_youth, "2026-12-07T10:00", "2026-12-07T12:00")
    assert error.value.reason == "full"
    book(room, other_youth, "2026-12-07T11:00", "2026-12-07T12:00")  # end exclusive: touching is fine


def test_the_pool_counts_each_unit(youth, other_youth, make_user):
    desks = desk_pool(capacity=3)
    book(desks, youth, "2026-12-07", "2026-12-09", quantity=2)
    book(desks, other_youth, "2026-12-08", "2026-12-09", quantity=1)
    third = make_user("youth")
    with pytest.raises(CapacityFull) as error:
        book(desks, third, "2026-12-07", "2026-12-10", quantity=1)
    assert error.value.reason == "full"
    with translation.override("en"):
        assert "2026-12-08" in str(error.value.message)
    book(desks, third, "2026-12-07", "2026-12-08", quantity=1)
    free = [
        row.free for row in selectors.availability(desks, at("2026-12-07 00:00").date(), at("2026-12-09 00:00").date())
    ]
    assert free == [0, 0, 3]


def test_hong_kong_holiday_closes_a_hong_kong_place_not_a_mainland_one(youth):
    hong_kong_room = ResourceFactory(place=hong_kong_place())
    mainland_room = ResourceFactory()
    now = at("2026-12-20 10:00")
    with pytest.raises(CapacityFull) as error:
        book(hong_kong_room, youth, "2026-12-25T10:00", "2026-12-25T11:00", now=now)
    assert error.value.reason == "closed"
    with translation.override("en"):
        assert "Hong Kong public holiday" in str(error.value.message)
    book(mainland_room, youth, "2026-12-25T10:00", "2026-12-25T11:00", now=now)


def test_mainland_holiday_closes_a_mainland_place(youth):
    room = ResourceFactory()
    with pytest.raises(CapacityFull) as error:
        book(room, youth, "2027-01-01T10:00", "2027-01-01T11:00", now=at("2026-12-28 10:00"))
    assert error.value.reason == "closed"
    with translation.override("en"):
        assert "mainland public holiday" in str(error.value.message)
    availability = selectors.availability(room, at("2027-01-01 00:00").date(), at("2027-01-01 00:00").date())
    assert availability and all(row.free == 0 and "mainland" in row.closed_reason for row in availability)


def test_closed_hours_and_weekends(youth):
    room = ResourceFactory()
    with pytest.raises(CapacityFull) as error:
        book(room, youth, "2026-12-07T12:00", "2026-12-07T13:00")
    assert error.value.reason == "closed"
    with pytest.raises(CapacityFull) as error:
        book(room, youth, "2026-12-05T10:00", "2026-12-05T11:00")
    assert error.value.reason == "closed"


def test_too_far_ahead_past_and_too_long(youth):
    room = ResourceFactory(max_days_ahead=7)
    with pytest.raises(CapacityFull) as error:
        book(room, youth, "2026-12-14T09:00", "2026-12-14T10:00")
    assert error.value.reason == "too_far_ahead"
    with pytest.raises(InvalidInput) as error:
        book(room, youth, "2026-12-04T09:00", "2026-12-04T10:00")
    assert error.value.reason == "past"
    with pytest.raises(CapacityFull) as error:
        book(room, youth, "2026-12-07T14:00", "2026-12-07T19:00")
    assert error.value.reason == "limit"


def test_the_most_units_held_at_once(youth):
    room = ResourceFactory(max_units_held=4)
    book(room, youth, "2026-12-07T09:00", "2026-12-07T12:00")
    with pytest.raises(CapacityFull) as error:
        book(room, youth, "2026-12-08T09:00", "2026-12-08T11:00")
    assert error.value.reason == "limit"
    book(room, youth, "2026-12-08T09:00", "2026-12-08T10:00")


def test_not_eligible(make_user, youth):
    for_youth = ResourceFactory(eligibility=Eligibility.YOUTH)
    unverified = make_user("youth")
    with pytest.raises(NotAllowed) as error:
        book(for_youth, unverified, "2026-12-07T09:00", "2026-12-07T10:00")
    assert error.value.reason == "not_eligible"
    book(for_youth, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    for_teams = ResourceFactory(eligibility=Eligibility.BASE_TEAMS)
    with pytest.raises(NotAllowed):
        book(for_teams, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    for_teams.members.add(youth)
    book(for_teams, youth, "2026-12-07T09:00", "2026-12-07T10:00")


def test_bad_input_is_400_not_a_crash(youth):
    room = ResourceFactory()
    with pytest.raises(InvalidInput):
        book(room, youth, "2026-12-07T09:30", "2026-12-07T10:00")
    with pytest.raises(InvalidInput):
        book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00", quantity="x")
    with pytest.raises(InvalidInput):
        book(desk_pool(), youth, "2026-12-07", "2026-12-08", quantity=0)
    with pytest.raises(NotFound):
        services.booking_create(resource_id=999999, start="", end="", acting_user=youth)
    assert not Booking.objects.exists()


def test_cancel_before_the_deadline_only(youth, staff):
    room = ResourceFactory(cancel_hours_before=2)
    booking = book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    with pytest.raises(WrongState):
        services.booking_cancel(booking_id=booking.pk, acting_user=youth, now=at("2026-12-07 07:30"))
    services.booking_cancel(booking_id=booking.pk, acting_user=youth, now=at("2026-12-07 06:00"))
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00")  # the slot is free again


def test_someone_else_cannot_cancel_or_see(youth, other_youth):
    booking = book(ResourceFactory(), youth, "2026-12-07T09:00", "2026-12-07T10:00")
    with pytest.raises(NotFound):
        services.booking_cancel(booking_id=booking.pk, acting_user=other_youth, now=NOW)


def test_check_in_by_code_or_by_staff(youth, operator):
    room = ResourceFactory(place=PlaceFactory(operators=[operator]))
    booking = book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    with pytest.raises(InvalidInput):
        services.booking_check_in(booking_id=booking.pk, acting_user=youth, code="WRONG123", now=at("2026-12-07 09:05"))
    with pytest.raises(WrongState):
        services.booking_check_in(
            booking_id=booking.pk, acting_user=youth, code=booking.code, now=at("2026-12-07 08:00")
        )
    services.booking_check_in(
        booking_id=booking.pk, acting_user=youth, code=booking.code.lower(), now=at("2026-12-07 09:05")
    )
    booking.refresh_from_db()
    assert booking.state == BookingState.CHECKED_IN
    other = book(room, youth, "2026-12-07T10:00", "2026-12-07T11:00")
    services.booking_check_in(booking_id=other.pk, acting_user=operator, now=at("2026-12-07 10:01"))
    assert Booking.objects.get(pk=other.pk).checked_in_by == operator


def test_no_show_released_after_15_minutes_and_three_pause(youth):
    room = ResourceFactory(max_units_held=20, max_days_ahead=30)
    bookings = [book(room, youth, f"2026-12-0{day}T09:00", f"2026-12-0{day}T10:00") for day in (7, 8, 9)]
    assert services.release_no_shows(now=at("2026-12-07 09:14")) == 0
    assert services.release_no_shows(now=at("2026-12-07 09:15")) == 1
    assert services.release_no_shows(now=at("2026-12-07 09:20")) == 0  # idempotent
    assert Booking.objects.get(pk=bookings[0].pk).state == BookingState.RELEASED
    assert Notification.objects.filter(recipient=youth, key=f"bookings:no-show:{bookings[0].pk}").exists()
    services.release_no_shows(now=at("2026-12-09 12:00"))
    assert NoShow.objects.filter(user=youth).count() == 3
    with pytest.raises(NotAllowed) as error:
        book(room, youth, "2026-12-14T09:00", "2026-12-14T10:00", now=at("2026-12-10 10:00"))
    assert error.value.reason == "paused"
    book(room, youth, "2027-01-11T09:00", "2027-01-11T10:00", now=at("2027-01-09 10:00"))


def test_a_desk_day_is_released_15_minutes_after_the_opening(youth):
    desks = desk_pool()
    booking = book(desks, youth, "2026-12-07", "2026-12-08")
    assert services.release_no_shows(now=at("2026-12-07 09:14")) == 0
    assert services.release_no_shows(now=at("2026-12-07 09:15")) == 1
    booking.refresh_from_db()
    assert booking.state == BookingState.RELEASED


def test_hostel_nights_over_split_stays_and_a_cancellation_returns_them(youth, staff):
    resource = hostel()
    first = book(resource, youth, "2026-12-10", "2026-12-13")  # 3 nights
    assert first.state == BookingState.REQUESTED and first.free_units == 3
    second = book(resource, youth, "2026-12-20", "2026-12-24")  # 4 nights: 7 used
    lines = selectors.allowances_of(youth)
    assert [(line.allowance.code, line.allowance.granted, line.used, line.left) for line in lines] == [
        ("youth-hostel-nights", 7, 7, 0)
    ]
    with pytest.raises(CapacityFull) as error:
        book(resource, youth, "2026-12-26", "2026-12-27")
    assert error.value.reason == "allowance"
    services.booking_cancel(booking_id=second.pk, acting_user=youth, now=NOW)
    assert selectors.allowances_of(youth)[0].left == 4
    assert list(AllowanceEntry.objects.filter(booking=second).values_list("kind", "units")) == [
        ("use", 4),
        ("return", -4),
    ]
    third = book(resource, youth, "2026-12-26", "2026-12-30")
    assert third.free_units == 4 and selectors.allowances_of(youth)[0].left == 0


def test_staff_approve_with_a_room_or_reject_with_a_reason(youth, staff, other_youth):
    resource = hostel()
    booking = book(resource, youth, "2026-12-10", "2026-12-17")
    with pytest.raises(NotFound):
        services.booking_decide(booking_id=booking.pk, action="approve", acting_user=other_youth)
    with pytest.raises(NotAllowed):
        services.booking_decide(booking_id=booking.pk, action="approve", acting_user=youth)
    services.booking_decide(booking_id=booking.pk, action="approve", acting_user=staff, allocation="Room 1203")
    booking.refresh_from_db()
    assert (booking.state, booking.allocation, booking.units) == (BookingState.CONFIRMED, "Room 1203", 7)
    with pytest.raises(WrongState):
        services.booking_decide(booking_id=booking.pk, action="reject", acting_user=staff, reason="late")
    other = book(resource, other_youth, "2026-12-10", "2026-12-12")
    with pytest.raises(InvalidInput):
        services.booking_decide(booking_id=other.pk, action="reject", acting_user=staff)
    services.booking_decide(booking_id=other.pk, action="reject", acting_user=staff, reason="No documents")
    assert selectors.allowances_of(other_youth)[0].left == 7


def test_the_partner_hotel_confirms_nights_with_the_code_and_closes_the_ledger(youth, staff, partner, make_user):
    resource = hostel()
    resource.partners.add(partner)
    booking = book(resource, youth, "2026-12-10", "2026-12-12")
    services.booking_decide(booking_id=booking.pk, action="approve", acting_user=staff)
    stranger = make_user("partner")
    with pytest.raises(InvalidInput):
        services.nights_confirm(code=booking.code, acting_user=stranger, now=at("2026-12-10 22:00"))
    _booking, nights = services.nights_confirm(code=booking.code, acting_user=partner, now=at("2026-12-10 22:00"))
    assert [night.isoformat() for night in nights] == ["2026-12-10"]
    entry = AllowanceEntry.objects.get(booking=booking, kind="use")
    assert entry.closed_at is None
    with pytest.raises(WrongState):
        services.nights_confirm(code=booking.code, acting_user=partner, now=at("2026-12-10 23:00"))
    _booking, nights = services.nights_confirm(code=booking.code, acting_user=partner, now=at("2026-12-11 21:00"))
    assert [night.isoformat() for night in nights] == ["2026-12-11"]
    entry.refresh_from_db()
    assert entry.closed_at is not None
    assert Booking.objects.get(pk=booking.pk).state == BookingState.CHECKED_IN


def test_beyond_the_free_month_at_the_reduced_rate(youth):
    AllowanceRule.objects.create(
        code="talent-apartment-free-month",
        name_en="Talent apartment",
        unit=Unit.NIGHT,
        granted=30,
        beyond_percent=Decimal("50"),
        beyond_max_units=335,
        market_price=Decimal("150.00"),
    )
    apartment = hostel(allowance_code="talent-apartment-free-month", max_units_per_booking=365, max_units_held=365)
    booking = book(apartment, youth, "2026-12-10", "2027-01-19")  # 40 nights
    assert (booking.free_units, booking.paid_units) == (30, 10)
    assert Allowance.objects.get(user=youth).granted == 30


def test_reminders_the_day_before_once(youth):
    booking = book(ResourceFactory(), youth, "2026-12-07T09:00", "2026-12-07T10:00")
    assert services.send_reminders(now=at("2026-12-06 10:00")) == 1
    assert services.send_reminders(now=at("2026-12-06 11:00")) == 0
    assert Notification.objects.filter(key=f"bookings:reminder:{booking.pk}").count() == 1
    assert services.send_reminders(now=at("2026-12-05 08:00")) == 0
