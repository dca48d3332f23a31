"""Thin tasks: parse the arguments, call a service. Idempotent (notify keys each occasion)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(bind=True, max_retries=3, retry_backoff=True, acks_late=True)
def send_report_reminders(self, today: str | None = None) -> int:
    """Remind operators of missing monthly reports, and staff a week later. `today` (ISO date) is
    for tests and catching up; by default the local date."""
    try:
        return services.reports_send_reminders(today=date.fromisoformat(today) if today else None)
    except OperationalError as exc:  # the database went away: try again later, a bounded number of times
        raise self.retry(exc=exc) from exc
