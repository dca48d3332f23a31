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
# every test's duration, kept after the run (test-artifacts/ is not committed)
export PORTAL_TEST_DURATIONS=test-artifacts/test-durations.jsonl
mkdir -p test-artifacts && : >"$PORTAL_TEST_DURATIONS"
# the fault tests the first pass leaves out, for the second to run without collecting the rest
export PORTAL_FAULT_TESTS=test-artifacts/fault-tests.txt
: >"$PORTAL_FAULT_TESTS"

# Every process of the run (xdist workers, gunicorn, Celery workers, manage.py) imports the same
# modules: let Python keep their bytecode instead of compiling them again in each one.
unset PYTHONDONTWRITEBYTECODE
"$PY" -m compileall -q -j 0 -x '/(\.venv|\.run|node_modules)/' . >/dev/null

started=$SECONDS
phase() { echo "== $1 ($((SECONDS - started)) s into the run)"; }
phase "ruff check, ruff format --check, mypy"
"$BIN/ruff" check . || exit 1
"$BIN/ruff" format --check . || exit 1
"$BIN/mypy" || exit 1

# Each worker's test database is a copy of one migrated database: the migrations run once, not
# once a worker; pytest-django's --reuse-db finds the copies (named test_<name>_gw<n>).
phase "test databases"
if [ -n "${DATABASE_URL:-}" ] && [ -n "${PG_BIN:-}" ]; then
  server=(-h 127.0.0.1 -p "$PG_PORT" -U postgres)
  name=${DATABASE_URL##*/}
  "$PG_BIN/createdb" "${server[@]}" "test_${name}_gw0" || exit 1
  DATABASE_URL="${DATABASE_URL%/*}/test_${name}_gw0" "$PY" manage.py migrate --noinput -v 0 || exit 1
  for ((i = 1; i < WORKERS; i++)); do
    "$PG_BIN/createdb" "${server[@]}" -T "test_${name}_gw0" "test_${name}_gw$i" || exit 1
  done
  # one more copy that no worker opens: tests that need a migrated database of their own (the
  # soak's smoke test) copy it instead of migrating one
  export PORTAL_MIGRATED_TEMPLATE="test_${name}_template"
  "$PG_BIN/createdb" "${server[@]}" -T "test_${name}_gw0" "$PORTAL_MIGRATED_TEMPLATE" || exit 1
fi

# pytest exits 5 when a pass collects nothing (a narrowed run with no fault test): not a failure.
passed() { [ "$1" -eq 0 ] || [ "$1" -eq 5 ]; }

phase "parallel pass ($WORKERS workers)"
"$PY" -m pytest -n "$WORKERS" --dist load --reuse-db -m "not faults" -p tests.durations "$@"
first=$?
phase "serial pass (the fault tests)"
second=0
if [ -s "$PORTAL_FAULT_TESTS" ]; then
  mapfile -t faults <"$PORTAL_FAULT_TESTS"
  "$PY" -m pytest -n 1 --reuse-db -m faults -p tests.durations "${faults[@]}"
  second=$?
fi
phase "done"
"$PY" -m tests.durations "$PORTAL_TEST_DURATIONS"
passed $first && passed $second
