"""The beat jobs: no-shows released once, reminders sent once, however often delivered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from accounts.models import Notification
from bookings import tasks
from bookings.models import Booking, BookingState, NoShow
from bookings.schedule import BEAT_SCHEDULE

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def _booking(user, start, **kwargs):
    return Booking.objects.create(
        resource=ResourceFactory(**kwargs),
        user=user,
        period=DateTimeTZRange(start, start + timedelta(hours=1)),
        units=1,
        exclusive=True,
        state="confirmed",
    )


def test_the_release_task_delivered_twice_releases_once(youth):
    late = _booking(youth, timezone.now() - timedelta(minutes=20))
    just_started = _booking(youth, timezone.now() - timedelta(minutes=5))
    no_check_in = _booking(youth, timezone.now() - timedelta(minutes=30), check_in_required=False)
    assert tasks.release_no_shows.delay().get() == 1
    assert tasks.release_no_shows.delay().get() == 0
    assert Booking.objects.get(pk=late.pk).state == BookingState.RELEASED
    assert Booking.objects.get(pk=just_started.pk).state == BookingState.CONFIRMED
    assert Booking.objects.get(pk=no_check_in.pk).state == BookingState.CONFIRMED
    assert NoShow.objects.filter(user=youth).count() == 1


def test_the_reminder_task_reminds_once(youth):
    booking = _booking(youth, timezone.now() + timedelta(hours=12))
    assert tasks.send_reminders.delay().get() == 1
    assert tasks.send_reminders.delay().get() == 0
    assert Notification.objects.filter(recipient=youth, key=f"bookings:reminder:{booking.pk}").count() == 1


def test_the_schedule_names_the_tasks():
    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} == {
        "bookings.tasks.release_no_shows",
        "bookings.tasks.send_reminders",
    }
