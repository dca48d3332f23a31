"""Thin tasks: parse the arguments, call a service. Idempotent (notify keys each occasion)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError

from . import services


# The database went away: retried with exponential backoff, a bounded number of times.
@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def flag_unconfirmed_places(today: str | None = None) -> int:
    """Tell staff of the places whose details were not confirmed for six months, once per place
    per period. `today` (ISO date) is for tests and catching up; by default the local date."""
    return services.places_flag_unconfirmed(today=date.fromisoformat(today) if today else None)
