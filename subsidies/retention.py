"""Anonymising closed claims past the retention period (PDPO DPP2: kept no longer than necessary),
and deleting claims exports a day after they were made.

What goes: the identity number copied onto the claim, the company or team name, and every
uploaded document (file and row). What stays, for audit and the budget figures: the scheme,
the amounts, the states and the timeline.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from portal.audit import AuditAction, record

from . import conf
from .models import Claim, ClaimDocument, ClaimState, ExportJob

logger = logging.getLogger(__name__)

CLOSED_STATES = (ClaimState.PAID, ClaimState.REJECTED, ClaimState.WITHDRAWN)

# A claims export (names, masked identity numbers, amounts) is downloaded soon after it is made;
# a day later its file and its row are deleted, and its download refuses from that moment.
EXPORT_RETENTION = timedelta(days=1)


def claims_due_for_anonymising(*, now: datetime) -> list[int]:
    cutoff = now - timedelta(days=conf.RETENTION_DAYS)
    return list(
        Claim.objects.filter(state__in=CLOSED_STATES, anonymised_at__isnull=True, state_changed_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def claim_anonymise(*, claim_id: int, now: datetime) -> bool:
    """Anonymise one closed claim; False when it was already done (idempotent)."""
    with transaction.atomic(durable=True):
        claim = Claim.objects.select_for_update().filter(pk=claim_id, anonymised_at__isnull=True).first()
        if claim is None or claim.state not in CLOSED_STATES:
            return False
        documents = list(ClaimDocument.objects.filter(claim=claim))
        files = [(doc.file.storage, doc.file.name) for doc in documents if doc.file.name]
        ClaimDocument.objects.filter(claim=claim).delete()
        Claim.objects.filter(pk=claim.pk).update(identity_number="", company_name="", anonymised_at=now)
        record(None, AuditAction.CLAIM_ANONYMISED, claim, documents=len(documents))

        # Files go only once the rows are gone for good.
        def delete_files() -> None:
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return True


def claims_anonymise_expired(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    done = sum(claim_anonymise(claim_id=pk, now=now) for pk in claims_due_for_anonymising(now=now))
    if done:
        logger.info("Anonymised %d closed claims past the retention period", done)
    return done


def exports_delete_expired(*, now: datetime | None = None) -> int:
    """Delete the claims exports made more than EXPORT_RETENTION ago: their rows, then (once the
    deletion is committed) their files. Idempotent; returns how many went."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        jobs = list(ExportJob.objects.select_for_update().filter(created_at__lt=now - EXPORT_RETENTION))
        files = [(job.file.storage, job.file.name) for job in jobs if job.file.name]
        ExportJob.objects.filter(pk__in=[job.pk for job in jobs]).delete()

        def delete_files() -> None:
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(delete_files)
    if jobs:
        logger.info("Deleted %d claims exports older than a day", len(jobs))
    return len(jobs)
