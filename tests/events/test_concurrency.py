"""Seats under concurrency, on the real PostgreSQL: many registrations, cancellations and
acceptances of offers at the same instant never put more confirmed or offered seats in a session
than its capacity, and each request ends in a state or one of the portal's refusals.

Each run: a session of 10 seats, 6 of them already confirmed (three pairs); 30 youths register
(parties of one and two), the three pairs cancel, and the people already offered seats accept,
all released by one barrier, each thread with its own database connection. Repeated RUNS times.
Then 30 youths at once for 10 empty seats. With the session's row lock removed from
registration_create, each of three runs of that test confirmed 45, 34 and 36 seats for 10.
"""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from events import services
from events.models import SEAT_STATES, Registration, RegistrationState
from portal.errors import DomainError

from .factories import ProgrammeFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

RUNS = int(os.environ.get("EVENTS_RACE_RUNS", "8"))
YOUTHS = 30
CAPACITY = 10


def seats(session) -> int:
    return Registration.objects.filter(session=session, state__in=SEAT_STATES).aggregate(s=Sum("party_size"))["s"] or 0


def race(jobs) -> list[object]:
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except DomainError as refused:
            results[i] = refused
        except Exception as crash:  # noqa: BLE001 - reported below: nothing may crash
            results[i] = crash
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.parametrize("run", range(RUNS))
def test_concurrent_registrations_cancellations_and_acceptances_never_exceed_capacity(run, make_user):
    session = SessionFactory(programme=ProgrammeFactory(), capacity=CAPACITY)
    pairs = [
        services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=2) for _ in range(3)
    ]
    singles = [services.registration_create(session_id=session.pk, acting_user=make_user()) for _ in range(4)]
    assert seats(session) == CAPACITY
    for i in range(4):  # four more wait
        services.registration_create(session_id=session.pk, acting_user=make_user(), party_size=1 + i % 2)
    # one cancellation before the race: its seat is offered to the next in the queue
    services.registration_cancel(registration_id=singles[0].pk, acting_user=singles[0].user)
    offered = list(Registration.objects.filter(session=session, state=RegistrationState.OFFERED))
    assert offered
    youths = [make_user() for _ in range(YOUTHS)]

    jobs = [
        (lambda u=u, i=i: services.registration_create(session_id=session.pk, acting_user=u, party_size=1 + i % 2))
        for i, u in enumerate(youths)
    ]
    jobs += [(lambda r=r: services.registration_cancel(registration_id=r.pk, acting_user=r.user)) for r in pairs]
    jobs += [
        (lambda r=r: services.registration_accept_offer(registration_id=r.pk, acting_user=r.user)) for r in offered
    ]
    results = race(jobs)

    crashes = [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)]
    assert not crashes, crashes
    assert seats(session) <= CAPACITY
    # the freed seats were not lost: they went to confirmed people or to offers
    taken = seats(session)
    assert (
        taken == CAPACITY
        or not Registration.objects.filter(session=session, state=RegistrationState.WAITLISTED).exists()
    )
    # every new registration exists once, in a state
    assert Registration.objects.filter(session=session, user__in=youths).count() == YOUTHS
    # then everyone offered accepts at once: still within capacity
    now_offered = list(Registration.objects.filter(session=session, state=RegistrationState.OFFERED))
    race(
        [
            (lambda r=r: services.registration_accept_offer(registration_id=r.pk, acting_user=r.user))
            for r in now_offered
        ]
        or [lambda: None]
    )
    assert seats(session) <= CAPACITY
    assert (
        Registration.objects.filter(session=session, state=RegistrationState.CONFIRMED).aggregate(s=Sum("party_size"))[
            "s"
        ]
        <= CAPACITY
    )


def test_one_person_registering_twice_at_once_gets_one_registration(make_user):
    session = SessionFactory(programme=ProgrammeFactory(), capacity=CAPACITY)
    youth = make_user()
    results = race([lambda: services.registration_create(session_id=session.pk, acting_user=youth) for _ in range(8)])
    assert sum(isinstance(r, Registration) for r in results) == 1
    assert all(isinstance(r, (Registration, DomainError)) for r in results)
    assert Registration.objects.filter(session=session, user=youth).count() == 1


def test_two_overlapping_sessions_at_once_give_one_confirmed_place(make_user):
    programme = ProgrammeFactory()
    start = timezone.now() + timedelta(days=9)
    a = SessionFactory(programme=programme, starts_at=start, ends_at=start + timedelta(hours=5))
    b = SessionFactory(programme=programme, starts_at=start + timedelta(hours=2), ends_at=start + timedelta(hours=6))
    for _ in range(5):
        youth = make_user()
        results = race(
            [lambda s=s, y=youth: services.registration_create(session_id=s.pk, acting_user=y) for s in (a, b)]
        )
        confirmed = [r for r in results if isinstance(r, Registration)]
        assert len(confirmed) == 1, results
        assert all(isinstance(r, (Registration, DomainError)) for r in results)


@pytest.mark.parametrize("run", range(RUNS))
def test_thirty_youths_at_once_for_ten_seats(run, make_user):
    session = SessionFactory(programme=ProgrammeFactory(), capacity=CAPACITY)
    youths = [make_user() for _ in range(YOUTHS)]
    results = race(
        [
            (lambda u=u, i=i: services.registration_create(session_id=session.pk, acting_user=u, party_size=1 + i % 2))
            for i, u in enumerate(youths)
        ]
    )
    assert all(isinstance(r, Registration) for r in results), results
    assert seats(session) == CAPACITY  # filled exactly: parties of one fill what pairs cannot
    assert {r.state for r in results} == {RegistrationState.CONFIRMED, RegistrationState.WAITLISTED}
