"""CSV and XLSX files for finance and for staff lists. Every text cell goes through
rules.spreadsheet_safe (formula injection); identity numbers are masked (last 4 characters)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from . import rules

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def write(rows: Iterable[list], header: list[str], fmt: str) -> bytes:
    safe_rows = ([rules.spreadsheet_safe(v) for v in row] for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([rules.spreadsheet_safe(h) for h in header])
        writer.writerows(safe_rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8 Chinese names
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in safe_rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def batch_rows(batch) -> tuple[list[str], list[list]]:
    header = [
        _("Batch"),
        _("Claim"),
        _("Scheme"),
        _("Applicant"),
        _("Identity number"),
        _("Amount (RMB)"),
        _("Bank"),
        _("Account holder"),
        _("Account number"),
    ]
    rows = []
    for item in batch.items.select_related("claim__scheme", "claim__applicant").order_by("claim_id"):
        claim = item.claim
        rows.append(
            [
                batch.reference,
                claim.pk,
                claim.scheme.code,
                claim.applicant.full_name or claim.applicant.email,
                claim.masked_identity,
                item.amount,
                # in full here only: the one file finance pays from (its export is audited)
                claim.payee_bank,
                claim.payee_account_name,
                claim.payee_account_number,
            ]
        )
    return header, rows


def batch_file(batch, fmt: str) -> tuple[bytes, str]:
    header, rows = batch_rows(batch)
    return write(rows, header, fmt), CONTENT_TYPES[fmt]


CLAIM_HEADER_FIELDS = (
    "id",
    "scheme",
    "state",
    "applicant",
    "identity",
    "requested",
    "eligible",
    "approved",
    "submitted",
)


def claim_header() -> list[str]:
    return [
        _("Claim"),
        _("Scheme"),
        _("State"),
        _("Applicant"),
        _("Identity number"),
        _("Requested (RMB)"),
        _("Eligible (RMB)"),
        _("Approved (RMB)"),
        _("Submitted at"),
    ]


def claim_row(claim) -> list:
    return [
        claim.pk,
        claim.scheme.code,
        str(claim.get_state_display()),
        claim.applicant.full_name or claim.applicant.email,
        claim.masked_identity,
        claim.requested_amount,
        claim.eligible_amount,
        claim.approved_amount,
        # in the portal's time (Hong Kong, Macau and Shenzhen share UTC+8), as the pages show it
        timezone.localtime(claim.submitted_at).strftime("%Y-%m-%d %H:%M") if claim.submitted_at else "",
    ]
