"""Celery robustness: every task's retry policy, a task that always fails, and workers killed with
SIGKILL in the middle of a task (`pytest -m faults`)."""

from __future__ import annotations

import logging
import os
import time

import pytest
from django.core.cache import cache

from portal.celery import app
from tests.probe_tasks import effects, record_receipt, started_key

from .services import (
    FAULTS_QUEUE,
    real_broker,
    session_database_url,
    start_celery_worker,
    stop_worker,
    wait_until,
)

pytestmark = pytest.mark.reliability

app.loader.import_default_modules()  # every app's tasks.py, as a worker would load them
PROJECT_APPS = ("portal", "accounts", "policies", "incubators", "mentorship", "subsidies")
PROJECT_TASKS = sorted(name for name in app.tasks if name.split(".")[0] in PROJECT_APPS and "test" not in name)

# Tasks of other apps that miss part of the policy, with the proposed fix (their owners apply it:
# this branch does not edit apps). Celery applies `retry_backoff` only to `autoretry_for`; a
# manual `self.retry(exc=exc)` waits default_retry_delay (180 s) every time, with no backoff.
KNOWN_GAPS: dict[str, str] = {}  # task name -> the fix it still needs (strict xfail)


def _policy_problems(task) -> list[str]:
    problems = []
    if task.max_retries is None:
        problems.append("max_retries is None (retries forever)")
    if not task.acks_late:
        problems.append("acks_late is off")
    if not task.reject_on_worker_lost:
        problems.append("reject_on_worker_lost is off")
    if task.max_retries and not (task.autoretry_for and task.retry_backoff):
        problems.append("retries without backoff (retry_backoff needs autoretry_for)")
    return problems


def test_the_project_has_tasks_to_check():
    assert "portal.tasks.outbox_flush" in PROJECT_TASKS
    assert "mentorship.tasks.recompute_mentor_entitlement" in PROJECT_TASKS


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name]))
        if name in KNOWN_GAPS
        else name
        for name in PROJECT_TASKS
    ],
)
def test_every_task_has_bounded_retries_with_backoff_and_late_acks(name):
    assert _policy_problems(app.tasks[name]) == []


@app.task(
    name="tests.reliability.always_fails",
    bind=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=0.2,
    retry_jitter=False,
    max_retries=2,
    acks_late=True,
)
def always_fails(self, marker: str) -> None:
    cache.incr(marker)
    raise ConnectionError("the remote service never answers")


@pytest.mark.worker
def test_a_task_that_always_fails_stops_after_max_retries_and_is_reported(celery_worker_thread, caplog):
    marker = f"always-fails:{time.monotonic_ns()}"
    cache.set(marker, 0, 300)
    with caplog.at_level(logging.ERROR, logger="portal.tasks"):
        result = always_fails.apply_async((marker,))
        with pytest.raises(ConnectionError):
            result.get(timeout=30)
    assert cache.get(marker) == 3  # the first run and max_retries=2 retries, then no more
    time.sleep(1)
    assert cache.get(marker) == 3
    reports = [r for r in caplog.records if r.name == "portal.tasks" and r.levelno == logging.ERROR]
    assert len(reports) == 1
    message = reports[0].getMessage()
    assert "tests.reliability.always_fails" in message and "after 2 retries" in message


# Why 6 kills suffice: a kill can land in two places that matter, before the task's effect is
# written and after it (both before the acknowledgement); 6 rounds kill 3 times in each, every
# round with a fresh task and a fresh worker, and each round alone would show a lost or doubled
# receipt. Issue 8's 20 in a row (about 72 s: a worker starts in 3-4 s) is RELIABILITY_KILLS=20.
KILLS = int(os.environ.get("RELIABILITY_KILLS", "6"))


@pytest.mark.faults
@pytest.mark.worker
def test_workers_killed_mid_task_lose_nothing_and_duplicate_nothing(transactional_db, settings, tmp_path):
    """KILLS times: a task starts in a real worker, the worker gets SIGKILL (before the receipt is
    written on even rounds, after it on odd ones, both before the acknowledgement), a new worker
    starts. Every task's message comes back (acks_late, visibility timeout) and runs again; at
    the end each key has exactly one receipt."""
    database_url = session_database_url()
    log = tmp_path / "workers.log"
    keys = [f"kill-{time.time_ns()}-{i}" for i in range(KILLS)]
    started_at = time.monotonic()
    with real_broker(settings):
        worker = start_celery_worker("faults0", log, database_url=database_url)
        try:
            for i, key in enumerate(keys):
                record_receipt.apply_async((key, 0.8, 0.8), queue=FAULTS_QUEUE)
                _, waited = wait_until(lambda key=key: cache.get(started_key(key)), timeout=60, interval=0.05)
                assert cache.get(started_key(key)), f"task {i} never started:\n{log.read_text()[-3000:]}"
                if i % 2:
                    wait_until(lambda key=key: effects([key])[key] > 0, timeout=10, interval=0.05)
                stop_worker(worker, kill=True)
                worker = start_celery_worker(f"faults{i + 1}", log, database_url=database_url)
            done, waited = wait_until(lambda: all(effects(keys).values()), timeout=90, interval=0.2)
        finally:
            stop_worker(worker)
    elapsed = time.monotonic() - started_at
    counts = effects(keys)
    assert done, f"lost: {[k for k, n in counts.items() if n == 0]}\n{log.read_text()[-3000:]}"
    assert set(counts.values()) == {1}
    deliveries = log.read_text().count("] received")
    print(
        f"\n[figure] {KILLS} SIGKILLs mid-task in {elapsed:.1f} s: {KILLS} receipts, 0 lost, 0 duplicated; "
        f"last redelivery settled {waited:.1f} s after the last kill; 'received' lines logged (a killed worker may lose its last): {deliveries}"
    )
