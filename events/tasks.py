"""Thin tasks: call a service. Idempotent: each service filters on state (a drawn session is not
drawn again, an expired offer is not expired twice) and notify keys each reminder."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services


# The database went away: retried with exponential backoff, a bounded number of times.
@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def allocate_closed_sessions() -> int:
    """Run the draw of every lottery session whose registration has closed."""
    return services.sessions_allocate_due()


@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def expire_offers() -> int:
    """Offers older than 48 hours expire; their seats are offered to the next people."""
    return services.offers_expire()


@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def close_attendance() -> int:
    """After a session, those not checked in are marked no-show."""
    return services.attendance_close()


@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=True, acks_late=True)
def send_reminders() -> int:
    """Two days before a session, and before an offer expires: once each."""
    return services.reminders_send()
