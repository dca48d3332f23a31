"""Services a mentor logs for a mentee (the records the subsidies are computed from)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.errors import InvalidInput
from portal.invariants import known

from .. import rules, selectors
from ..models import Mentee, MentorRelationship, Service
from ._common import _check_evidence, _enqueue_recompute, _event
from .mentees import _record_status

# Refused as a field error (400), not a 403: the relationship named in the body is not one of yours.
NOT_YOURS = _("This mentee is not yours: you can only log services for your own mentees.")


def service_log(
    *,
    relationship_id: int,
    kind: str,
    date: dt.date,
    acting_user: User,
    topic: str = "",
    notes: str = "",
    days: int | None = None,
    employer: str = "",
    position: str = "",
    hired_on: dt.date | None = None,
    insured_months: int | None = None,
    evidence: File[bytes] | None = None,
) -> Service:
    """A mentor logs a service for one of their own mentees (staff may log for any). Refused,
    with a message, outside the relationship's dates, for someone else's mentee, or when the kind
    does not fit the mentee's employment status on that date. A job referral also records that
    the mentee became employed on `hired_on`."""
    _check_evidence(evidence)
    with transaction.atomic(durable=True):
        relationship = (
            MentorRelationship.objects.select_for_update().select_related("mentor").filter(pk=relationship_id).first()
        )
        if relationship is None:
            raise InvalidInput.on("relationship", _("No such relationship."))
        if relationship.mentor.user_id != acting_user.pk and not is_bureau_staff(acting_user):
            raise InvalidInput.on("relationship", NOT_YOURS)
        changes = list(relationship.mentee.status_changes.values_list("since", "status"))
        refusal = rules.service_refusal(
            kind=kind,
            day=date,
            today=selectors.today(),
            relationship_start=relationship.start_date,
            relationship_last_day=relationship.last_day,
            status=rules.status_on(changes, date),
            days=days,
            employer=employer,
            hired_on=hired_on,
            insured_months=insured_months,
        )
        if refusal:
            raise InvalidInput(next(iter(refusal.values())), errors=refusal)
        service = Service.objects.create(
            relationship=relationship,
            kind=kind,
            date=date,
            topic=topic,
            notes=notes,
            days=days if kind == Service.Kind.INTERNSHIP_GUIDANCE else None,
            employer=employer if kind == Service.Kind.JOB_REFERRAL else "",
            position=position if kind == Service.Kind.JOB_REFERRAL else "",
            hired_on=hired_on if kind == Service.Kind.JOB_REFERRAL else None,
            insured_months=insured_months if kind == Service.Kind.JOB_REFERRAL else None,
            evidence=evidence or "",
            logged_by=acting_user,
        )
        if kind == Service.Kind.JOB_REFERRAL:
            hired_on = known(hired_on, "hired on")  # service_refusal refuses a referral without it
            mentee = Mentee.objects.select_for_update().get(pk=relationship.mentee_id)
            if rules.status_on(changes, hired_on) != rules.EMPLOYED:
                _record_status(mentee, status=Mentee.Status.EMPLOYED, since=hired_on, acting_user=acting_user)
        _event("service_logged", actor=acting_user, relationship=relationship, service=service.pk, kind=kind, date=date)
        _enqueue_recompute(relationship.mentor_id)
    return service


def job_referral_update_insurance(
    *, service: Service, insured_months: int, acting_user: User, evidence: File[bytes] | None = None
) -> Service:
    """The mentee has now been insured `insured_months` with the referral's employer."""
    _check_evidence(evidence)
    with transaction.atomic(durable=True):
        service = Service.objects.select_for_update().select_related("relationship__mentor").get(pk=service.pk)
        if service.relationship.mentor.user_id != acting_user.pk and not is_bureau_staff(acting_user):
            raise InvalidInput.on("relationship", NOT_YOURS)
        if service.kind != Service.Kind.JOB_REFERRAL:
            raise InvalidInput.on("kind", _("Only a job referral has months of social insurance."))
        if insured_months < (service.insured_months or 0):
            raise InvalidInput.on("insured_months", _("Months of social insurance cannot go down."))
        hired_on = known(service.hired_on, "hired on")  # a referral has one (mentorship_referral_complete)
        if insured_months > rules.months_between(hired_on, selectors.today()) + 1:
            raise InvalidInput.on(
                "insured_months", _("The mentee cannot have been insured longer than they have been employed.")
            )
        service.insured_months = insured_months
        service.changed_at = timezone.now()
        fields = ["insured_months", "changed_at"]
        if evidence:
            service.evidence = evidence
            fields.append("evidence")
        service.save(update_fields=fields)
        _event(
            "insurance_updated",
            actor=acting_user,
            relationship=service.relationship,
            service=service.pk,
            months=insured_months,
        )
        _enqueue_recompute(service.relationship.mentor_id)
    return service
