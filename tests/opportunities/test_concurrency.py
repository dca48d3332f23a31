"""Positions under concurrency, on the real PostgreSQL, through the HTTP API.

A vacancy with 3 positions has 20 youths holding an offer; all 20 accept at the same instant (one
barrier, each thread with its own API client and database connection): exactly 3 accept, the
other 17 get 409 "full", none a 5xx, and the vacancy is closed once. Then a cohort of 4 places
shared by three vacancies of 5 positions each: 15 accepts at once, exactly 4 taken. Each race runs
RUNS times with fresh vacancies.

Why the lock matters: with the two `locked(...)` of `_take_position` replaced by plain reads,
every run of both races (two runs each) accepted more offers than there were places: each
request counts the positions taken before the others commit.
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from opportunities import services
from opportunities.models import TAKEN_STATES, Application, ApplicationState, Vacancy, VacancyState
from tests.opportunities.factories import CohortFactory, action_data

pytestmark = pytest.mark.django_db(transaction=True)

RUNS = int(os.environ.get("POSITIONS_RACE_RUNS", "5"))


def _offers(kit, vacancy, count):
    applications = [kit.apply(vacancy) for _ in range(count)]
    for application in applications:
        for action in ("shortlist", "offer"):
            services.application_act(
                application_id=application.pk,
                action=action,
                acting_user=kit.employer_user,
                data=action_data(action),
            )
    return applications


def _accept_all_at_once(applications) -> list[int | str]:
    barrier = threading.Barrier(len(applications))
    statuses: list[int | str] = [0] * len(applications)

    def work(index: int) -> None:
        application = applications[index]
        client = APIClient()
        client.force_authenticate(application.applicant)
        try:
            barrier.wait(timeout=60)
            response = client.post(f"/api/v1/opportunities/applications/{application.pk}/accept/")
            statuses[index] = response.status_code
        except Exception as error:  # noqa: BLE001 - reported as the status
            statuses[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(applications))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.parametrize("run", range(RUNS))
def test_positions_are_never_over_filled(kit, run):
    vacancy = kit.published(positions=3)
    applications = _offers(kit, vacancy, 20)
    statuses = _accept_all_at_once(applications)
    assert sorted(statuses, key=str) == [200] * 3 + [409] * 17, statuses
    assert Application.objects.filter(vacancy=vacancy, state__in=TAKEN_STATES).count() == 3
    assert Application.objects.filter(vacancy=vacancy, state=ApplicationState.OFFERED).count() == 17
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.CLOSED
    assert vacancy.transitions.filter(to_state=VacancyState.CLOSED).count() == 1


@pytest.mark.parametrize("run", range(RUNS))
def test_a_cohort_is_never_over_filled(kit, run):
    cohort = CohortFactory(capacity=4)
    vacancies = [kit.published(positions=5, cohort_id=cohort.pk) for _ in range(3)]
    applications = [a for vacancy in vacancies for a in _offers(kit, vacancy, 5)]
    statuses = _accept_all_at_once(applications)
    assert sorted(statuses, key=str) == [200] * 4 + [409] * 11, statuses
    assert Application.objects.filter(vacancy__cohort=cohort, state__in=TAKEN_STATES).count() == 4
    assert all(v.state == VacancyState.PUBLISHED for v in Vacancy.objects.filter(cohort=cohort))
