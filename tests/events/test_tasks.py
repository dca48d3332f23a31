"""The thin tasks call their services and are idempotent (a second delivery does nothing); the
beat schedule names each of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification
from events import services, tasks
from events.models import Registration, RegistrationState

from .factories import SessionFactory

pytestmark = pytest.mark.django_db
S = RegistrationState


def _past_window(programme, **extra):
    now = timezone.now()
    return SessionFactory(
        programme=programme,
        registration_opens_at=now - timedelta(days=3),
        registration_closes_at=now - timedelta(minutes=1),
        **extra,
    )


def test_the_draw_task_runs_closed_lotteries_once(programme, make_user):
    session = _past_window(programme, allocation="lottery", capacity=1)
    earlier = timezone.now() - timedelta(hours=1)
    a = services.registration_create(session_id=session.pk, acting_user=make_user(), now=earlier)
    b = services.registration_create(session_id=session.pk, acting_user=make_user(), now=earlier)
    assert tasks.allocate_closed_sessions.delay().get() == 1
    assert tasks.allocate_closed_sessions.delay().get() == 0
    states = sorted(Registration.objects.filter(pk__in=[a.pk, b.pk]).values_list("state", flat=True))
    assert states == [S.CONFIRMED, S.WAITLISTED]


def test_the_expiry_task_passes_the_seat_on_once(session, make_user):
    first = services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=2)
    services.registration_create(session_id=session.pk, acting_user=make_user())
    offered = services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=2)
    after = services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=2)
    services.registration_cancel(registration_id=first.pk, acting_user=first.user)
    Registration.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.expire_offers.delay().get() == 1
    assert tasks.expire_offers.delay().get() == 0
    assert Registration.objects.get(pk=after.pk).state == S.OFFERED


def test_the_attendance_task_marks_no_shows_once(programme, make_user):
    now = timezone.now()
    session = SessionFactory(
        programme=programme,
        starts_at=now - timedelta(hours=9),
        ends_at=now - timedelta(hours=4),
        registration_opens_at=now - timedelta(days=5),
        registration_closes_at=now - timedelta(days=1),
    )
    reg = services.registration_create(session_id=session.pk, acting_user=make_user(), now=now - timedelta(days=2))
    assert tasks.close_attendance.delay().get() == 1
    assert tasks.close_attendance.delay().get() == 0
    assert Registration.objects.get(pk=reg.pk).state == S.NO_SHOW


def test_the_reminder_task_sends_once(programme, make_user):
    soon = timezone.now() + timedelta(days=1)
    session = SessionFactory(
        programme=programme,
        starts_at=soon,
        ends_at=soon + timedelta(hours=3),
        registration_closes_at=soon - timedelta(hours=2),
    )
    youth = make_user(preferred_language="zh-hant")
    services.registration_create(session_id=session.pk, acting_user=youth)
    assert tasks.send_reminders.delay().get() == 1
    assert tasks.send_reminders.delay().get() == 0
    reminder = Notification.objects.get(recipient=youth, key__endswith="session-reminder")
    assert "即將開始" in reminder.subject_zh_hant  # in the youth's language


def test_the_beat_schedule_names_every_task():
    from portal.celery import app

    names = {entry["task"] for key, entry in settings.CELERY_BEAT_SCHEDULE.items() if key.startswith("events-")}
    assert names == {
        "events.tasks.allocate_closed_sessions",
        "events.tasks.expire_offers",
        "events.tasks.close_attendance",
        "events.tasks.send_reminders",
    }
    assert names <= set(app.tasks)
