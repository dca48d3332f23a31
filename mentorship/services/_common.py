"""What the use cases share: the event row, the staff check, the evidence check, the recomputation
enqueued on commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.outbox import enqueue_on_commit

from ..models import Mentor, MentorRelationship, MentorshipEvent


def _audit(
    action: str,
    *,
    actor: User | None,
    mentor: Mentor | None = None,
    relationship: MentorRelationship | None = None,
    **detail: Any,
) -> None:
    MentorshipEvent.objects.create(
        action=action, actor=actor, mentor=mentor, relationship=relationship, detail=_plain(detail)
    )


def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    return {key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in detail.items()}


def _require_staff(user: User) -> None:
    if not is_bureau_staff(user):
        raise PermissionDenied(_("Only HR bureau staff can do this."))


def _check_evidence(evidence: File[bytes] | None) -> None:
    """Evidence files are checked by their content, not their name: PDF, JPEG or PNG, 5 MB at most."""
    from portal.uploads import document_type

    from .. import conf

    if evidence is None:
        return
    if evidence.size > conf.EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("The file is too large (at most 5 MB).")})
    if document_type(evidence, allowed=frozenset(conf.EVIDENCE_MIME_TYPES)) is None:
        raise ValidationError({"evidence": _("Upload a PDF, JPEG or PNG file.")})


def _enqueue_recompute(mentor_id: int) -> None:
    from ..tasks import recompute_mentor_entitlement

    enqueue_on_commit(recompute_mentor_entitlement, mentor_id)
