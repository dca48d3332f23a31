"""The transactional outbox: work enqueued while Redis is down is neither lost nor fails the
request; it is sent once Redis is back."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from portal.models import OutboxMessage
from portal.outbox import enqueue_on_commit, outbox_flush
from tests.probe_tasks import effects, record_receipt

from .services import real_broker, redis_down, session_database_url, start_celery_worker, stop_worker, wait_until

pytestmark = pytest.mark.reliability


def test_the_flush_runs_every_30_seconds():
    entry = django_settings.CELERY_BEAT_SCHEDULE["portal-outbox-flush"]
    assert entry == {"task": "portal.tasks.outbox_flush", "schedule": 30.0}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_enqueues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(record_receipt, "rolled-back")
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists()
    assert effects(["rolled-back"]) == {"rolled-back": 0}


@pytest.mark.django_db(transaction=True)
def test_after_commit_the_task_is_sent_at_once_and_marked():
    with transaction.atomic():
        message = enqueue_on_commit(record_receipt, "committed")
        assert OutboxMessage.objects.get(pk=message.pk).sent_at is None  # not before the commit
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1
    assert effects(["committed"]) == {"committed": 1}  # eager in tests: it ran
    assert outbox_flush(min_age=timedelta(0)) == 0  # nothing left to send


@pytest.mark.faults
@pytest.mark.worker
@pytest.mark.urls("tests.reliability.urls_outbox")
def test_redis_down_during_a_request_loses_nothing(transactional_db, settings, client, tmp_path):
    key = f"outbox-{time.time_ns()}"
    with real_broker(settings):
        with redis_down():
            started = time.monotonic()
            response = client.get(f"/submit/{key}/")
            request_seconds = time.monotonic() - started
            assert response.status_code == 200
            message = OutboxMessage.objects.get()
            assert message.sent_at is None and message.attempts == 1 and message.last_error
            assert outbox_flush(min_age=timedelta(0)) == 0  # still down: the row stays
            assert OutboxMessage.objects.get().sent_at is None
        # Redis is back: the next beat's flush sends it, a real worker runs it.
        assert outbox_flush(min_age=timedelta(0)) == 1
        assert OutboxMessage.objects.get().sent_at is not None
        worker = start_celery_worker(
            "outbox", tmp_path / "worker.log", database_url=session_database_url(), queues="celery"
        )
        try:
            done, seconds = wait_until(lambda: effects([key])[key] > 0, timeout=60)
        finally:
            stop_worker(worker)
    assert done, (tmp_path / "worker.log").read_text()[-3000:]
    assert effects([key]) == {key: 1}
    assert outbox_flush(min_age=timedelta(0)) == 0
    print(
        f"\n[figure] request with Redis down answered 200 in {request_seconds:.2f} s; "
        f"the task ran {seconds:.1f} s after the worker started"
    )
