"""`make soak` in small, inside `make test`, so that it does not rot: the real run (migrate, demo
data, the soak's people, gunicorn, a Celery worker with beat, the load, the drain, the
reconciliation, the report) for 10 s, on a database of its own on the test PostgreSQL and Redis
databases nobody else in the suite uses."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from tests.reliability.services import ROOT, free_port, services_dir


@pytest.mark.heavy
def test_the_soak_runs_for_10_seconds_with_no_error_and_everything_reconciles(tmp_path):
    services_dir()  # skips outside `make test`
    name = f"soak_smoke_{uuid.uuid4().hex[:8]}"
    server = ["-h", "127.0.0.1", "-p", os.environ["PG_PORT"], "-U", "postgres"]
    # a copy of the migrated database `make test` keeps for this (the soak's migrate then finds
    # nothing to do); an empty one when the suite runs otherwise
    template = ["-T", os.environ["PORTAL_MIGRATED_TEMPLATE"]] if os.environ.get("PORTAL_MIGRATED_TEMPLATE") else []
    subprocess.run([f"{os.environ['PG_BIN']}/createdb", *server, *template, name], check=True, timeout=60)
    redis = os.environ["REDIS_URL"].rsplit("/", 1)[0]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{os.environ['PG_PORT']}/{name}",
        "REDIS_URL": f"{redis}/9",
        "CELERY_BROKER_URL": f"{redis}/10",
        "CELERY_RESULT_BACKEND": f"{redis}/10",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    output = tmp_path / "RESULTS.md"
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.soak",
                "--seconds",
                "10",
                "--rate",
                "10",
                "--youths",
                "4",
                "--port",
                str(free_port()),
                "--output",
                str(output),
                "--logs",
                str(tmp_path / "logs"),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=400,
        )
    finally:
        subprocess.run([f"{os.environ['PG_BIN']}/dropdb", *server, "--force", name], timeout=60)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    report = output.read_text()
    assert " 0 × 5xx, 0 transport errors" in report
    assert "claims submitted" in report and "reports filed" in report and "services logged" in report
    reconciliation = report.split("## Reconciliation", 1)[1]
    rows = [line for line in reconciliation.splitlines() if line.startswith("| ") and " | " in line[2:]][1:]
    assert len(rows) == 8 and all(row.endswith("| ok |") for row in rows), reconciliation
