"""Exports of the claims list: the job is created and audited here, built by a Celery task."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotAllowed
from portal.outbox import enqueue_on_commit

from ..models import ClaimState, ExportJob, Scheme

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_FILTERS = ("scheme", "state")


def claims_export_start(*, actor: User, fmt: str, filters: Mapping[str, str]) -> ExportJob:
    """A claims export for bureau staff (an unknown format is CSV), audited with its filters and
    built on commit."""
    if not roles.is_bureau_staff(actor):
        raise NotAllowed(_("You are not allowed to do this."))
    fmt = fmt if fmt in EXPORT_FORMATS else "csv"
    params = {key: str(filters.get(key, "")) for key in EXPORT_FILTERS}
    # the file speaks the language of the page the export was started from
    params["lang"] = translation.get_language() or settings.LANGUAGE_CODE
    # the filters are codes the portal knows, or nothing (a NUL in one was a 500: PostgreSQL
    # refuses it in the job's JSON)
    scheme, state = params["scheme"], params["state"]
    if scheme and ("\x00" in scheme or not Scheme.objects.filter(code=scheme).exists()):
        raise InvalidInput.on("scheme", _("There is no such scheme."))
    if state and state not in ClaimState.values:
        raise InvalidInput.on("state", _("Choose a state from the list."))
    with transaction.atomic(durable=True):
        job = ExportJob.objects.create(requested_by=actor, kind=f"claims-{fmt}", params=params)
        record(actor, AuditAction.CLAIMS_EXPORTED, job, format=fmt, filters=params)
        from ..tasks import build_claims_export

        enqueue_on_commit(build_claims_export, job.pk)
    return job
