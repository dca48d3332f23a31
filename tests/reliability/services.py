"""Stop and start the test PostgreSQL and Redis that scripts/with-test-services.sh started, and run
the portal's real processes (gunicorn, Celery workers) against them.

Every stop has its start in a `finally` (see `postgres_down` and `redis_down`): the rest of the
suite needs both services back whatever happens in a fault test.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def services_dir() -> Path:
    folder = os.environ.get("PORTAL_TEST_SERVICES_DIR")
    if not folder:
        pytest.skip("needs the services of scripts/with-test-services.sh (run through `make test`)")
    return Path(folder)


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _pg_ctl(*args: str) -> subprocess.CompletedProcess:
    pg_ctl = str(Path(os.environ["PG_BIN"]) / "pg_ctl")
    return subprocess.run(
        [*_as_postgres(), pg_ctl, "-D", str(services_dir() / "data"), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def stop_postgres() -> None:
    result = _pg_ctl("-m", "fast", "-w", "stop")
    assert result.returncode == 0, result.stdout + result.stderr


def start_postgres() -> None:
    folder = services_dir()
    options = (
        f"-p {os.environ['PG_PORT']} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c jit=off"
    )
    for _ in range(30):  # the port may be held for a while by a client socket in TIME-WAIT
        result = _pg_ctl("-l", str(folder / "postgres.log"), "-w", "-o", options, "start")
        if result.returncode == 0:
            return
        time.sleep(1)
    raise AssertionError("PostgreSQL did not start again: " + result.stdout + result.stderr)


def _redis_ping() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", int(os.environ["REDIS_PORT"])), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def stop_redis() -> None:
    pid = int((services_dir() / "redis.pid").read_text().strip())
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while _redis_ping() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _redis_ping(), "Redis is still answering"


def start_redis() -> None:
    folder = services_dir()
    for _ in range(30):
        subprocess.run(
            [
                "redis-server", "--port", os.environ["REDIS_PORT"], "--bind", "127.0.0.1", "--databases", "128", "--daemonize", "yes",
                "--save", "", "--appendonly", "no", "--pidfile", str(folder / "redis.pid"), "--dir", str(folder),
                "--logfile", str(folder / "redis.log"),
            ],
            check=True,
            timeout=30,
        )  # fmt: skip
        for _ in range(20):
            if _redis_ping():
                return
            time.sleep(0.1)
    raise AssertionError("Redis did not start again")


def _reset_connections_of_this_process() -> None:
    """Connections of the test process opened before the restart are dead: drop them so the next
    test opens new ones."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):
            conn.close()


@contextlib.contextmanager
def postgres_down() -> Iterator[None]:
    stop_postgres()
    try:
        yield
    finally:
        start_postgres()
        _reset_connections_of_this_process()


@contextlib.contextmanager
def redis_down() -> Iterator[None]:
    stop_redis()
    try:
        yield
    finally:
        if not _redis_ping():
            start_redis()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PYTHONPATH": str(ROOT)}, **extra)
    return env


def wait_until(predicate, *, timeout: float, interval: float = 0.1):
    """Poll `predicate` until it returns a truthy value; return (value, seconds waited)."""
    start = time.monotonic()
    while True:
        value = predicate()
        elapsed = time.monotonic() - start
        if value or elapsed > timeout:
            return value, elapsed
        time.sleep(interval)


@contextlib.contextmanager
def gunicorn(log_path: Path) -> Iterator[str]:
    """The portal served by gunicorn (sync workers: one process, persistent database connections
    with CONN_HEALTH_CHECKS, as in production) against the test services. Yields its base URL."""
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", "1", "--timeout", "60",
            ],
            cwd=ROOT,
            env=portal_env(DATABASE_URL=os.environ["DATABASE_URL"], DB_CONN_MAX_AGE="600"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        _, waited = wait_until(lambda: _http_status(url + "/healthz") is not None, timeout=30)
        assert process.poll() is None, log_path.read_text()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _http_status(url: str) -> int | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback test server
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def get_json(url: str) -> tuple[int | None, dict]:
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback test server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")
    except OSError:
        return None, {}


FAULTS_QUEUE = "faults"


def start_celery_worker(
    name: str, log_path: Path, *, database_url: str, queues: str = FAULTS_QUEUE
) -> subprocess.Popen:
    """A real `celery -A portal worker --pool=solo` on the test Redis, consuming only the queue of
    these tests. Unacknowledged messages of a killed worker come back after 2 s (visibility
    timeout), swept every second."""
    env = portal_env(
        DATABASE_URL=database_url,
        CELERY_VISIBILITY_TIMEOUT="2",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    log = open(log_path, "a")  # noqa: SIM115 - closed with the process by the caller's stop_worker
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "portal", "worker", "-I", "tests.probe_tasks", "--pool=solo", "-Q", queues,
            "-n", f"{name}@%h", "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    process.log = log  # type: ignore[attr-defined]
    return process


def stop_worker(process: subprocess.Popen, *, kill: bool = False) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()  # type: ignore[attr-defined]


def session_database_url() -> str:
    """The URL of the database pytest-django created for this session (test_portal)."""
    from django.db import connection

    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@contextlib.contextmanager
def real_broker(settings) -> Iterator[None]:
    """Tasks published by this process go to the test Redis instead of running eagerly."""
    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = True
