from celery import shared_task
from celery.signals import worker_ready

from .health import record_heartbeat


@shared_task
def heartbeat() -> None:
    """Beat sends this every 30 s; /healthz reads it to know a worker is alive."""
    record_heartbeat()


@shared_task
def add(x: int, y: int) -> int:
    """A trivial task for checking the broker and a worker end to end."""
    return x + y


@worker_ready.connect
def heartbeat_on_start(**kwargs) -> None:
    """A worker that just started is alive: /healthz need not wait for beat's first heartbeat."""
    record_heartbeat()
