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
    assert client.get(url("export_download", job.pk)).status_code == 404  # as to anyone not staff
    assert client.get(url("export_status", job.pk)).status_code == 404


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


def _rows(job):
    import csv
    import io

    return list(csv.reader(io.StringIO(job.file.open("rb").read().decode("utf-8-sig"))))


def test_the_claims_csv_gives_times_in_hong_kong_time(client, kit):
    """Issue 14, item 9: a claim submitted at 23:30 UTC on 31 May was in the file as 31 May 23:30,
    while the pages say 1 June 07:30."""
    import datetime as dt

    from subsidies.models import Claim

    claim = kit.submitted()
    Claim.objects.filter(pk=claim.pk).update(submitted_at=dt.datetime(2026, 5, 31, 23, 30, tzinfo=dt.UTC))
    job = finished_export(client, kit, kit.reviewer)
    row = next(r for r in _rows(job) if r[0] == str(claim.pk))
    assert row[-1] == "2026-06-01 07:30"


@pytest.mark.parametrize(("lang", "header"), [("zh-hant", "申請"), ("zh-hans", "申请"), ("en", "Claim")])
def test_an_export_keeps_the_language_of_the_page_it_was_started_from(client, kit, lang, header):
    """Issue 14, item 9: an export started from a Traditional Chinese page came back in the
    language of the person's profile (Simplified)."""
    kit.submitted()
    kit.reviewer.preferred_language = "zh-hans" if lang != "zh-hans" else "en"
    kit.reviewer.save()
    job = finished_export(client, kit, kit.reviewer, lang=lang)
    assert job.params["lang"] == lang
    assert _rows(job)[0][0] == header


# --- the payee's bank account (issue 14, item 9) ---------------------------------------------------

PAYEE = {
    "payee_bank": "Bank of China (Hong Kong)",
    "payee_account_name": "CHAN TAI MAN",
    "payee_account_number": "012-345-678901",
}
DIGITS = "012345678901"


def test_the_bank_account_is_collected_with_the_claim_and_validated(kit):
    from subsidies import services
    from subsidies.forms import ClaimForm

    claim = kit.draft(**PAYEE)
    assert claim.payee_account_number == DIGITS and claim.masked_account == "•••• 8901"
    with pytest.raises(services.InvalidInput) as refused:
        services.claim_update(
            claim_id=claim.pk,
            actor=claim.applicant,
            data=services.ClaimInput(**{**PAYEE, "payee_account_number": "12AB"}),
        )
    assert "payee_account_number" in refused.value.errors
    scheme = kit.schemes["luohu-living"]
    for lang, words in (("en", "9 to 25 digits"), ("zh-hant", "9 至 25 位數字")):
        with translation.override(lang):
            form = ClaimForm(
                data={"payee_account_number": "1234"}, scheme=scheme, rule_kind="fixed", needs_identity=False
            )
            assert not form.is_valid() and words in form.errors["payee_account_number"][0]


def test_the_account_number_is_masked_on_the_pages_and_in_the_api(client, kit):
    from rest_framework.test import APIClient

    claim = kit.submitted(**PAYEE)
    for user in (claim.applicant, kit.reviewer):
        client.force_login(user)
        page = client.get(url("claim", claim.pk)).content.decode()
        assert "•••• 8901" in page and DIGITS not in page and "012-345" not in page
        api = APIClient()
        api.force_authenticate(user)
        body = api.get(f"/api/v1/subsidies/claims/{claim.pk}/").json()
        assert body["payee_account_number"] == "•••• 8901" and body["payee_bank"] == PAYEE["payee_bank"]
    job = finished_export(client, kit, kit.reviewer)
    assert DIGITS not in job.file.open("rb").read().decode("utf-8-sig")


def test_the_payment_batch_file_carries_the_payee_in_full_and_its_export_is_audited(client, kit):
    import csv
    import io

    from openpyxl import load_workbook

    from portal.models import AuditEntry

    claim = kit.approved(**PAYEE)
    client.force_login(kit.approver)
    batch_url = client.post(url("batches"))["Location"]
    batch_id = int(batch_url.rstrip("/").split("/")[-1])
    rows = list(csv.reader(io.StringIO(client.get(url("batch_export", batch_id, "csv")).content.decode("utf-8-sig"))))
    assert rows[0][-3:] == ["Bank", "Account holder", "Account number"]
    assert rows[1][1] == str(claim.pk) and rows[1][-3:] == [PAYEE["payee_bank"], "CHAN TAI MAN", DIGITS]
    sheet = load_workbook(io.BytesIO(client.get(url("batch_export", batch_id, "xlsx")).content)).active
    assert sheet.cell(row=2, column=9).value == DIGITS  # text, leading zero kept
    assert AuditEntry.objects.filter(action="payment_batch.exported", object_id=str(batch_id)).count() == 2
