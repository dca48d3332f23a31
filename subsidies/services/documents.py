"""A claim's documents: uploaded by the applicant while the claim may still be changed."""

from __future__ import annotations

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotFound, WrongState

from .. import workflow
from ..models import ClaimDocument
from ._common import lock_claim, require_applicant
from .claims import require_editable


def claim_document_add(*, claim_id: int, actor: User, kind: str, upload: File[bytes]) -> ClaimDocument:
    """Attach a document (validated by `documents.check_upload`) to a draft or returned claim."""
    from ..documents import check_upload, too_many_error

    document = None
    try:
        with transaction.atomic(durable=True):
            claim = lock_claim(claim_id)
            require_applicant(claim, actor)
            require_editable(claim)
            codes = set(claim.scheme.required_documents.values_list("code", flat=True))
            if kind not in codes:
                raise InvalidInput.on("kind", _("Choose a kind of document this scheme asks for."))
            refusal = too_many_error(ClaimDocument.objects.filter(claim=claim, kind=kind).count())  # after the lock
            if refusal is not None:
                raise refusal
            content_type = check_upload(upload)
            document = ClaimDocument(
                claim=claim,
                kind=kind,
                original_name=(upload.name or "document")[-255:],
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor,
            )
            document.file.save("upload", upload, save=False)
            document.save()
    except Exception:
        # No orphan file when the row is refused, or when the commit itself fails (the database
        # went away between the insert and the commit).
        if document is not None and document.file.name:
            document.file.delete(save=False)
        raise
    return document


def claim_document_remove(*, document_id: int, actor: User) -> None:
    """The applicant takes back a document of their claim (workflow.document_removable); its file
    goes once the removal is committed."""
    with transaction.atomic(durable=True):
        claim_id = ClaimDocument.objects.filter(pk=document_id).values_list("claim_id", flat=True).first()
        if claim_id is None:
            raise NotFound(_("There is no such document."))
        claim = lock_claim(claim_id)
        require_applicant(claim, actor)
        document = ClaimDocument.objects.get(pk=document_id)
        if not workflow.document_removable(
            state=claim.state, returned_at=claim.state_changed_at, uploaded_at=document.uploaded_at
        ):
            raise WrongState(_("This document has been seen by staff: it stays with the claim."), reason="seen")
        name = document.file.name or ""
        document.delete()
        if name:
            transaction.on_commit(lambda: ClaimDocument.file.field.storage.delete(name))


def claim_document_opened(*, document: ClaimDocument, viewer: User) -> None:
    """A staff member opens someone's claim document: recorded in the audit log (the applicant
    opening their own is not)."""
    if document.claim.applicant_id == viewer.pk:
        return
    with transaction.atomic(durable=True):
        record(viewer, AuditAction.DOCUMENT_DOWNLOADED, document, claim=document.claim_id, kind=document.kind)
