"""The events API contract of issue 18: paths, field names, statuses, and who may do what, role by
role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events import services
from events.models import Registration, RegistrationState
from tests.places.factories import PlaceFactory

from .factories import SessionFactory

pytestmark = pytest.mark.django_db
S = RegistrationState
BASE = "/api/v1/events"


def client(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_programmes_list_with_session_counts(programme, session, lottery, django_assert_num_queries):
    with django_assert_num_queries(2):  # the count, the page of programmes (sessions counted in it)
        response = client().get(f"{BASE}/programmes/")
    assert response.status_code == 200
    item = response.json()["results"][0]
    assert {"id", "slug", "name", "kind", "sessions_count"} <= set(item)
    assert item["slug"] == "huizhou" and item["sessions_count"] == 2 and item["kind"] == "exchange_trip"


def test_stats(programme, session, make_user, staff):
    reg = services.registration_create(session_id=session.pk, acting_user=make_user())
    services.registration_create(session_id=session.pk, acting_user=make_user())
    services.registration_check_in(registration_id=reg.pk, acting_user=staff, now=session.starts_at)
    services.attendance_close(now=session.ends_at + timedelta(hours=3))
    body = client().get(f"{BASE}/programmes/huizhou/stats/").json()
    assert body == {"sessions_held": 0, "participants": 0, "first_timers": 0, "no_show_rate": 0.0, "fill_rate": 0.0}
    # once the session is over (the stats count held sessions)
    from events.models import Session

    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    body = client().get(f"{BASE}/programmes/huizhou/stats/").json()
    assert {k: body[k] for k in ("sessions_held", "participants", "first_timers", "no_show_rate")} == {
        "sessions_held": 1,
        "participants": 1,
        "first_timers": 1,
        "no_show_rate": 0.5,
    }
    assert client().get(f"{BASE}/programmes/nope/stats/").status_code == 404


SESSION_FIELDS = {
    "id",
    "programme",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "confirmed",
    "waitlisted",
    "allocation",
    "registration_opens_at",
    "registration_closes_at",
}


def test_sessions_list_fields_and_filters(programme, session, lottery, make_user, django_assert_num_queries):
    place = PlaceFactory(slug="huizhou-station")
    at_place = SessionFactory(programme=programme, place=place)
    past = SessionFactory(
        programme=programme,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=2),
        registration_opens_at=timezone.now() - timedelta(days=9),
        registration_closes_at=timezone.now() - timedelta(days=4),
    )
    SessionFactory()  # another programme
    services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=2)
    services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=2)
    with django_assert_num_queries(2):  # the count, the page (seats summed in it)
        response = client().get(f"{BASE}/sessions/", {"programme": "huizhou"})
    results = response.json()["results"]
    assert {r["id"] for r in results} == {session.pk, lottery.pk, at_place.pk, past.pk}
    first = next(r for r in results if r["id"] == session.pk)
    assert SESSION_FIELDS <= set(first)
    assert (first["capacity"], first["confirmed"], first["waitlisted"]) == (3, 2, 2)
    assert first["programme"] == "huizhou" and first["allocation"] == "first_come" and first["place"] is None
    ids = {r["id"] for r in client().get(f"{BASE}/sessions/", {"place": "huizhou-station"}).json()["results"]}
    assert ids == {at_place.pk}
    ids = {
        r["id"]
        for r in client().get(f"{BASE}/sessions/", {"programme": "huizhou", "upcoming": "true"}).json()["results"]
    }
    assert past.pk not in ids and session.pk in ids
    assert client().get(f"{BASE}/sessions/", {"upcoming": "maybe"}).status_code == 400


def _session_body(**extra):
    start = timezone.now() + timedelta(days=20)
    return {
        "programme": "huizhou",
        "title": "第 149 批",
        "meeting_point": "福田口岸",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=10)).isoformat(),
        "capacity": 80,
        "allocation": "lottery",
        "registration_opens_at": timezone.now().isoformat(),
        "registration_closes_at": (start - timedelta(days=5)).isoformat(),
        **extra,
    }


def test_create_session_by_staff_and_the_organiser_only(programme, organiser, staff, make_user):
    assert client().post(f"{BASE}/sessions/", _session_body(), format="json").status_code in (401, 403)
    assert client(make_user()).post(f"{BASE}/sessions/", _session_body(), format="json").status_code == 403
    assert client(make_user("organiser")).post(f"{BASE}/sessions/", _session_body(), format="json").status_code == 403
    response = client(organiser).post(f"{BASE}/sessions/", _session_body(), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "第 149 批" and response.json()["capacity"] == 80
    assert client(staff).post(f"{BASE}/sessions/", _session_body(capacity=5), format="json").status_code == 201


@pytest.mark.parametrize(
    "change, field",
    [
        ({"capacity": 0}, "capacity"),
        ({"programme": "nope"}, "programme"),
        ({"place": "nope"}, "place"),
        ({"meeting_point": ""}, "place"),
        ({"allocation": "fastest"}, "allocation"),
        ({"ends_at": "2020-01-01T00:00:00Z"}, "ends_at"),
        ({"starts_at": "not a date"}, "starts_at"),
    ],
)
def test_create_session_refusals_name_the_field(programme, staff, change, field):
    response = client(staff).post(f"{BASE}/sessions/", _session_body(**change), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_register_201_then_409(session, lottery, make_user):
    youth = make_user()
    response = client(youth).post(f"{BASE}/sessions/{session.pk}/registrations/", {}, format="json")
    assert response.status_code == 201
    assert set(response.json()) == {"id", "state"} and response.json()["state"] == "confirmed"
    assert client(youth).post(f"{BASE}/sessions/{session.pk}/registrations/", {}, format="json").status_code == 409
    response = client(youth).post(f"{BASE}/sessions/{lottery.pk}/registrations/", {"party_size": 2}, format="json")
    assert response.status_code == 201 and response.json()["state"] == "requested"
    other = make_user()
    client(other).post(f"{BASE}/sessions/{session.pk}/registrations/", {"party_size": 2}, format="json")
    late = client(make_user()).post(f"{BASE}/sessions/{session.pk}/registrations/", {"party_size": 1}, format="json")
    assert late.json()["state"] == "waitlisted"


@pytest.mark.parametrize("body", [{"party_size": 3}, {"party_size": 0}, {"party_size": "x"}])
def test_register_bad_party_size_is_400(session, make_user, body):
    response = client(make_user()).post(f"{BASE}/sessions/{session.pk}/registrations/", body, format="json")
    assert response.status_code == 400 and "party_size" in response.json()
    assert not Registration.objects.exists()


def test_register_refused_for_other_roles_and_unknown_sessions(session, make_user, organiser, staff):
    for user in (organiser, staff, make_user(None)):
        assert client(user).post(f"{BASE}/sessions/{session.pk}/registrations/", {}, format="json").status_code == 403
    assert client().post(f"{BASE}/sessions/{session.pk}/registrations/", {}, format="json").status_code in (401, 403)
    assert client(make_user()).post(f"{BASE}/sessions/999999/registrations/", {}, format="json").status_code == 404


def test_registrations_are_your_own_staff_see_all(session, make_user, staff, organiser, django_assert_num_queries):
    a, b = make_user(), make_user()
    ra = services.registration_create(session_id=session.pk, acting_user=a)
    rb = services.registration_create(session_id=session.pk, acting_user=b)
    from accounts.models import User

    fresh = User.objects.get(pk=a.pk)  # no roles read yet, as in a request
    with django_assert_num_queries(3):  # the roles, the count, the page (session, programme, user joined)
        mine = client(fresh).get(f"{BASE}/registrations/").json()["results"]
    assert [r["id"] for r in mine] == [ra.pk]
    assert {r["id"] for r in client(staff).get(f"{BASE}/registrations/").json()["results"]} == {ra.pk, rb.pk}
    assert {r["id"] for r in client(organiser).get(f"{BASE}/registrations/").json()["results"]} == {ra.pk, rb.pk}
    assert client(make_user("organiser")).get(f"{BASE}/registrations/").json()["results"] == []
    detail = client(a).get(f"{BASE}/registrations/{ra.pk}/").json()
    assert {"state", "code", "offer_expires_at"} <= set(detail)
    assert detail["state"] == "confirmed" and detail["code"] == ra.code
    assert client(a).get(f"{BASE}/registrations/{rb.pk}/").status_code == 404
    assert client().get(f"{BASE}/registrations/").status_code in (401, 403)


def test_cancel_and_accept_offer_by_the_youth(session, make_user, staff):
    first = services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=2)
    services.registration_create(session_id=session.pk, acting_user=make_user())
    waiting = services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=2)
    assert client(staff).post(f"{BASE}/registrations/{first.pk}/cancel/").status_code == 403
    assert client(make_user()).post(f"{BASE}/registrations/{first.pk}/cancel/").status_code == 404
    response = client(first.user).post(f"{BASE}/registrations/{first.pk}/cancel/")
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
    assert client(first.user).post(f"{BASE}/registrations/{first.pk}/cancel/").status_code == 409
    offered = client(waiting.user).get(f"{BASE}/registrations/{waiting.pk}/").json()
    assert offered["state"] == "offered" and offered["offer_expires_at"]
    assert client(staff).post(f"{BASE}/registrations/{waiting.pk}/accept-offer/").status_code == 403
    response = client(waiting.user).post(f"{BASE}/registrations/{waiting.pk}/accept-offer/")
    assert response.status_code == 200 and response.json()["state"] == "confirmed"
    assert client(waiting.user).post(f"{BASE}/registrations/{waiting.pk}/fly/").status_code == 404
    assert client(waiting.user).post(f"{BASE}/registrations/{waiting.pk}/mark-no-show/").status_code == 404


def test_check_in_by_staff_by_id_or_code(programme, make_user, staff, organiser):
    now = timezone.now()
    today = SessionFactory(
        programme=programme,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=6),
        registration_opens_at=now - timedelta(days=5),
        registration_closes_at=now + timedelta(minutes=30),
    )
    a = services.registration_create(session_id=today.pk, acting_user=make_user())
    b = services.registration_create(session_id=today.pk, acting_user=make_user())
    assert client(a.user).post(f"{BASE}/registrations/{a.pk}/check-in/").status_code == 403
    assert client(make_user("organiser")).post(f"{BASE}/registrations/{a.pk}/check-in/").status_code == 404
    response = client(staff).post(f"{BASE}/registrations/{a.pk}/check-in/")
    assert response.status_code == 200 and response.json()["state"] == "attended"
    assert client(staff).post(f"{BASE}/registrations/{a.pk}/check-in/").status_code == 409
    assert client(a.user).post(f"{BASE}/check-in/", {"code": b.code}, format="json").status_code == 403
    assert client(organiser).post(f"{BASE}/check-in/", {"code": "ZZZZ2222"}, format="json").status_code == 404
    assert client(organiser).post(f"{BASE}/check-in/", {}, format="json").status_code == 400
    response = client(organiser).post(f"{BASE}/check-in/", {"code": b.code}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "attended"


def test_allocate_now_by_staff(lottery, make_user, staff):
    regs = [services.registration_create(session_id=lottery.pk, acting_user=make_user()) for _ in range(6)]
    assert client(regs[0].user).post(f"{BASE}/sessions/{lottery.pk}/allocate/").status_code == 403
    response = client(staff).post(f"{BASE}/sessions/{lottery.pk}/allocate/")
    assert response.status_code == 200
    assert response.json()["confirmed"] == 4 and len(response.json()["order"]) == 6
    assert client(staff).post(f"{BASE}/sessions/{lottery.pk}/allocate/").status_code == 409
    states = sorted(client(r.user).get(f"{BASE}/registrations/{r.pk}/").json()["state"] for r in regs)
    assert states == ["confirmed"] * 4 + ["waitlisted"] * 2


def test_calendar_and_certificate(programme, make_user, staff):
    now = timezone.now()
    today = SessionFactory(
        programme=programme,
        title_zh_hant="惠州交流團 第 1 批",
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=6),
        registration_opens_at=now - timedelta(days=5),
        registration_closes_at=now + timedelta(minutes=30),
    )
    youth = make_user(full_name="陳大文")
    reg = services.registration_create(session_id=today.pk, acting_user=youth)
    response = client(youth).get(f"{BASE}/registrations/{reg.pk}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    import icalendar

    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event["SUMMARY"] == "惠州交流團 第 1 批"
    assert event.decoded("DTSTART") == today.starts_at.replace(microsecond=0)
    assert reg.code in event["DESCRIPTION"]
    assert client(make_user()).get(f"{BASE}/registrations/{reg.pk}/calendar.ics").status_code == 404
    # the certificate only once checked in
    assert client(youth).get(f"{BASE}/registrations/{reg.pk}/certificate.pdf").status_code == 409
    services.registration_check_in(registration_id=reg.pk, acting_user=staff)
    response = client(youth).get(f"{BASE}/registrations/{reg.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader  # noqa: I001 - only where the text is read back
    import io

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "陳大文" in text and "惠州交流團" in text


def test_registration_refused_with_the_reasons_in_the_request_language(programme, session, make_user):
    """Issue 18: a 403 with `reason`, the `reasons` one by one and the message in the reader's
    language; nothing is written."""
    programme.residency = "hk"
    programme.save()
    youth = make_user(residence="mo")
    response = client(youth).post(
        f"{BASE}/sessions/{session.pk}/registrations/", {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["reason"] == "not_eligible" and body["reasons"] == ["residency"]
    assert body["detail"] == "此活动只供香港居民参加。"
    assert not Registration.objects.exists()
    incomplete = make_user(date_of_birth=None)
    response = client(incomplete).post(
        f"{BASE}/sessions/{session.pk}/registrations/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["reason"] == "profile_incomplete" and body["profile_url"].endswith("/accounts/profile/")
    assert body["detail"] == "Complete your profile first: this programme needs your date of birth."


def test_a_server_without_pango_says_so_instead_of_a_500(programme, make_user, staff, monkeypatch):
    """WeasyPrint loads the system's Pango when imported: where it is missing (a bare machine),
    the certificate is a 503 that says to try again later, in the reader's language."""
    import sys

    youth = make_user("youth")
    now = timezone.now()
    session = SessionFactory(
        programme=programme,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=6),
        registration_opens_at=now - timedelta(days=5),
        registration_closes_at=now + timedelta(minutes=30),
    )
    reg = services.registration_create(session_id=session.pk, acting_user=youth)
    services.registration_check_in(registration_id=reg.pk, acting_user=staff)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as an import that fails
    response = client(youth).get(f"{BASE}/registrations/{reg.pk}/certificate.pdf", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 503
    assert response.json()["reason"] == "pdf_unavailable" and "請稍後再試" in response.json()["detail"]
