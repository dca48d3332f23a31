"""The reminder: places not confirmed for six months are flagged to staff, once per place per
period, however often the task is delivered."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import Notification
from places import services, tasks
from places.models import Place

from .factories import PlaceFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_task_delivered_twice_flags_each_place_once(make_user):
    reviewer, approver = make_user("reviewer"), make_user("approver")
    stale = PlaceFactory()
    fresh = PlaceFactory()
    never = PlaceFactory()
    Place.objects.filter(pk=stale.pk).update(last_confirmed_at=datetime(2024, 1, 10, 10, tzinfo=SHANGHAI))
    Place.objects.filter(pk=fresh.pk).update(last_confirmed_at=datetime(2024, 5, 1, 10, tzinfo=SHANGHAI))
    Place.objects.filter(pk=never.pk).update(created_at=datetime(2023, 12, 1, 10, tzinfo=SHANGHAI))

    assert tasks.flag_unconfirmed_places.delay("2024-07-15").get() == 4  # 2 places x 2 staff
    assert tasks.flag_unconfirmed_places.delay("2024-07-15").get() == 0  # the same delivery again
    assert tasks.flag_unconfirmed_places.delay("2024-08-01").get() == 0  # a later run, same period
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"places:confirmation-due:{stale.pk}:2024-07-10", f"places:confirmation-due:{never.pk}:2024-06-01"}
    assert set(Notification.objects.values_list("recipient", flat=True)) == {reviewer.pk, approver.pk}

    # confirmed again: a new period, flagged again six months later
    services.place_confirm(place_slug=stale.slug, acting_user=reviewer, now=datetime(2024, 7, 20, 9, tzinfo=SHANGHAI))
    assert services.places_flag_unconfirmed(today=date(2024, 12, 31)) == 2  # fresh is due since 1 November
    assert services.places_flag_unconfirmed(today=date(2025, 1, 20)) == 2  # stale's new period
    assert Notification.objects.filter(key=f"places:confirmation-due:{stale.pk}:2025-01-20").count() == 2


def test_no_staff_no_places_due_sends_nothing(make_user):
    PlaceFactory()
    assert services.places_flag_unconfirmed(today=timezone.localdate() + timedelta(days=10)) == 0
