"""The demo data reproduces the seeds' figures of "10,000 youths to Huizhou" through the stats
API, loads fast, and loading twice changes nothing."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from events.models import Programme, Registration, Session

pytestmark = pytest.mark.django_db


def test_the_huizhou_figures_from_the_demo_data(settings):
    settings.PORTAL_DEMO_HISTORY = True
    started = time.monotonic()
    call_command("load_demo", verbosity=0)
    elapsed = time.monotonic() - started
    stats = APIClient().get("/api/v1/events/programmes/10000-youths-to-huizhou/stats/").json()
    assert stats["sessions_held"] == 148
    assert stats["participants"] == 11193
    assert stats["first_timers"] == 4230
    assert stats["no_show_rate"] == 0.0
    assert 0 < stats["fill_rate"] <= 1
    programmes = APIClient().get("/api/v1/events/programmes/").json()["results"]
    assert {p["slug"] for p in programmes} >= {
        "10000-youths-to-huizhou",
        "huizhou-hk-talent-exchanges",
        "futian-study-tour",
        "cbd-youth-college-courses",
    }
    upcoming = APIClient().get("/api/v1/events/sessions/", {"upcoming": "true", "page_size": 100}).json()
    assert upcoming["count"] == 8
    assert elapsed < 60, elapsed
    before = (Programme.objects.count(), Session.objects.count(), Registration.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Programme.objects.count(), Session.objects.count(), Registration.objects.count()) == before


def test_the_demo_youth_may_join_the_sessions_the_demo_registers_them_for():
    """Both demo youth are Hong Kong or Macau graduates aged 18 to 40: the Huizhou trips and the
    talent exchanges take them (the security suite registers youth A for the first first-come
    session); the Futian study tours, for students, say why not, and Futian's courses, for Hong
    Kong residents, tell youth B (a Macau resident) why not."""
    from accounts.demo import demo_user
    from events import selectors, services

    call_command("load_demo", verbosity=0)
    youth = demo_user("youth")
    coming = Session.objects.filter(allocated_at__isnull=True).select_related("programme")
    for key in ("youth", "youth2"):
        user = demo_user(key)
        for session in coming:
            found = selectors.eligibility_of(user, session)
            expected = {"futian-study-tour": ("not_student",)}
            if key == "youth2":  # a Macau resident: Futian's programmes are for Hong Kong residents
                expected = {
                    "futian-study-tour": ("residency", "not_student"),
                    "cbd-youth-college-courses": ("residency",),
                }
            assert found.codes == expected.get(session.programme.slug, ()), (key, session)
    first = Session.objects.filter(allocation="first_come", allocated_at__isnull=True).order_by("pk").first()
    assert services.registration_create(session_id=first.pk, acting_user=youth).state == "confirmed"
