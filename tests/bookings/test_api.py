"""The API contract of issue 19, and who may do what, role by role."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from accounts.roles import ALL_ROLES
from bookings.models import Booking, BookingState
from tests.places.factories import PlaceFactory

from .factories import SHENZHEN, ResourceFactory, desk_pool, hostel

pytestmark = pytest.mark.django_db

EVERY_DAY = [("MO,TU,WE,TH,FR,SA,SU", time(9), time(18))]


def client_for(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def tomorrow():
    return (timezone.now().astimezone(SHENZHEN) + timedelta(days=1)).date()


@pytest.fixture
def room(operator):
    return ResourceFactory(
        place=PlaceFactory(slug="luohu-centre", hours=EVERY_DAY, closed_on_public_holidays=False, operators=[operator])
    )


def test_resources_list_and_filters(room, django_assert_num_queries):
    desk_pool(place=room.place)
    hostel()
    with django_assert_num_queries(2):  # the count and the page
        response = client_for().get("/api/v1/bookings/resources/")
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert set(first) == {"id", "name", "kind", "place", "unit", "capacity", "requires_approval"}
    assert response.json()["count"] == 3
    by_place = client_for().get("/api/v1/bookings/resources/", {"place": "luohu-centre"}).json()
    assert {r["kind"] for r in by_place["results"]} == {"room", "desk_pool"}
    by_kind = client_for().get("/api/v1/bookings/resources/", {"kind": "accommodation"}).json()
    assert [r["unit"] for r in by_kind["results"]] == ["night"]
    assert client_for().get("/api/v1/bookings/resources/", {"kind": "castle"}).status_code == 400


def test_availability_per_unit_with_closed_reasons(room, youth):
    day = tomorrow()
    client_for(youth).post(
        "/api/v1/bookings/",
        {"resource": room.pk, "start": f"{day}T10:00", "end": f"{day}T11:00"},
        format="json",
    )
    response = client_for().get(
        f"/api/v1/bookings/resources/{room.pk}/availability/", {"from": day.isoformat(), "to": day.isoformat()}
    )
    assert response.status_code == 200
    rows = response.json()
    assert set(rows[0]) == {"start", "end", "free", "closed_reason"}
    assert len(rows) == 9  # 09:00 ... 17:00
    assert [row["free"] for row in rows][:3] == [1, 0, 1]
    assert client_for().get(f"/api/v1/bookings/resources/{room.pk}/availability/", {"from": "x"}).status_code == 400
    too_long = {"from": day.isoformat(), "to": (day + timedelta(days=40)).isoformat()}
    assert client_for().get(f"/api/v1/bookings/resources/{room.pk}/availability/", too_long).status_code == 400
    assert client_for().get("/api/v1/bookings/resources/99999/availability/").status_code == 404


def test_availability_names_a_hong_kong_holiday_in_the_readers_language():
    from tests.places.factories import hong_kong_place

    room = ResourceFactory(place=hong_kong_place(), max_days_ahead=400)
    rows = (
        client_for(language="zh-hant")
        .get(f"/api/v1/bookings/resources/{room.pk}/availability/", {"from": "2026-12-25", "to": "2026-12-25"})
        .json()
    )
    assert rows and all(row["free"] == 0 for row in rows)
    with translation.override("zh-hant"):
        assert "香港" in rows[0]["closed_reason"]


def test_book_201_then_409_full_with_a_translated_detail(room, youth, other_youth):
    day = tomorrow()
    body = {"resource": room.pk, "start": f"{day}T10:00", "end": f"{day}T12:00"}
    response = client_for(youth).post("/api/v1/bookings/", body, format="json")
    assert response.status_code == 201
    assert set(response.json()) == {"id", "state", "code"} and response.json()["state"] == "confirmed"
    refused = client_for(other_youth, "zh-hant").post("/api/v1/bookings/", body, format="json")
    assert refused.status_code == 409
    assert refused.json()["reason"] == "full" and refused.json()["detail"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"start": "{far}T10:00", "end": "{far}T11:00"}, "too_far_ahead"),
        ({"start": "{day}T09:00", "end": "{day}T17:00"}, "limit"),
        ({"start": "{day}T07:00", "end": "{day}T08:00"}, "closed"),
    ],
)
def test_each_refusal_reason(room, youth, change, reason):
    day, far = tomorrow(), tomorrow() + timedelta(days=30)
    body = {"resource": room.pk, **{k: v.format(day=day, far=far) for k, v in change.items()}}
    response = client_for(youth).post("/api/v1/bookings/", body, format="json")
    assert response.status_code == 409
    assert response.json()["reason"] == reason


def test_the_allowance_refusal_and_the_allowances_list(youth):
    resource = hostel(place=PlaceFactory(hours=EVERY_DAY, closed_on_public_holidays=False))
    day = tomorrow()
    client = client_for(youth)
    first = client.post(
        "/api/v1/bookings/",
        {"resource": resource.pk, "start": str(day), "end": str(day + timedelta(days=7))},
        format="json",
    )
    assert first.status_code == 201 and first.json()["state"] == "requested"
    more = client.post(
        "/api/v1/bookings/",
        {"resource": resource.pk, "start": str(day + timedelta(days=8)), "end": str(day + timedelta(days=9))},
        format="json",
    )
    assert more.status_code == 409 and more.json()["reason"] == "allowance"
    allowances = client.get("/api/v1/bookings/allowances/").json()
    assert [(a["code"], a["granted"], a["used"], a["left"]) for a in allowances] == [("youth-hostel-nights", 7, 7, 0)]


def test_bad_bodies_are_400(room, youth):
    client = client_for(youth)
    assert client.post("/api/v1/bookings/", {}, format="json").status_code == 400
    assert (
        client.post("/api/v1/bookings/", {"resource": room.pk, "start": "x", "end": "y"}, format="json").status_code
        == 400
    )
    body = {"resource": room.pk, "start": f"{tomorrow()}T10:00", "end": f"{tomorrow()}T11:00", "quantity": 0}
    assert client.post("/api/v1/bookings/", body, format="json").status_code == 400
    assert (
        client.post("/api/v1/bookings/", {**body, "resource": 999999, "quantity": 1}, format="json").status_code == 404
    )
    assert not Booking.objects.exists()


def _booking(room, user):
    day = tomorrow()
    response = client_for(user).post(
        "/api/v1/bookings/", {"resource": room.pk, "start": f"{day}T10:00", "end": f"{day}T11:00"}, format="json"
    )
    return Booking.objects.get(pk=response.json()["id"])


def test_own_bookings_only_staff_see_all(room, youth, other_youth, staff, operator, make_user):
    mine = _booking(room, youth)
    elsewhere = ResourceFactory(place=PlaceFactory(hours=EVERY_DAY, closed_on_public_holidays=False))
    theirs = _booking(elsewhere, other_youth)
    ids = lambda user: {row["id"] for row in client_for(user).get("/api/v1/bookings/").json()["results"]}  # noqa: E731
    assert ids(youth) == {mine.pk}
    assert ids(other_youth) == {theirs.pk}
    assert ids(staff) == {mine.pk, theirs.pk}
    assert ids(operator) == {mine.pk}  # the operator of the Luohu centre: its resources only
    for role in ALL_ROLES:
        if role in ("reviewer", "approver"):
            continue
        assert ids(make_user(role)) == set(), role
    assert client_for().get("/api/v1/bookings/").status_code in (401, 403)
    assert client_for(youth).get(f"/api/v1/bookings/{mine.pk}/").json()["code"] == mine.code
    assert client_for(staff).get(f"/api/v1/bookings/{mine.pk}/").json()["code"] == ""
    assert client_for(other_youth).get(f"/api/v1/bookings/{mine.pk}/").status_code == 404


def test_actions_role_by_role(room, youth, other_youth, staff, operator, partner):
    booking = _booking(room, youth)
    url = f"/api/v1/bookings/{booking.pk}/"
    assert client_for(other_youth).post(url + "cancel/", {}, format="json").status_code == 404
    assert client_for(partner).post(url + "cancel/", {}, format="json").status_code == 404
    assert client_for(youth).post(url + "approve/", {}, format="json").status_code == 403
    assert client_for(staff).post(url + "approve/", {}, format="json").status_code == 409  # not requested
    assert client_for(youth).post(url + "fly/", {}, format="json").status_code == 404
    wrong = client_for(youth).post(url + "check-in/", {"code": "NOTTHIS1"}, format="json")
    assert wrong.status_code == 400 and "code" in wrong.json()
    assert client_for(youth).post(url + "cancel/", {}, format="json").status_code == 200
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert client_for(youth).post(url + "cancel/", {}, format="json").status_code == 409


def test_approve_and_reject_by_staff_only(youth, other_youth, staff, operator):
    resource = hostel(place=PlaceFactory(hours=EVERY_DAY, closed_on_public_holidays=False, operators=[operator]))
    day = tomorrow()
    created = client_for(youth).post(
        "/api/v1/bookings/",
        {"resource": resource.pk, "start": str(day), "end": str(day + timedelta(days=7))},
        format="json",
    )
    url = f"/api/v1/bookings/{created.json()['id']}/"
    assert client_for(youth).post(url + "approve/", {}, format="json").status_code == 403
    approved = client_for(operator).post(url + "approve/", {"allocation": "Room 1203"}, format="json")
    assert approved.status_code == 200 and approved.json()["state"] == "confirmed"
    assert approved.json()["allocation"] == "Room 1203" and approved.json()["units"] == 7
    other = client_for(other_youth).post(
        "/api/v1/bookings/",
        {"resource": resource.pk, "start": str(day), "end": str(day + timedelta(days=2))},
        format="json",
    )
    other_url = f"/api/v1/bookings/{other.json()['id']}/"
    assert client_for(staff).post(other_url + "reject/", {}, format="json").status_code == 400
    assert (
        client_for(staff).post(other_url + "reject/", {"reason": "No documents"}, format="json").json()["state"]
        == "rejected"
    )


def test_check_in_by_staff_without_a_code(youth, operator):
    room = ResourceFactory(
        place=PlaceFactory(
            hours=[("MO,TU,WE,TH,FR,SA,SU", time(0), time(23, 59))],
            closed_on_public_holidays=False,
            operators=[operator],
        )
    )
    now = timezone.now().astimezone(SHENZHEN)
    if now.hour >= 23:
        pytest.skip("no full hour left today")
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    booking = Booking.objects.create(
        resource=room,
        user=youth,
        period=(start - timedelta(hours=1), start),
        units=1,
        exclusive=True,
        state="confirmed",
    )
    response = client_for(operator).post(f"/api/v1/bookings/{booking.pk}/check-in/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "checked_in"
