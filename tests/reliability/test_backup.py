"""`make backup` / `make restore`: the demo data and a private file, backed up and restored into a
fresh database, come back whole."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from .services import ROOT, portal_env, session_database_url

pytestmark = pytest.mark.reliability

PORTAL_APPS = ("portal", "accounts", "policies", "incubators", "mentorship", "subsidies")


def _tables() -> list[tuple[str, str]]:
    """(table, primary key column) of every model of the portal's apps, many-to-many tables too."""
    found = []
    for label in PORTAL_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            found.append((model._meta.db_table, model._meta.pk.column))
    return sorted(set(found))


def _rows(cursor, table: str, pk: str) -> list[tuple]:
    """Each row as PostgreSQL's own text of it (the two connections adapt types differently)."""
    cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY "{pk}"')  # noqa: S608 - names from the models
    return cursor.fetchall()


def _run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", f"scripts/{script}", *args],
        cwd=ROOT,
        env=portal_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_backup_then_restore_into_a_fresh_database_finds_every_row_and_file(transactional_db, tmp_path):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    private = Path(django_settings.PRIVATE_MEDIA_ROOT) / "claims" / "evidence-0001.pdf"
    private.parent.mkdir(parents=True, exist_ok=True)
    private.write_bytes(b"%PDF-1.4 a claim's evidence \xe4\xb8\xad")
    media = Path(django_settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    backup = _run(
        "backup.sh",
        DATABASE_URL=session_database_url(),
        MEDIA_ROOT=str(media),
        PRIVATE_MEDIA_ROOT=str(django_settings.PRIVATE_MEDIA_ROOT),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz", "private.tar.gz", "SHA256SUMS"}
    backup_seconds = time.monotonic() - started

    fresh = f"portal_restore_{os.getpid()}"
    pg = connection.settings_dict
    server = ["-h", pg["HOST"], "-p", str(pg["PORT"]), "-U", pg["USER"]]
    pg_bin = Path(os.environ["PG_BIN"])
    subprocess.run([str(pg_bin / "createdb"), *server, fresh], check=True, timeout=60)
    fresh_url = f"postgres://{pg['USER']}@{pg['HOST']}:{pg['PORT']}/{fresh}"
    restored = tmp_path / "restored"
    try:
        started = time.monotonic()
        restore = _run(
            "restore.sh",
            str(folder),
            DATABASE_URL=fresh_url,
            MEDIA_ROOT=str(restored / "media"),
            PRIVATE_MEDIA_ROOT=str(restored / "private"),
        )
        assert restore.returncode == 0, restore.stderr
        restore_seconds = time.monotonic() - started

        total = 0
        with connection.cursor() as source, psycopg.connect(fresh_url) as target_connection:
            target = target_connection.cursor()
            for table, pk in _tables():
                rows = _rows(source, table, pk)
                assert _rows(target, table, pk) == rows, table
                total += len(rows)
        assert total > 100  # the demo data is there, not an empty database compared with another
        assert (restored / "private" / "claims" / "evidence-0001.pdf").read_bytes() == private.read_bytes()

        again = _run("restore.sh", str(folder), DATABASE_URL=fresh_url, MEDIA_ROOT=str(restored / "m2"),
                     PRIVATE_MEDIA_ROOT=str(restored / "p2"))  # fmt: skip
        assert again.returncode == 3 and "refusing" in again.stderr
    finally:
        subprocess.run([str(pg_bin / "dropdb"), *server, "--force", fresh], check=False, timeout=60)
    print(
        f"\n[figure] backup {backup_seconds:.1f} s, restore {restore_seconds:.1f} s, "
        f"{total} rows in {len(_tables())} tables compared"
    )
