"""Thin tasks: call a service. Idempotent (a released booking is not released again; notify keys
each reminder)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services


# The database went away: retried with exponential backoff, a bounded number of times.
@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def release_no_shows() -> int:
    """Release the room and desk bookings nobody checked into within 15 minutes of the start."""
    return services.release_no_shows()


@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def send_reminders() -> int:
    """Remind each booker the day before, once."""
    return services.send_reminders()
