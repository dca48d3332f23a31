#!/usr/bin/env bash
# The suite as `make test` runs it, inside scripts/with-test-services.sh (which has started the
# private PostgreSQL and Redis): lint, format and types first, then pytest in two passes.
#   1. Everything that can share the machine, on pytest-xdist workers (TEST_WORKERS, default 3:
#      the suite waits on PostgreSQL, Redis and Chromium as much as it computes, so three
#      workers keep two cores busy). Each worker has its own test database and Redis databases
#      (portal/settings/test.py).
#   2. The tests that stop PostgreSQL or Redis or kill Celery workers (`-m faults`), alone:
#      one worker, reusing the first worker's test database.
# Then the ten slowest tests of both passes. Extra arguments narrow both passes.
set -uo pipefail
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
WORKERS=${TEST_WORKERS:-3}
export PORTAL_TEST_DURATIONS
PORTAL_TEST_DURATIONS=$(mktemp /tmp/portal-test-durations.XXXXXX)
trap 'rm -f "$PORTAL_TEST_DURATIONS"' EXIT

"$BIN/ruff" check . || exit 1
"$BIN/ruff" format --check . || exit 1
"$BIN/mypy" || exit 1

# pytest exits 5 when a pass collects nothing (a narrowed run with no fault test): not a failure.
passed() { [ "$1" -eq 0 ] || [ "$1" -eq 5 ]; }

"$PY" -m pytest -n "$WORKERS" --dist worksteal --reuse-db -m "not faults" -p tests.durations "$@"
first=$?
"$PY" -m pytest -n 1 --reuse-db -m faults -p tests.durations "$@"
second=$?
"$PY" -m tests.durations "$PORTAL_TEST_DURATIONS"
passed $first && passed $second
