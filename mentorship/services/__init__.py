"""Every write of the mentorship app: one function per use case, keyword-only, checking who acts.

One module per use case: `mentors` (applications, the staff's decision, profile), `mentees`
(registering, employment status), `relationships` (matching under the five-mentee limit, ending
early), `service_log` (services and insured months), `activities` (public-welfare activities,
attendance), `entitlement` (the recomputation per mentor and nightly, and what was claimed),
`reminders`. Callers import the package (`from mentorship import services;
services.service_log(...)`): the names below are its public face.

State changes run in `transaction.atomic(durable=True)`, follow the workflow tables
(`mentorship.workflow`), write a `MentorshipEvent` (the object's timeline) and, for staff
actions, a `portal.audit` entry in the same transaction, and enqueue the entitlement
recomputation through `portal.outbox` on commit. Refusals are the portal's domain errors
(`portal.errors`): the API answers them in one handler, the pages with `form_refusal`.
"""

from __future__ import annotations

from .activities import activity_create, attendance_record
from .entitlement import (
    MENTOR_AMOUNTS,
    RECOMPUTE_CHUNK,
    _entitlement_recompute_chunk,
    entitlement_claimed_set,
    entitlement_recompute,
    entitlement_recompute_all,
)
from .mentees import mentee_change_status, mentee_register
from .mentors import mentor_apply, mentor_approve, mentor_decide, mentor_reject, mentor_update_profile
from .relationships import relationship_create, relationship_end
from .reminders import reminders_send
from .service_log import job_referral_update_insurance, service_log

# The functions, and what the tests and the benchmarks read of the nightly run (the chunk, its size,
# the amounts it compares).
__all__ = [
    "MENTOR_AMOUNTS",
    "RECOMPUTE_CHUNK",
    "_entitlement_recompute_chunk",
    "activity_create",
    "attendance_record",
    "entitlement_claimed_set",
    "entitlement_recompute",
    "entitlement_recompute_all",
    "job_referral_update_insurance",
    "mentee_change_status",
    "mentee_register",
    "mentor_apply",
    "mentor_approve",
    "mentor_decide",
    "mentor_reject",
    "mentor_update_profile",
    "relationship_create",
    "relationship_end",
    "reminders_send",
    "service_log",
]
