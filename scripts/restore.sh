#!/usr/bin/env bash
# `make restore BACKUP=backups/<timestamp>`: checks the manifest, restores the dump into the
# database of DATABASE_URL and unpacks the files into MEDIA_ROOT and PRIVATE_MEDIA_ROOT.
# Refuses a database that already has tables, unless FORCE=1 (then existing objects of the dump
# are dropped first: pg_restore --clean --if-exists).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BACKUP=${1:-${BACKUP:-}}
[ -n "$BACKUP" ] || { echo "usage: make restore BACKUP=backups/<timestamp> [FORCE=1]" >&2; exit 2; }
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to restore into}"

(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS) || { echo "restore: $BACKUP is damaged (SHA256SUMS)" >&2; exit 1; }

tables=$("$PG_BIN/psql" --dbname="$DATABASE_URL" -Atc \
  "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")
options=(--no-owner --no-privileges --exit-on-error --single-transaction)
if [ "$tables" != "0" ]; then
  if [ "${FORCE:-0}" != "1" ]; then
    echo "restore: the target database has $tables table(s); refusing (FORCE=1 replaces them)" >&2
    exit 3
  fi
  options+=(--clean --if-exists)
fi
"$PG_BIN/pg_restore" "${options[@]}" --dbname="$DATABASE_URL" "$BACKUP/database.dump"

setting() {
  DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-portal.settings.local} "$PY" -c \
    "import django; django.setup(); from django.conf import settings; print(settings.$1)"
}
MEDIA_ROOT=${MEDIA_ROOT:-$(setting MEDIA_ROOT)}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$(setting PRIVATE_MEDIA_ROOT)}
for part in media:"$MEDIA_ROOT" private:"$PRIVATE_MEDIA_ROOT"; do
  name=${part%%:*}
  folder=${part#*:}
  mkdir -p "$folder"
  tar -xzf "$BACKUP/$name.tar.gz" -C "$folder"
done
echo "restored $BACKUP"
