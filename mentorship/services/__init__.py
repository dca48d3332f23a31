"""Every write of the mentorship app: one function per use case, keyword-only, checking who acts.

One module per use case: `mentors` (applications, approval, profile), `mentees` (registering,
employment status), `relationships` (matching under the five-mentee limit, ending early),
`service_log` (services and insured months), `activities` (public-welfare activities,
attendance), `entitlement` (recomputation per mentor and nightly), `reminders`. Callers import
the package (`from mentorship import services; services.service_log(...)`): the names below are
its public face.

State changes run in `transaction.atomic(durable=True)`, write a `MentorshipEvent` row in the
same transaction, and enqueue the entitlement recomputation with `portal.outbox` on commit.
Refusals are `django.core.exceptions.ValidationError` with per-field messages (the API and the
forms show them as they are).
"""

from __future__ import annotations

from .activities import activity_create, activity_invite, attendance_record
from .entitlement import (
    MENTOR_AMOUNTS,
    RECOMPUTE_CHUNK,
    RELATIONSHIP_AMOUNTS,
    UPSERT_MENTOR_ENTITLEMENTS,
    UPSERT_RELATIONSHIP_ENTITLEMENTS,
    _entitlement_recompute_chunk,
    entitlement_recompute,
    entitlement_recompute_all,
)
from .mentees import mentee_change_status, mentee_register
from .mentors import PROFILE_FIELDS, mentor_apply, mentor_approve, mentor_reject, mentor_update_profile
from .relationships import relationship_create, relationship_end
from .reminders import ENDING_WITHIN_DAYS, UNCLAIMED_AFTER_DAYS, reminders_send
from .service_log import job_referral_update_insurance, service_log

__all__ = [
    "ENDING_WITHIN_DAYS",
    "MENTOR_AMOUNTS",
    "PROFILE_FIELDS",
    "RECOMPUTE_CHUNK",
    "RELATIONSHIP_AMOUNTS",
    "UNCLAIMED_AFTER_DAYS",
    "UPSERT_MENTOR_ENTITLEMENTS",
    "UPSERT_RELATIONSHIP_ENTITLEMENTS",
    "_entitlement_recompute_chunk",
    "activity_create",
    "activity_invite",
    "attendance_record",
    "entitlement_recompute",
    "entitlement_recompute_all",
    "job_referral_update_insurance",
    "mentee_change_status",
    "mentee_register",
    "mentor_apply",
    "mentor_approve",
    "mentor_reject",
    "mentor_update_profile",
    "relationship_create",
    "relationship_end",
    "reminders_send",
    "service_log",
]
