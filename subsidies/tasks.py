"""Thin tasks: ids in, a service called, idempotent. Reminders go through accounts.services.notify
with one key per occasion, so a task delivered twice reminds once."""

from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def compute_claim_eligibility(claim_id: int) -> str | None:
    from .services import claim_compute_eligibility

    claim = claim_compute_eligibility(claim_id=claim_id)
    return str(claim.eligible_amount) if claim and claim.eligible_amount is not None else None


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def send_claim_reminders() -> int:
    from .reminders import send_reminders

    return send_reminders()


@shared_task(autoretry_for=(OSError,), max_retries=2, retry_backoff=True)
def build_claims_export(job_id: int) -> bool:
    from .reminders import export_build

    return export_build(job_id=job_id)


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def anonymise_expired_claims() -> int:
    from .retention import claims_anonymise_expired

    return claims_anonymise_expired()


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def delete_expired_exports() -> int:
    from .retention import exports_delete_expired

    return exports_delete_expired()
