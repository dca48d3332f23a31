"""Payment batches: approved claims gathered for finance, each in one batch, marked paid once."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotAllowed, NotFound, WrongState
from portal.invariants import known

from ..models import Claim, ClaimState, PaymentBatch, PaymentBatchItem, PaymentBatchState
from ._common import require_role, write_transition


def _approved_amount(claim: Claim) -> Decimal:
    """An approved or paid claim's amount, never empty (subsidies_claim_approved_has_amount)."""
    return known(claim.approved_amount, "approved amount")


def payment_batch_create(*, actor: User, claim_ids: list[int] | None = None) -> PaymentBatch:
    """Gather approved, not yet batched claims (all, or those of `claim_ids`) in a new batch.
    A claim belongs to at most one batch: PaymentBatchItem.claim is unique; a concurrent
    batch that took a claim first makes this one fail cleanly."""
    require_role(actor, roles.APPROVER)
    try:
        with transaction.atomic(durable=True):
            batched = PaymentBatchItem.objects.filter(claim=OuterRef("pk"))
            qs = Claim.objects.select_for_update().filter(~Exists(batched), state=ClaimState.APPROVED)
            if claim_ids is not None:
                qs = qs.filter(pk__in=claim_ids)
            claims = list(qs.order_by("pk"))
            if not claims:
                raise WrongState(_("There are no approved claims waiting for payment."))
            batch = PaymentBatch.objects.create(reference=f"PB-{timezone.now():%Y%m%d%H%M%S%f}", created_by=actor)
            PaymentBatchItem.objects.bulk_create(
                [PaymentBatchItem(batch=batch, claim=c, amount=_approved_amount(c)) for c in claims]
            )
            batch.total = sum((_approved_amount(c) for c in claims), Decimal("0"))
            batch.reference = f"PB-{timezone.localdate():%Y%m%d}-{batch.pk:04d}"
            batch.save(update_fields=["total", "reference"])
            record(actor, AuditAction.BATCH_CREATED, batch, total=batch.total, claims=[c.pk for c in claims])
    except IntegrityError:
        raise WrongState(_("Some of these claims were put in another batch meanwhile; try again."))
    return batch


def payment_batch_mark_paid(*, batch_id: int, actor: User) -> PaymentBatch:
    """Mark a batch paid, once: the batch row is locked and must be open; a second call (or a
    concurrent one) finds it paid and pays nothing."""
    require_role(actor, roles.APPROVER)
    with transaction.atomic(durable=True):
        batch = PaymentBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            raise NotFound(_("There is no such payment batch."))
        if batch.state != PaymentBatchState.OPEN:
            raise WrongState(_("This payment batch has already been marked paid."))
        claims = list(
            Claim.objects.select_for_update(of=("self",))
            .filter(payment_item__batch=batch)
            .select_related("applicant", "scheme")
            .order_by("pk")
        )
        for claim in claims:
            if claim.state == ClaimState.APPROVED:
                write_transition(
                    claim, actor=actor, to_state=ClaimState.PAID, amount=claim.approved_amount, note=batch.reference
                )
        batch.state = PaymentBatchState.PAID
        batch.paid_by = actor
        batch.paid_at = timezone.now()
        batch.save(update_fields=["state", "paid_by", "paid_at"])
        record(actor, AuditAction.BATCH_PAID, batch, total=batch.total, claims=[c.pk for c in claims])
    return batch


def payment_batch_export(*, batch: PaymentBatch, actor: User, fmt: str) -> tuple[bytes, str]:
    """The batch's payment list for finance (CSV or XLSX), its export audited: (content, type)."""
    from .. import exports

    if not roles.is_bureau_staff(actor):
        raise NotAllowed(_("You are not allowed to do this."))
    if fmt not in exports.CONTENT_TYPES:
        raise InvalidInput.on("format", _("Choose CSV or XLSX."))
    content, content_type = exports.batch_file(batch, fmt)
    with transaction.atomic(durable=True):
        record(actor, AuditAction.BATCH_EXPORTED, batch, format=fmt)
    return content, content_type
