"""Exports of the claims list and of payment batches: who may download them and for how long
(issue 15, item 6), their times, language and payee columns (issue 14, item 9)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import role_group
from subsidies.models import ExportJob
from subsidies.retention import EXPORT_RETENTION, exports_delete_expired

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"subsidies:{name}", args=args)


def finished_export(client, kit, user, fmt="csv", lang="en") -> ExportJob:
    client.force_login(user)
    with kit.capture(execute=True):
        response = client.post(url("export_start", lang=lang), {"format": fmt})
    assert response.status_code == 302
    job = ExportJob.objects.filter(requested_by=user).latest("pk")
    assert job.finished_at and job.file
    return job


def test_a_reviewer_whose_role_was_removed_cannot_download_an_earlier_export(client, kit):
    kit.submitted()
    job = finished_export(client, kit, kit.reviewer)
    assert client.get(url("export_download", job.pk)).status_code == 200
    kit.reviewer.groups.remove(role_group("reviewer"))
    client.force_login(kit.reviewer)  # a fresh request reads the roles again
    assert client.get(url("export_download", job.pk)).status_code == 403
    assert client.get(url("export_status", job.pk)).status_code == 403


def test_export_files_are_deleted_after_a_day_and_the_download_refuses(client, kit):
    kit.submitted()
    old = finished_export(client, kit, kit.reviewer)
    recent = finished_export(client, kit, kit.reviewer)
    old_file, recent_file = Path(old.file.path), Path(recent.file.path)
    assert old_file.exists() and recent_file.exists()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - EXPORT_RETENTION - timedelta(minutes=1))

    with kit.capture(execute=True):
        assert exports_delete_expired() == 1
    with kit.capture(execute=True):
        assert exports_delete_expired() == 0  # idempotent

    assert not old_file.exists() and recent_file.exists()
    assert client.get(url("export_download", old.pk)).status_code == 404
    assert client.get(url("export_download", recent.pk)).status_code == 200


def test_an_export_not_yet_deleted_is_refused_once_a_day_old(client, kit):
    """Between the day's end and the job's run, the download refuses already."""
    kit.submitted()
    job = finished_export(client, kit, kit.reviewer)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - EXPORT_RETENTION - timedelta(minutes=1))
    assert Path(job.file.path).exists()
    assert client.get(url("export_download", job.pk)).status_code == 404


def test_the_retention_job_is_scheduled():
    from subsidies.schedule import BEAT_SCHEDULE

    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert "subsidies.tasks.delete_expired_exports" in tasks
