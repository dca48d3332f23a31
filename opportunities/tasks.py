"""Thin tasks: parse the arguments, call a service. Idempotent (a second run changes nothing)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError

from . import services


# The database went away: retried with exponential backoff, a bounded number of times.
@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def close_expired_vacancies(today: str | None = None) -> int:
    """Close the published vacancies whose close date has passed. `today` (ISO date) is for tests
    and catching up; by default the local date."""
    return services.vacancies_close_expired(today=date.fromisoformat(today) if today else None)


@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def remind_stale_applications() -> int:
    """Remind employers of the applications waiting 14 days, once per application and state."""
    return services.applications_remind_stale()


@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def send_digests() -> int:
    """The daily digest of new vacancies matching saved searches, once per vacancy per person."""
    return services.digests_send()
