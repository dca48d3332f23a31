"""Every write of the subsidies app, one function per use case, by use case: claims and their
transitions (claims.py), documents, payment batches, exports, the applicant's identity
(profile.py). `from subsidies import services; services.claim_submit(...)` reads them all.

Refusals are the portal's domain errors (portal.errors), re-exported here for the callers that
catch them."""

from portal.errors import DomainError, InvalidInput, NotAllowed, NotFound, WrongState

from .batches import payment_batch_create, payment_batch_export, payment_batch_mark_paid
from .claims import (
    CLAIM_ACTIONS,
    CLAIM_FIELDS,
    ClaimInput,
    claim_act,
    claim_approve,
    claim_compute_eligibility,
    claim_create,
    claim_recommend,
    claim_reject,
    claim_resubmit,
    claim_return,
    claim_start_review,
    claim_submit,
    claim_update,
    claim_withdraw,
)
from .documents import claim_document_add, claim_document_opened, claim_document_remove
from .exports import claims_export_start
from .profile import applicant_profile_fill, identity_view_record

__all__ = [
    "CLAIM_ACTIONS",
    "CLAIM_FIELDS",
    "ClaimInput",
    "DomainError",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "WrongState",
    "applicant_profile_fill",
    "claim_act",
    "claim_approve",
    "claim_compute_eligibility",
    "claim_create",
    "claim_document_add",
    "claim_document_opened",
    "claim_document_remove",
    "claim_recommend",
    "claim_reject",
    "claim_resubmit",
    "claim_return",
    "claim_start_review",
    "claim_submit",
    "claim_update",
    "claim_withdraw",
    "claims_export_start",
    "identity_view_record",
    "payment_batch_create",
    "payment_batch_export",
    "payment_batch_mark_paid",
]
