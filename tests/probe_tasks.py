"""The tests' own probe tasks (not the portal's): a trivial task to check a broker and a worker end
to end, and a receipt recorder that makes one effect per key however often it is delivered.

Real worker processes started by the tests import this module (`celery -A portal worker -I
tests.probe_tasks`); the worker of `celery_worker_thread` shares the test process's registry.
Receipts live in the test cache's Redis: `cache.add` writes a key only when it is absent, the same
guarantee a unique key gives in a table.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from celery import shared_task
from django.core.cache import cache

from portal.tasks import NO_RETRY, RETRY


@shared_task(name="tests.probe.add", **NO_RETRY)
def add(x: int, y: int) -> int:
    return x + y


def started_key(key: str) -> str:
    return f"probe:started:{key}"


def _effects_key(key: str) -> str:
    return f"probe:effects:{key}"


@shared_task(bind=True, name="tests.probe.record_receipt", **RETRY)
def record_receipt(self, key: str, work_seconds: float = 0.0, linger_seconds: float = 0.0) -> bool:
    """Do `work_seconds` of "work", then record the receipt of `key` unless one exists (counting
    the effects made); linger before the acknowledgement. Returns whether this delivery made it."""
    cache.set(started_key(key), self.request.id or "eager", 600)
    time.sleep(work_seconds)
    created = bool(cache.add(f"probe:receipt:{key}", self.request.id or "eager", 3600))
    if created:
        cache.set(_effects_key(key), int(cache.get(_effects_key(key)) or 0) + 1, 3600)
    time.sleep(linger_seconds)
    return created


def effects(keys: Iterable[str]) -> dict[str, int]:
    """How many times each key's effect was made (0: lost; 1: once; more: duplicated)."""
    return {key: int(cache.get(_effects_key(key)) or 0) for key in keys}
