"""Health of the parts the portal depends on: database, broker, worker."""

from __future__ import annotations

import time
from typing import TypedDict

from django.conf import settings
from django.core.cache import cache
from django.db import connection

HEARTBEAT_KEY = "portal:worker-heartbeat"
HEARTBEAT_MAX_AGE = 120  # seconds; beat sends one every 30


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down", named in the report
        return False, type(exc).__name__


def check_broker(url: str | None = None) -> tuple[bool, str]:
    from portal.celery import app

    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__


def check_worker() -> tuple[bool, str]:
    """A worker answers a ping (Redis broker), or has sent a heartbeat lately (any broker)."""
    from portal.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager"
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        try:
            replies = app.control.ping(timeout=1.0)
        except Exception as exc:  # noqa: BLE001
            return False, type(exc).__name__
        if replies:
            return True, f"{len(replies)} worker(s)"
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__
    if beat and time.time() - beat < HEARTBEAT_MAX_AGE:
        return True, "heartbeat"
    return False, "no worker answered"


def record_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), HEARTBEAT_MAX_AGE * 2)


class PartHealth(TypedDict):
    ok: bool
    detail: str


def health_report(*, broker_url: str | None = None) -> tuple[bool, dict[str, object]]:
    """(healthy, report). Healthy needs the database and the broker; a missing worker is
    reported but does not take the web tier out of service."""
    database_ok, database_detail = check_database()
    broker_ok, broker_detail = check_broker(broker_url)
    worker_ok, worker_detail = check_worker() if broker_ok else (False, "broker down")
    parts: dict[str, PartHealth] = {
        "database": {"ok": database_ok, "detail": database_detail},
        "broker": {"ok": broker_ok, "detail": broker_detail},
        "worker": {"ok": worker_ok, "detail": worker_detail},
    }
    healthy = database_ok and broker_ok
    failing = [name for name, part in parts.items() if not part["ok"]]
    report: dict[str, object] = {"status": "ok" if healthy else "unavailable", "failing": failing, **parts}
    return healthy, report
