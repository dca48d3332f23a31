"""Pages: the list with its filters (its queries pinned), a place's page with 14 days of hours,
"report a change", the operators' edit page and the staff page."""

from __future__ import annotations

import re
from datetime import time

import pytest
from django.test import override_settings

from places.models import ChangeReportStatus, PlaceChangeReport, PlaceKind

from .factories import PlaceFactory, ServiceFactory, hong_kong_place

pytestmark = pytest.mark.django_db


def test_the_list_filters_and_pins_its_queries(client, django_assert_num_queries):
    consulting = ServiceFactory(code="policy-consulting", name_en="Policy consulting")
    hall = PlaceFactory(name_en="Hetao hall", kind=PlaceKind.GOVERNMENT_HALL, services=[consulting], languages="cmn")
    enclave = hong_kong_place(name_en="CityU enclave", latitude="22.3364", longitude="114.1726", languages="yue,en")
    # 1 regions and 1 regions in use (the city/district filter), 1 services offered (the service
    # filter), then 1 places with region and organisation, 1 their services, 1 their opening
    # rules, 1 their coming closures
    with django_assert_num_queries(7):
        response = client.get("/en/places/")
    assert response.status_code == 200
    for _ in range(25):
        PlaceFactory(services=[consulting])
    with django_assert_num_queries(7):
        assert client.get("/en/places/?open_now=on&city=shenzhen").status_code == 200
    content = client.get("/en/places/?kind=government_hall").content.decode()
    assert "Hetao hall" in content and "CityU enclave" not in content
    content = client.get("/en/places/?city=hong-kong").content.decode()
    assert "CityU enclave" in content and "Hetao hall" not in content
    assert "Hetao hall" not in client.get("/en/places/?language=yue").content.decode()
    assert "Hetao hall" in client.get("/en/places/?service=policy-consulting").content.decode()
    assert hall.slug and enclave.slug


def test_the_list_works_without_javascript_and_gives_the_map_its_markers(client):
    hong_kong_place(name_en="CityU enclave", latitude="22.3364", longitude="114.1726")
    PlaceFactory(name_en="Unmapped")
    content = client.get("/en/places/").content.decode()
    # every place is a plain link in the list
    assert content.count('class="places-card"') == 2
    markers = re.search(r'<script id="places-markers" type="application/json">(.*?)</script>', content, re.S)
    assert markers and "CityU enclave" in markers.group(1) and "Unmapped" not in markers.group(1)
    assert "1 place has no position on the map yet" in content
    assert "/static/vendor/leaflet/leaflet.js" in content


@override_settings(PLACES_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png")
def test_the_map_pages_allow_the_tile_server_and_nothing_else(client):
    place = PlaceFactory(latitude="22.5", longitude="114.0")
    for url in ("/en/places/", f"/en/places/{place.slug}/"):
        csp = client.get(url).headers["Content-Security-Policy"]
        assert "img-src 'self' data: https://tiles.example.org" in csp
    assert "tiles.example.org" not in client.get("/en/bases/").headers["Content-Security-Policy"]


@override_settings(PLACES_TILE_URL="")
def test_without_a_tile_server_no_host_is_allowed(client):
    response = client.get("/en/places/")
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"] + ";"
    assert 'data-tile-url=""' in response.content.decode()


def test_a_places_page_shows_14_days_of_hours_with_holidays(client):
    place = PlaceFactory(
        name_en="Hetao hall", address_en="", border_crossing_en="Futian Port", border_distance_km="2.4"
    )
    response = client.get(f"/en/places/{place.slug}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("data-date=") == 14
    assert "Address" in content and "To be confirmed" in content
    assert "Futian Port · 2.4 km away" in content
    assert "Sign in to report a change" in content
    assert "Events here" not in content and "Spaces to book here" not in content


def test_a_place_with_no_hours_says_so(client):
    place = PlaceFactory(hours=[])
    content = client.get(f"/zh-hant/places/{place.slug}/").content.decode()
    assert "待確認" in content


def test_report_a_change(client, make_user, place):
    client.force_login(make_user("youth"))
    response = client.post(f"/en/places/{place.slug}/report/", {"message": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_message_error"' in content and 'aria-describedby="id_message_helptext id_message_error"' in content
    response = client.post(f"/en/places/{place.slug}/report/", {"message": "It moved to 5/F."})
    assert response.status_code == 302
    assert PlaceChangeReport.objects.get().message == "It moved to 5/F."


def test_anonymous_reporters_are_asked_to_sign_in(client, place):
    response = client.post(f"/en/places/{place.slug}/report/", {"message": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_edit_page_is_for_operators_and_staff(client, make_user, place, place_operator, staff):
    url = f"/en/places/{place.slug}/edit/"
    client.force_login(make_user("place_operator"))
    assert client.get(url).status_code == 403
    client.force_login(place_operator)
    page = client.get(url)
    assert page.status_code == 200
    assert "Close the place for some days" not in page.content.decode()  # staff only
    data = {"hours": "MO-FR 10:00-17:00", "address_en": "5/F", "languages": ["yue"]}
    response = client.post(url, data)
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.address_en == "5/F" and place.languages == "yue"
    assert list(place.opening_rules.values_list("byday", "opens_at")) == [("MO,TU,WE,TH,FR", time(10))]
    bad = client.post(url, {"hours": "whenever"})
    assert bad.status_code == 400 and 'id="id_hours_error"' in bad.content.decode()
    client.force_login(staff)
    assert "Close the place for some days" in client.get(url).content.decode()


def test_the_staff_page_lists_reports_and_closes_them(client, make_user, place, staff):
    from places import services

    report = services.change_report_submit(place_slug=place.slug, message="New phone", acting_user=make_user("youth"))
    client.force_login(make_user("youth"))
    assert client.get("/en/places/staff/").status_code == 403
    client.force_login(staff)
    content = client.get("/en/places/staff/").content.decode()
    assert "New phone" in content
    response = client.post(f"/en/places/staff/reports/{report.pk}/close/", {f"r{report.pk}-staff_note": "Done"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ChangeReportStatus.CLOSED and report.staff_note == "Done"
    again = client.post(f"/en/places/staff/reports/{report.pk}/close/", {f"r{report.pk}-staff_note": ""})
    assert again.status_code == 409  # already closed: refused on the staff page
    assert client.post("/en/places/staff/reports/999999/close/").status_code == 404


def test_staff_confirm_from_the_places_page(client, place, staff, place_operator):
    client.force_login(place_operator)
    assert client.post(f"/en/places/{place.slug}/confirm/").status_code == 403
    client.force_login(staff)
    assert client.post(f"/en/places/{place.slug}/confirm/").status_code == 302
    place.refresh_from_db()
    assert place.last_confirmed_at is not None


def test_unknown_places_are_404(client):
    assert client.get("/en/places/nowhere/").status_code == 404
