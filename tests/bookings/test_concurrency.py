"""Capacity and allowances under concurrency, on the real PostgreSQL, through the HTTP API.

Each race releases THREADS requests at once (a barrier), each thread with its own database
connection and API client, and is repeated RUNS times with a fresh resource:
- the last desk of a pool (counted per unit under the resource's row lock): one booking wins;
- one room (the exclusion constraint on its time range): of overlapping requests one wins;
- one person spending an allowance of 7 hostel nights in ten one-night stays at once: 7 win.
Every refusal is a 409 with its reason, never a 5xx.
"""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from bookings.models import AllowanceEntry, Booking
from bookings.selectors import allowances_of
from tests.places.factories import PlaceFactory

from .factories import SHENZHEN, ResourceFactory, desk_pool, hostel

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 12
RUNS = int(os.environ.get("BOOKING_RACE_RUNS", "5"))
EVERY_DAY = [("MO,TU,WE,TH,FR,SA,SU", __import__("datetime").time(9), __import__("datetime").time(18))]


def _open_place():
    return PlaceFactory(hours=EVERY_DAY, closed_on_public_holidays=False)


def _race(users, bodies) -> list[tuple[int, str]]:
    """POST each body by its user at once; (status, reason) of each answer."""
    barrier = threading.Barrier(len(bodies))
    answers: list[tuple[int, str]] = [(0, "")] * len(bodies)

    def work(index: int) -> None:
        client = APIClient()
        client.force_authenticate(users[index])
        try:
            barrier.wait(timeout=60)
            response = client.post("/api/v1/bookings/", bodies[index], format="json")
            answers[index] = (response.status_code, response.json().get("reason", ""))
        except Exception as error:  # noqa: BLE001 - reported by the test as a failure
            answers[index] = (599, f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(index,)) for index in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def _tomorrow():
    return (timezone.now().astimezone(SHENZHEN) + timedelta(days=1)).date()


def test_the_last_desk_goes_to_one_of_many_at_once(make_user):
    users = [make_user("youth") for _ in range(THREADS)]
    day = _tomorrow()
    failures = []
    for run in range(RUNS):
        desks = desk_pool(capacity=3, place=_open_place())
        for holder in users[:2]:
            Booking.objects.create(
                resource=desks,
                user=holder,
                period=(
                    timezone.datetime.combine(day, timezone.datetime.min.time(), tzinfo=SHENZHEN),
                    timezone.datetime.combine(day + timedelta(days=1), timezone.datetime.min.time(), tzinfo=SHENZHEN),
                ),
                units=1,
                state="confirmed",
            )
        body = {"resource": desks.pk, "start": day.isoformat(), "end": (day + timedelta(days=1)).isoformat()}
        answers = _race(users, [body] * THREADS)
        won = [a for a in answers if a[0] == 201]
        refused = [a for a in answers if a == (409, "full")]
        taken = sum(Booking.objects.filter(resource=desks, state="confirmed").values_list("quantity", flat=True))
        if (len(won), len(refused), taken) != (1, THREADS - 1, 3):
            failures.append((run, sorted(set(answers)), taken))
    assert failures == []


def test_one_room_one_booking_by_the_exclusion_constraint(make_user):
    users = [make_user("youth") for _ in range(THREADS)]
    day = _tomorrow()
    failures = []
    for run in range(RUNS):
        room = ResourceFactory(place=_open_place(), max_units_per_booking=3)
        # every request overlaps every other: 10:00-11:00 ... 12:00-13:00, all containing 11:00-12:00
        bodies = [
            {
                "resource": room.pk,
                "start": f"{day.isoformat()}T{10 + index % 2:02d}:00",
                "end": f"{day.isoformat()}T{12 + index % 2:02d}:00",
            }
            for index in range(THREADS)
        ]
        answers = _race(users, bodies)
        won = [a for a in answers if a[0] == 201]
        refused = [a for a in answers if a == (409, "full")]
        if (len(won), len(refused), Booking.objects.filter(resource=room).count()) != (1, THREADS - 1, 1):
            failures.append((run, sorted(set(answers))))
    assert failures == []


def test_an_allowance_of_seven_nights_is_never_overspent(make_user):
    day = _tomorrow()
    failures = []
    for run in range(RUNS):
        person = make_user("youth")
        resource = hostel(place=_open_place(), max_units_held=30, capacity=50)
        bodies = [
            {
                "resource": resource.pk,
                "start": (day + timedelta(days=index)).isoformat(),
                "end": (day + timedelta(days=index + 1)).isoformat(),
            }
            for index in range(10)
        ]
        answers = _race([person] * 10, bodies)
        won = [a for a in answers if a[0] == 201]
        refused = [a for a in answers if a == (409, "allowance")]
        line = allowances_of(person)[0]
        used = sum(AllowanceEntry.objects.filter(allowance=line.allowance).values_list("units", flat=True))
        if (len(won), len(refused), line.used, used, line.left) != (7, 3, 7, 7, 0):
            failures.append((run, sorted(set(answers)), line.used))
    assert failures == []
