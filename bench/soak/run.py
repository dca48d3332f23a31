"""`python -m bench.soak`: the soak run, inside scripts/with-test-services.sh (its own PostgreSQL
and Redis).

1. migrate, load the demo data, add the soak's people (`world.build`);
2. start a real Celery worker with beat and gunicorn (2 workers), both with `bench.settings`
   (production's settings over http on loopback);
3. run the mixed workload (`load.run`) for `--seconds` at most `--rate` requests a second;
4. wait for Celery to finish what the load asked of it (outbox sent, claims computed,
   entitlements recomputed), stop the processes;
5. reconcile every total (`reconcile.run_all`), print and write the report.

Exit status 1 on any 5xx, transport error or reconciliation problem.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS", 300)))
    parser.add_argument(
        "--rate",
        type=float,
        default=float(os.environ.get("SOAK_RATE", 15)),
        help="requests a second at most, all people together",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("SOAK_HTTP_PORT", 18030)))
    parser.add_argument("--youths", type=int, default=12)
    parser.add_argument("--drain-timeout", type=float, default=120.0)
    parser.add_argument("--output", default=str(ROOT / "docs" / "soak" / "RESULTS.md"))
    parser.add_argument("--logs", default="", help="folder for the gunicorn and Celery logs (default: a temporary one)")
    return parser.parse_args(argv)


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    import django

    django.setup()


@contextmanager
def celery_worker(log: Path, folder: Path):
    """A real worker (prefork, 2 processes) with beat embedded, on the soak's Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BEAT_SCHEDULE_FILENAME": str(folder / "celerybeat-schedule"),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "-B",
        "--concurrency=2",
        "-l",
        "WARNING",
        "-n",
        f"soak-{os.getpid()}@%h",
        "--without-mingle",
        "--without-gossip",
    ]
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def drain(timeout: float) -> tuple[float, dict[str, int]]:
    """Wait until Celery has done what the load asked: returns (seconds waited, what is left)."""
    from django.db import close_old_connections

    from . import reconcile

    start = time.monotonic()
    while True:
        close_old_connections()
        pending = reconcile.pending_work()
        waited = time.monotonic() - start
        if not any(pending.values()) or waited > timeout:
            return waited, pending
        time.sleep(1)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.core.management import call_command
    from django.db import connections

    from bench.server import gunicorn

    from . import load, reconcile, report, world

    started = datetime.now(UTC)
    folder = Path(args.logs) if args.logs else Path(tempfile.mkdtemp(prefix="soak-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"soak: logs in {folder}", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    plan = world.build(youths=args.youths).as_dict()
    connections.close_all()
    print(
        f"soak: {len(plan['youths'])} youths, {len(plan['mentors'])} mentors, {len(plan['operators'])} operators, "
        f"{len(plan['reviewers'])} reviewers, {len(plan['approvers'])} approvers, 3 anonymous visitors; "
        f"{args.seconds:.0f} s at most {args.rate:g} requests/s",
        flush=True,
    )

    with (
        celery_worker(folder / "celery.log", folder),
        gunicorn(args.port, workers=2, log=folder / "gunicorn.log") as url,
    ):
        reconcile.SINCE[0] = datetime.now(UTC)
        load_start = time.monotonic()
        stats = load.run(url, plan, seconds=args.seconds, rate=args.rate)
        load_seconds = time.monotonic() - load_start
        drained, pending = drain(args.drain_timeout)
    checks = reconcile.run_all()
    text = report.render(
        stats=stats,
        checks=checks,
        args=args,
        plan=plan,
        started=started,
        load_seconds=load_seconds,
        drained=drained,
        pending=pending,
    )
    print(text)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text)
    failed = bool(stats.errors) or any(problems for _n, _f, problems in checks) or any(pending.values())
    print(f"soak: {'FAILED' if failed else 'passed'}; report written to {args.output}", flush=True)
    return 1 if failed else 0
