"""Transactional outbox: enqueue Celery tasks so that a broker outage loses no work and fails no
request.

    with transaction.atomic(durable=True):
        claim = ...
        enqueue_on_commit(recompute_cap, claim.pk)

instead of `transaction.on_commit(lambda: recompute_cap.delay(claim.pk))`, which raises after
the commit when Redis is down (the user sees an error for a change that was saved) and drops the
task. Here the task is a row written in the caller's transaction; after commit it is published
at once if the broker answers, else by `portal.tasks.outbox_flush` (beat, every 30 s).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import Task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# Rows younger than this are left to their own on_commit publication (no double sending by the
# flush while the request that wrote them is still publishing).
FLUSH_MIN_AGE = timedelta(seconds=10)
FLUSH_BATCH = 200


def enqueue_on_commit(task: Task, *args) -> OutboxMessage:
    """Write the task into the outbox in the current transaction; publish it after commit.

    Arguments must be JSON values (ids, ISO dates), as every task here takes ids."""
    message = OutboxMessage.objects.create(task_name=task.name, args=list(args))
    transaction.on_commit(lambda: send_message(message_id=message.pk), robust=True)
    return message


def send_message(*, message_id: int) -> bool:
    """Publish one unsent message now; False if it was already sent or the broker is down."""
    message = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).first()
    return message is not None and _publish(message)


def outbox_flush(*, min_age: timedelta = FLUSH_MIN_AGE, limit: int = FLUSH_BATCH) -> int:
    """Publish the messages still unsent, oldest first; stop at the first broker failure.

    Rows are locked with SKIP LOCKED, so two flushes at once never send the same row. Returns
    how many were sent."""
    sent = 0
    cutoff = timezone.now() - min_age
    with transaction.atomic():
        batch = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, created_at__lte=cutoff)
            .order_by("pk")[:limit]
        )
        for message in batch:
            if not _publish(message):
                break
            sent += 1
    if sent:
        logger.info("outbox: sent %s message(s)", sent)
    return sent


def _publish(message: OutboxMessage) -> bool:
    from .celery import app

    # A connection of the app's broker pool: a publication reuses an open connection instead of
    # opening one (some 30 ms each); one that failed is reset, and the next user reconnects.
    connection = None
    try:
        task = app.tasks[message.task_name]
        connection = app.pool.acquire(block=True, timeout=2)
        # One quick attempt: a request must not wait for a broker that is down.
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        task.apply_async(args=message.args, connection=connection, retry=False)
    except Exception as exc:  # noqa: BLE001 - any failure leaves the row for the next flush
        if connection is not None:
            connection.collect()  # forget the broken socket; ensure_connection opens a new one
            connection.release()
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
        )
        logger.warning("outbox: %s (message %s) not sent: %s", message.task_name, message.pk, type(exc).__name__)
        return False
    connection.release()
    # Conditional: of two publishers of one row, one marks it (the other's copy is a duplicate
    # that the idempotent receiver ignores).
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    return True
