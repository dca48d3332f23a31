"""What the use cases share: the timeline row, the staff check, the evidence check, the entitlement
recomputation enqueued on commit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.audit import FORBIDDEN_KEYS
from portal.errors import InvalidInput, NotAllowed
from portal.outbox import enqueue_on_commit

from ..models import Mentor, MentorRelationship, MentorshipEvent


def _event(
    action: str,
    *,
    actor: User | None,
    mentor: Mentor | None = None,
    relationship: MentorRelationship | None = None,
    **detail: Any,
) -> MentorshipEvent:
    """One step of a mentor application's or a relationship's timeline, written in the use case's
    transaction. `detail` holds ids, codes, dates and amounts only, as the portal's audit log
    does (and with the same keys refused): a review note or a reason for ending stays on the
    object it belongs to, where the page reads it."""
    forbidden = FORBIDDEN_KEYS & set(detail)
    if forbidden:
        raise ValueError(f"Personal data or free text in a mentorship event: {sorted(forbidden)}")
    return MentorshipEvent.objects.create(
        action=action, actor=actor, mentor=mentor, relationship=relationship, detail=_plain(detail)
    )


def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return {key: plain(value) for key, value in detail.items()}


def _require_staff(user: User) -> None:
    if not is_bureau_staff(user):
        raise NotAllowed(_("Only HR bureau staff can do this."))


def _check_evidence(evidence: File[bytes] | None) -> None:
    """Evidence files are checked by their content, not their name: PDF, JPEG or PNG, 5 MB at most."""
    from portal.uploads import document_type

    from .. import conf

    if evidence is None:
        return
    if evidence.size > conf.EVIDENCE_MAX_BYTES:
        raise InvalidInput.on("evidence", _("The file is too large (at most 5 MB)."))
    if document_type(evidence, allowed=frozenset(conf.EVIDENCE_MIME_TYPES)) is None:
        raise InvalidInput.on("evidence", _("Upload a PDF, JPEG or PNG file."))


def _enqueue_recompute(mentor_id: int) -> None:
    from ..tasks import recompute_mentor_entitlement

    enqueue_on_commit(recompute_mentor_entitlement, mentor_id)
