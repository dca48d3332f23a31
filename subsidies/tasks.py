"""Thin tasks: ids in, a service called, idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def compute_claim_eligibility(claim_id: int) -> str | None:
    from .services import claim_compute_eligibility

    claim = claim_compute_eligibility(claim_id=claim_id)
    return str(claim.eligible_amount) if claim and claim.eligible_amount is not None else None
