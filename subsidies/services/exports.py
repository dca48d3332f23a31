"""Exports of the claims list: the job is created and audited here, built by a Celery task."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from portal.audit import AuditAction, record
from portal.errors import NotAllowed
from portal.outbox import enqueue_on_commit

from ..models import ExportJob

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_FILTERS = ("scheme", "state")


def claims_export_start(*, actor: User, fmt: str, filters: Mapping[str, str]) -> ExportJob:
    """A claims export for bureau staff (an unknown format is CSV), audited with its filters and
    built on commit."""
    if not roles.is_bureau_staff(actor):
        raise NotAllowed(_("You are not allowed to do this."))
    fmt = fmt if fmt in EXPORT_FORMATS else "csv"
    params = {key: str(filters.get(key, "")) for key in EXPORT_FILTERS}
    with transaction.atomic(durable=True):
        job = ExportJob.objects.create(requested_by=actor, kind=f"claims-{fmt}", params=params)
        record(actor, AuditAction.CLAIMS_EXPORTED, job, format=fmt, filters=params)
        from ..tasks import build_claims_export

        enqueue_on_commit(build_claims_export, job.pk)
    return job
