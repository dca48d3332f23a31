"""Staff decisions on bookings, and changes made on someone's behalf, are in the portal's audit log
(portal/audit.py), in the transaction of the change: approval and rejection of a request, a
cancellation or a check-in by staff, a no-show's release, the partner hotel's confirmation of
nights, a change to an allowance in the admin. A booker's own cancellation or check-in is not a
staff decision; a refused or rolled-back decision writes nothing. The booking's own timeline
(BookingEvent) is kept as it was."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import Allowance, AllowanceRule, BookingEvent, Unit
from portal.errors import InvalidInput, NotAllowed, WrongState
from portal.models import AuditAction, AuditEntry
from tests.places.factories import PlaceFactory

from .factories import ResourceFactory, at, desk_pool, hostel

pytestmark = pytest.mark.django_db

NOW = at("2026-12-04 10:00")  # a Friday


def book(resource, user, start, end, now=NOW):
    return services.booking_create(resource_id=resource.pk, start=start, end=end, acting_user=user, now=now)


def only_entry() -> AuditEntry:
    (entry,) = AuditEntry.objects.all()
    return entry


def assert_entry(entry, *, actor, action, booking, detail):
    assert entry.action == action
    assert entry.actor_id == (actor.pk if actor else None)
    assert (entry.object_type, entry.object_id) == ("bookings.booking", booking.pk)
    assert entry.detail == detail
    # no personal data beyond the booker's number, no free text (the note, the reason, the room)
    stored = json.dumps(entry.detail, ensure_ascii=False)
    for personal in (booking.user.email, booking.user.full_name, booking.note, booking.decision_reason, booking.code):
        if personal:
            assert personal not in stored


def room_detail(room, booking, start="2026-12-07 09:00", end="2026-12-07 10:00"):
    return {
        "resource": room.pk,
        "user": booking.user_id,
        "start": start,
        "end": end,
        "units": 1,
        "unit": Unit.HOUR,
        "quantity": 1,
    }


def stay_detail(resource, booking, start, end, nights):
    return {
        "resource": resource.pk,
        "user": booking.user_id,
        "start": start,
        "end": end,
        "units": nights,
        "unit": Unit.NIGHT,
        "quantity": 1,
    }


# --- approve and reject ----------------------------------------------------------------------------


def test_an_approval_records_the_stay_its_free_nights_and_the_room(youth, staff):
    resource = hostel()
    booking = book(resource, youth, "2026-12-10", "2026-12-17")
    assert not AuditEntry.objects.exists()  # booking for oneself is not a staff decision
    services.booking_decide(booking_id=booking.pk, action="approve", acting_user=staff, allocation="Room 1203")
    booking.refresh_from_db()
    entry = only_entry()
    assert_entry(
        entry,
        actor=staff,
        action=AuditAction.BOOKING_APPROVED,
        booking=booking,
        detail={
            **stay_detail(resource, booking, "2026-12-10", "2026-12-17", 7),
            "free_units": 7,
            "paid_units": 0,
            "room_allocated": True,
        },
    )
    assert entry.actor_roles == ["reviewer"]
    # the booking's timeline still has the step
    assert list(BookingEvent.objects.filter(booking=booking).values_list("action", "actor")) == [
        ("book", youth.pk),
        ("approve", staff.pk),
    ]


def test_an_approval_of_a_room_without_an_allowance(youth, staff):
    room = ResourceFactory(requires_approval=True)
    booking = book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    services.booking_decide(booking_id=booking.pk, action="approve", acting_user=staff)
    assert_entry(
        only_entry(),
        actor=staff,
        action=AuditAction.BOOKING_APPROVED,
        booking=booking,
        detail={**room_detail(room, booking), "room_allocated": False},
    )


def test_a_rejection_records_the_free_nights_given_back_not_the_reason(youth, staff):
    resource = hostel()
    booking = book(resource, youth, "2026-12-10", "2026-12-12")
    services.booking_decide(booking_id=booking.pk, action="reject", acting_user=staff, reason="No documents")
    booking.refresh_from_db()
    assert booking.decision_reason == "No documents"  # kept on the booking, shown to the booker
    assert_entry(
        only_entry(),
        actor=staff,
        action=AuditAction.BOOKING_REJECTED,
        booking=booking,
        detail={**stay_detail(resource, booking, "2026-12-10", "2026-12-12", 2), "free_units_returned": 2},
    )


def test_a_refused_decision_writes_no_entry(youth, staff, other_youth):
    resource = hostel()
    booking = book(resource, youth, "2026-12-10", "2026-12-12")
    with pytest.raises(NotAllowed):  # the booker cannot approve their own request
        services.booking_decide(booking_id=booking.pk, action="approve", acting_user=youth)
    with pytest.raises(InvalidInput):  # a rejection needs its reason
        services.booking_decide(booking_id=booking.pk, action="reject", acting_user=staff)
    with pytest.raises(InvalidInput):
        services.booking_decide(booking_id=booking.pk, action="shred", acting_user=staff)
    assert not AuditEntry.objects.exists()
    services.booking_decide(booking_id=booking.pk, action="approve", acting_user=staff)
    with pytest.raises(WrongState):  # decided already
        services.booking_decide(booking_id=booking.pk, action="reject", acting_user=staff, reason="Late")
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [AuditAction.BOOKING_APPROVED]


def test_a_decision_rolled_back_writes_no_entry(youth, staff, monkeypatch):
    resource = hostel()
    booking = book(resource, youth, "2026-12-10", "2026-12-12")

    def record_then_fail(*args, **kwargs):
        from portal.audit import record

        record(*args, **kwargs)
        raise RuntimeError("the rest of the transaction failed")

    monkeypatch.setattr(services, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        services.booking_decide(booking_id=booking.pk, action="approve", acting_user=staff)
    assert not AuditEntry.objects.exists()
    booking.refresh_from_db()
    assert booking.state == "requested" and booking.decided_by is None


# --- cancel and check in on someone's behalf ---------------------------------------------------------


def test_staff_cancelling_someones_stay_is_recorded_with_the_nights_given_back(youth, staff):
    resource = hostel()
    booking = book(resource, youth, "2026-12-20", "2026-12-24")
    services.booking_cancel(booking_id=booking.pk, acting_user=staff, now=NOW)
    assert_entry(
        only_entry(),
        actor=staff,
        action=AuditAction.BOOKING_CANCELLED,
        booking=booking,
        detail={**stay_detail(resource, booking, "2026-12-20", "2026-12-24", 4), "free_units_returned": 4},
    )


def test_a_booker_cancelling_their_own_booking_is_not_audited(youth, staff):
    room = ResourceFactory()
    booking = book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    services.booking_cancel(booking_id=booking.pk, acting_user=youth, now=NOW)
    assert not AuditEntry.objects.exists()
    with pytest.raises(WrongState):  # cancelled already: refused, nothing written
        services.booking_cancel(booking_id=booking.pk, acting_user=staff, now=NOW)
    assert not AuditEntry.objects.exists()


def test_staff_cancelling_a_room_records_no_allowance(youth, staff):
    room = ResourceFactory()
    booking = book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    services.booking_cancel(booking_id=booking.pk, acting_user=staff, now=at("2026-12-07 08:30"))  # past the deadline
    assert_entry(
        only_entry(),
        actor=staff,
        action=AuditAction.BOOKING_CANCELLED,
        booking=booking,
        detail=room_detail(room, booking),
    )


def test_the_place_operator_checking_someone_in_is_recorded(youth, operator):
    room = ResourceFactory(place=PlaceFactory(operators=[operator]))
    booking = book(room, youth, "2026-12-07T10:00", "2026-12-07T11:00")
    with pytest.raises(WrongState):  # not open yet: refused, nothing written
        services.booking_check_in(booking_id=booking.pk, acting_user=operator, now=at("2026-12-07 08:00"))
    assert not AuditEntry.objects.exists()
    services.booking_check_in(booking_id=booking.pk, acting_user=operator, now=at("2026-12-07 10:01"))
    entry = only_entry()
    assert_entry(
        entry,
        actor=operator,
        action=AuditAction.BOOKING_CHECKED_IN,
        booking=booking,
        detail=room_detail(room, booking, "2026-12-07 10:00", "2026-12-07 11:00"),
    )
    assert entry.actor_roles == ["place_operator"]


def test_a_booker_checking_in_with_the_code_is_not_audited(youth):
    room = ResourceFactory()
    booking = book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    with pytest.raises(InvalidInput):
        services.booking_check_in(booking_id=booking.pk, acting_user=youth, code="WRONG123", now=at("2026-12-07 09:05"))
    services.booking_check_in(booking_id=booking.pk, acting_user=youth, code=booking.code, now=at("2026-12-07 09:05"))
    assert not AuditEntry.objects.exists()


# --- no-shows and the partner hotel ------------------------------------------------------------------


def test_a_no_show_released_is_recorded_as_the_systems_once(youth):
    room = ResourceFactory()
    booking = book(room, youth, "2026-12-07T09:00", "2026-12-07T10:00")
    assert services.release_no_shows(now=at("2026-12-07 09:14")) == 0
    assert not AuditEntry.objects.exists()
    assert services.release_no_shows(now=at("2026-12-07 09:15")) == 1
    assert services.release_no_shows(now=at("2026-12-07 09:20")) == 0  # idempotent: one entry
    entry = only_entry()
    assert_entry(
        entry, actor=None, action=AuditAction.BOOKING_RELEASED, booking=booking, detail=room_detail(room, booking)
    )
    assert entry.actor_roles == ["system"]


def test_a_desk_day_is_recorded_by_its_day(youth):
    desks = desk_pool()
    booking = book(desks, youth, "2026-12-07", "2026-12-08")
    services.release_no_shows(now=at("2026-12-07 09:15"))
    entry = only_entry()
    assert entry.object_id == booking.pk
    assert entry.detail == {
        "resource": desks.pk,
        "user": youth.pk,
        "start": "2026-12-07",
        "end": "2026-12-07",  # the last day booked
        "units": 1,
        "unit": Unit.DAY,
        "quantity": 1,
    }


def test_the_partner_hotel_confirming_nights_is_recorded_night_by_night(youth, staff, partner, make_user):
    resource = hostel()
    resource.partners.add(partner)
    booking = book(resource, youth, "2026-12-10", "2026-12-12")
    services.booking_decide(booking_id=booking.pk, action="approve", acting_user=staff)
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    with pytest.raises(InvalidInput):  # not their hotel
        services.nights_confirm(code=booking.code, acting_user=make_user("partner"), now=at("2026-12-10 22:00"))
    services.nights_confirm(code=booking.code, acting_user=partner, now=at("2026-12-10 22:00"))
    with pytest.raises(WrongState):  # nothing left tonight
        services.nights_confirm(code=booking.code, acting_user=partner, now=at("2026-12-10 23:00"))
    services.nights_confirm(code=booking.code, acting_user=partner, now=at("2026-12-11 21:00"))
    entries = list(AuditEntry.objects.exclude(pk__in=before).order_by("id"))
    stay = stay_detail(resource, booking, "2026-12-10", "2026-12-12", 2)
    for entry, night, complete in zip(entries, ["2026-12-10", "2026-12-11"], [False, True], strict=True):
        assert_entry(
            entry,
            actor=partner,
            action=AuditAction.BOOKING_NIGHTS_CONFIRMED,
            booking=booking,
            detail={**stay, "nights": [night], "stay_complete": complete},
        )
        assert entry.actor_roles == ["partner"]


# --- allowances in the admin ---------------------------------------------------------------------------


def test_staff_changing_someones_allowance_in_the_admin_is_recorded(youth, client, make_user):
    resource = hostel()
    book(resource, youth, "2026-12-10", "2026-12-12")
    allowance = Allowance.objects.get(user=youth)
    admin = make_user(None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:bookings_allowance_change", args=[allowance.pk]),
        {
            "rule": allowance.rule_id,
            "user": youth.pk,
            "granted": 10,
            "valid_from": allowance.valid_from.isoformat(),
            "valid_to": allowance.valid_to.isoformat(),
        },
    )
    assert response.status_code == 302, response.content
    entry = AuditEntry.objects.get(action=AuditAction.ADMIN_CHANGED)
    assert (entry.actor_id, entry.object_type, entry.object_id) == (admin.pk, "bookings.allowance", allowance.pk)
    assert entry.detail == {"change": [{"changed": {"fields": ["Free units"]}}]}
    rule = AllowanceRule.objects.get(code="youth-hostel-nights")
    response = client.post(reverse("admin:bookings_allowancerule_delete", args=[rule.pk]), {"post": "yes"})
    # the rule is in use (PROTECT): nothing deleted, nothing recorded
    assert AllowanceRule.objects.filter(pk=rule.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.ADMIN_DELETED).exists()


# --- the audit log page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh-hant",
            [
                "預約申請已批准",
                "預約 #",
                "資源: 青年驛站",
                "由: 2026-12-10",
                "至: 2026-12-17",
                "計算單位: 晚",
                "免費單位: 7",
                "獲分配的房間: 是",
            ],
        ),
        (
            "en",
            ["Booking request approved", "Booking #", "Resource: Youth hostel", "Unit: Night", "Free units: 7"],
        ),
    ],
)
def test_the_audit_log_shows_a_booking_decision_by_its_labels(
    youth, staff, client, make_user, django_assert_max_num_queries, lang, words
):
    resource = hostel(name_zh_hant="青年驛站", name_zh_hans="青年驿站", name_en="Youth hostel")
    booking = book(resource, youth, "2026-12-10", "2026-12-17")
    services.booking_decide(booking_id=booking.pk, action="approve", acting_user=staff, allocation="Room 1203")
    client.force_login(make_user("approver"))
    with django_assert_max_num_queries(5):  # the page's 4, and one for the resources' names
        response = client.get(f"/{lang}/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    for expected in words:
        assert expected in page, expected
    log = page.split('data-testid="audit-log"')[1]
    for raw in ("booking.approved", "bookings.booking", "resource:", "night<", ": night", "Room 1203", "True"):
        assert raw not in log, raw
