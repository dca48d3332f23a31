"""The places API contract: list fields and filters, the detail with its schedule, 404s, and
PATCH by the place's operators and staff only."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from places import selectors
from places.models import Closure, PlaceKind

from .factories import PlaceFactory, ServiceFactory, hong_kong_place

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "slug",
    "name",
    "kind",
    "city",
    "district",
    "address",
    "latitude",
    "longitude",
    "open_now",
    "services",
}
DETAIL_FIELDS = LIST_FIELDS | {"opening_hours", "schedule", "contact", "last_confirmed"}


@pytest.fixture
def api():
    return APIClient()


def always_open(**kwargs):
    every_day = "MO,TU,WE,TH,FR,SA,SU"
    return PlaceFactory(hours=[(every_day, time(0), time(23, 59, 59))], **kwargs)


def never_open(**kwargs):
    return PlaceFactory(hours=[], **kwargs)


def test_list_has_the_contract_fields_and_is_paginated(api):
    consulting = ServiceFactory(code="policy-consulting", name_en="Policy consulting")
    PlaceFactory(services=[consulting], latitude="22.5", longitude="114.05", address_en="2/F, Luohu Business Centre")
    body = api.get("/api/v1/places/?lang=en").json()
    assert set(body) == {"count", "next", "previous", "results"}
    result = body["results"][0]
    assert LIST_FIELDS <= set(result)
    assert result["city"] == "Shenzhen" and result["district"] == "Futian District"
    assert result["latitude"] == 22.5 and result["longitude"] == 114.05
    assert result["services"] == [{"code": "policy-consulting", "name": "Policy consulting"}]
    assert isinstance(result["open_now"], bool)
    for _ in range(21):
        PlaceFactory()
    page = api.get("/api/v1/places/").json()
    assert page["count"] == 22 and len(page["results"]) == 20 and page["next"]


def test_filters_kind_city_open_now(api):
    enclave = hong_kong_place(hours=[("MO,TU,WE,TH,FR,SA,SU", time(0), time(23, 59, 59))])
    hall = never_open(kind=PlaceKind.GOVERNMENT_HALL)
    open_centre = always_open()

    def slugs(query: str) -> set[str]:
        response = api.get(f"/api/v1/places/{query}")
        assert response.status_code == 200, response.content
        return {r["slug"] for r in response.json()["results"]}

    assert slugs("?kind=government_hall") == {hall.slug}
    assert slugs("?city=hong-kong") == {enclave.slug}
    assert slugs("?city=shenzhen") == {hall.slug, open_centre.slug}  # the districts under the city
    assert slugs("?city=futian") == {hall.slug, open_centre.slug}
    # Christmas Day is a Hong Kong holiday: the enclave closes; on the mainland it is an ordinary day
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: datetime(2024, 12, 25, 12, tzinfo=ZoneInfo("Asia/Hong_Kong")))
        assert slugs("?open_now=true") == {open_centre.slug}
    assert slugs("?open_now=false") == {enclave.slug, hall.slug, open_centre.slug}


def test_bad_filters_are_400(api):
    for query in ("?kind=shop", "?open_now=maybe", "?language=fr"):
        response = api.get(f"/api/v1/places/{query}")
        assert response.status_code == 400, query
    assert api.get("/api/v1/places/?city=nowhere").json()["count"] == 0
    assert api.get("/api/v1/places/", {"q": "a\x00b"}).status_code == 400  # a NUL never reaches PostgreSQL


def test_a_traditional_query_finds_a_place_named_in_simplified(api):
    PlaceFactory(name_zh_hant="", name_zh_hans="罗湖香港团体服务中心", name_en="")
    PlaceFactory(name_zh_hant="其他", name_zh_hans="其他", name_en="Other")
    found = api.get("/api/v1/places/", {"q": "羅湖香港團體"}).json()["results"]
    assert [r["name"] for r in found] == ["罗湖香港团体服务中心"]
    assert api.get("/api/v1/places/", {"q": "罗湖"}).json()["count"] == 1
    assert api.get("/api/v1/places/", {"q": "other"}).json()["count"] == 1  # English, any case


def test_the_list_pins_its_queries(api, django_assert_num_queries):
    consulting = ServiceFactory()
    for _ in range(3):
        PlaceFactory(services=[consulting])
    # 1 places with their region (and its parents) and organisation, 1 their services,
    # 1 their opening rules, 1 their coming closures
    with django_assert_num_queries(4):
        assert api.get("/api/v1/places/").status_code == 200
    for _ in range(10):
        PlaceFactory(services=[consulting])
    with django_assert_num_queries(4):
        assert api.get("/api/v1/places/?open_now=true&city=shenzhen").status_code == 200


def test_detail_has_hours_schedule_contact_and_last_confirmed(api):
    place = PlaceFactory(contact_phone="0755-1234", contact_email="hall@example.org")
    today = timezone.localdate()
    Closure.objects.create(
        place=place, starts_on=today + timedelta(days=2), ends_on=today + timedelta(days=2), reason="Typhoon"
    )
    body = api.get(f"/api/v1/places/{place.slug}/?lang=en").json()
    assert DETAIL_FIELDS <= set(body)
    assert body["opening_hours"][0] == {
        "byday": "MO,TU,WE,TH,FR",
        "opens_at": "09:00",
        "closes_at": "12:00",
        "valid_from": None,
        "valid_to": None,
    }
    assert len(body["schedule"]) == 14
    assert set(body["schedule"][0]) >= {"date", "opens_at", "closes_at", "closed_reason"}
    assert body["schedule"][0]["date"] == today.isoformat()
    typhoon = body["schedule"][2]
    assert typhoon["closed_code"] == "closure" and "Typhoon" in typhoon["closed_reason"]
    assert typhoon["opens_at"] is None and typhoon["closes_at"] is None
    assert body["contact"] == {"phone": "0755-1234", "email": "hall@example.org", "website": ""}
    assert body["last_confirmed"] is None


def test_detail_of_a_place_with_no_hours_says_to_be_confirmed(api):
    place = never_open()
    body = api.get(f"/api/v1/places/{place.slug}/?lang=en").json()
    assert body["hours_to_be_confirmed"] is True and body["open_now"] is False and body["next_open"] is None
    assert {day["closed_code"] for day in body["schedule"]} <= {"unknown", "holiday"}


def test_unknown_places_are_404(api):
    assert api.get("/api/v1/places/nowhere/").status_code == 404
    api.force_authenticate(user=None)
    assert api.patch("/api/v1/places/nowhere/", {}, format="json").status_code in (401, 403)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anon", 403),
        ("youth", 403),
        ("mentor", 403),
        ("base_operator", 403),
        ("other_place_operator", 403),
        ("operator", 200),
        ("reviewer", 200),
        ("approver", 200),
    ],
)
def test_patch_by_role(api, make_user, place, place_operator, who, expected):
    if who == "operator":
        api.force_authenticate(place_operator)
    elif who == "other_place_operator":
        api.force_authenticate(make_user("place_operator"))
    elif who != "anon":
        api.force_authenticate(make_user(who))
    response = api.patch(
        f"/api/v1/places/{place.slug}/?lang=en",
        {
            "address": "2/F, Luohu Business Centre",
            "opening_hours": [{"byday": "MO,WE", "opens_at": "10:00", "closes_at": "16:00"}],
        },
        format="json",
    )
    assert response.status_code == expected, response.content
    place.refresh_from_db()
    if expected == 200:
        assert response.json()["address"] == "2/F, Luohu Business Centre"
        assert place.address_en == "2/F, Luohu Business Centre"
        assert response.json()["opening_hours"] == [
            {"byday": "MO,WE", "opens_at": "10:00", "closes_at": "16:00", "valid_from": None, "valid_to": None}
        ]
    else:
        assert not place.address_en


def test_patch_refusals(api, place, place_operator):
    api.force_authenticate(place_operator)
    url = f"/api/v1/places/{place.slug}/"
    assert api.patch(url, {"name": "Renamed"}, format="json").status_code == 400
    bad = api.patch(url, {"opening_hours": [{"byday": "XX", "opens_at": "10:00", "closes_at": "09:00"}]}, format="json")
    assert bad.status_code == 400
    assert api.patch(url, {"latitude": "22.5"}, format="json").json()["longitude"]
    assert api.patch(url, {"languages": ["yue", "en"]}, format="json").json()["languages"] == ["yue", "en"]
    assert api.patch("/api/v1/places/nowhere/", {}, format="json").status_code == 404


def test_the_schedule_uses_the_places_calendar(api):
    # whatever today is, the 14 days are computed in the place's zone with its own calendar
    place = hong_kong_place()
    hours = selectors.place_schedule(place, instant=timezone.now())[1]
    assert str(hours.tz) == "Asia/Hong_Kong"
    assert all(e.kind != "makeup_workday" for e in hours.exceptions.values())


class TestChangeReportActions:
    """`POST /api/v1/places/change-reports/<id>/<action>/`: the change report's table
    (services.CHANGE_REPORT_WORKFLOW) through the API, as the staff page offers it."""

    @pytest.fixture
    def report(self, place, make_user):
        from places import services

        return services.change_report_submit(
            place_slug=place.slug, message="The hall moved to 3F.", acting_user=make_user("youth")
        )

    def path(self, report, action="close"):
        return f"/api/v1/places/change-reports/{report.pk}/{action}/"

    def test_staff_close_it_with_a_note(self, api, report, staff):
        api.force_authenticate(staff)
        response = api.post(self.path(report), {"staff_note": "Address corrected."}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "closed" and response.json()["staff_note"] == "Address corrected."
        again = api.post(self.path(report), {}, format="json")
        assert again.status_code == 409  # closed already: nobody may close it now

    @pytest.mark.parametrize("role", ["youth", "place_operator", "mentor"])
    def test_no_one_else_may(self, api, report, make_user, role):
        api.force_authenticate(make_user(role))
        assert api.post(self.path(report), {}, format="json").status_code == 403
        report.refresh_from_db()
        assert report.status == "open"

    def test_anonymous_and_unknown_actions(self, api, report, staff):
        assert api.post(self.path(report), {}, format="json").status_code in (401, 403)
        api.force_authenticate(staff)
        assert api.post(self.path(report, "reopen"), {}, format="json").status_code == 404
        assert api.post("/api/v1/places/change-reports/999999/close/", {}, format="json").status_code == 404
