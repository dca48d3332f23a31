#!/usr/bin/env bash
# The embedded default: the web server, and beside it a real Celery worker with its beat
# scheduler on a file-system broker (no Redis, no PostgreSQL). Ctrl-C stops all of them.
set -euo pipefail
PY=.venv/bin/python
mkdir -p .run/broker/queue .run/broker/processed .run/broker/control .run/celery-results
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
.venv/bin/celery -A portal worker --beat --pool=solo --loglevel=INFO \
  --schedule=.run/celerybeat-schedule >.run/celery.log 2>&1 &
pids+=($!)
echo "Celery worker with beat started (log: .run/celery.log)."
echo "Serving the portal on http://127.0.0.1:8000  (Ctrl-C stops everything)"
$PY manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)
wait -n "${pids[@]}"
