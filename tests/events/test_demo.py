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
