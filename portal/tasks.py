"""The portal's own tasks, and the report of tasks that failed for good.

Every task declares its retry policy: `max_retries` (bounded), `retry_backoff` with
`autoretry_for` when it retries, `acks_late` and `reject_on_worker_lost` (a killed worker's task
runs again elsewhere, so every task is idempotent). tests/reliability/test_celery.py checks every
registered task of the project for this.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import task_failure, worker_ready
from django.db import DatabaseError

from .health import record_heartbeat

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (DatabaseError, ConnectionError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}
NO_RETRY = {"acks_late": True, "reject_on_worker_lost": True, "max_retries": 0}


@shared_task(**NO_RETRY)
def heartbeat() -> None:
    """Beat sends this every 30 s; /healthz reads it to know a worker is alive (the next beat is
    the retry)."""
    record_heartbeat()


@shared_task(**NO_RETRY)
def outbox_flush() -> int:
    """Beat, every 30 s: publish the outbox messages the broker could not take at commit time
    (the next beat is the retry)."""
    from .outbox import outbox_flush as flush

    return flush()


@worker_ready.connect
def heartbeat_on_start(**kwargs) -> None:
    """A worker that just started is alive: /healthz need not wait for beat's first heartbeat."""
    record_heartbeat()


@task_failure.connect
def report_task_failure(sender=None, task_id=None, exception=None, args=None, **kwargs) -> None:
    """A task that failed for good (its retries used up, or an error it does not retry) is
    reported at ERROR with its name, id and arguments (ids only, never personal data)."""
    retries = getattr(getattr(sender, "request", None), "retries", None)
    logger.error(
        "task %s[%s] failed for good after %s retries: %s: %s; args=%r",
        getattr(sender, "name", sender),
        task_id,
        retries,
        type(exception).__name__,
        exception,
        args,
    )
