"""Thin, idempotent Celery tasks: ids in, a service call, bounded retries."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services
from .models import Mentor


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def recompute_mentor_entitlement(mentor_id: int) -> str:
    """Recompute and store one mentor's entitlement (after any change to their records)."""
    try:
        stored = services.entitlement_recompute(mentor_id=mentor_id)
    except Mentor.DoesNotExist:
        return "gone"
    return str(stored.total)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def recompute_all_entitlements() -> int:
    """Nightly: every mentor, so a new rate schedule applies from its day, and so a change whose
    recomputation on commit did not run is counted by morning at the latest."""
    return services.entitlement_recompute_all()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def send_reminders() -> int:
    return services.reminders_send()
