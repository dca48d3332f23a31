#!/usr/bin/env bash
# Runs a command with a private PostgreSQL 15 and Redis on loopback ports of their own
# (PG_PORT, REDIS_PORT), in a temporary folder. Both are stopped afterwards, even on failure.
set -euo pipefail
PG_PORT=${PG_PORT:-25432}
REDIS_PORT=${REDIS_PORT:-26379}
PG_BIN=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/portal-test-services.XXXXXX)
export PORTAL_TEST_SERVICES_DIR=$work
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi

stop_services() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ -f "$work/redis.pid" ]; then kill "$(cat "$work/redis.pid")" 2>/dev/null || true; fi
  sleep 0.2
  rm -rf "$work"
}
trap stop_services EXIT INT TERM

"${as_pg[@]}" "$PG_BIN/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log"; exit 1; }
# A port in Linux's ephemeral range (32768-60999) may be held for up to a minute by a client
# socket in TIME-WAIT, and bind() fails: try again rather than fail the whole run.
pg_opts="-p $PG_PORT -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c jit=off"
for attempt in $(seq 30); do
  if "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -o "$pg_opts" start >/dev/null 2>&1; then
    break
  fi
  if [ "$attempt" -eq 30 ]; then cat "$work/postgres.log"; exit 1; fi
  sleep 2
done
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres portal
for _ in $(seq 30); do
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --databases 128 --daemonize yes --save '' --appendonly no \
    --pidfile "$work/redis.pid" --dir "$work" --logfile "$work/redis.log"
  for _ in $(seq 20); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break 2; sleep 0.1; done
  sleep 1
done

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/portal"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/1"
export CELERY_RESULT_BACKEND="redis://127.0.0.1:$REDIS_PORT/2"
export DJANGO_SETTINGS_MODULE=portal.settings.test
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export PG_BIN PG_PORT REDIS_PORT
"$@"
