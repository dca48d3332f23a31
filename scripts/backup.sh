#!/usr/bin/env bash
# `make backup`: a consistent dump of the PostgreSQL database of DATABASE_URL (pg_dump, custom
# format) and tarballs of MEDIA_ROOT and PRIVATE_MEDIA_ROOT (claim documents), in
# ${BACKUP_DIR:-backups}/<UTC timestamp>/ with a SHA-256 manifest. Prints the folder.
#
# MEDIA_ROOT and PRIVATE_MEDIA_ROOT come from the environment, else from the Django settings
# (DJANGO_SETTINGS_MODULE, default portal.settings.local).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"

setting() {
  DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-portal.settings.local} "$PY" -c \
    "import django; django.setup(); from django.conf import settings; print(settings.$1)"
}
MEDIA_ROOT=${MEDIA_ROOT:-$(setting MEDIA_ROOT)}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$(setting PRIVATE_MEDIA_ROOT)}

dest="${BACKUP_DIR:-backups}/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
chmod 700 "$dest"  # personal data: readable by the operator only
"$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$dest/database.dump"
for part in media:"$MEDIA_ROOT" private:"$PRIVATE_MEDIA_ROOT"; do
  name=${part%%:*}
  folder=${part#*:}
  mkdir -p "$folder"
  tar -czf "$dest/$name.tar.gz" -C "$folder" .
done
(cd "$dest" && sha256sum database.dump media.tar.gz private.tar.gz > SHA256SUMS)
echo "$dest"
