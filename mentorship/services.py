"""Every write of the mentorship app: one function per use case, keyword-only, checking who acts.

State changes run in `transaction.atomic(durable=True)`, write a `MentorshipEvent` audit row in
the same transaction, and enqueue the entitlement recomputation with `transaction.on_commit`.
Refusals are `django.core.exceptions.ValidationError` with per-field messages (the API and the
forms show them as they are).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import MENTOR, is_bureau_staff, role_group
from portal.audit import AuditAction, record
from portal.invariants import known
from portal.lookups import any_of
from portal.outbox import enqueue_on_commit

from . import rules, selectors
from .models import (
    ActivityInvitation,
    Mentee,
    MenteeStatusChange,
    Mentor,
    MentorEntitlement,
    MentorRelationship,
    MentorshipEvent,
    PublicWelfareActivity,
    RelationshipEntitlement,
    Service,
)

PROFILE_FIELDS = ("display_name", "industries", "employer", "mainland_experience", "languages", "district", "bio")


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

    from . import conf

    if evidence is None:
        return
    if evidence.size > conf.EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("The file is too large (at most 5 MB).")})
    if document_type(evidence, allowed=frozenset(conf.EVIDENCE_MIME_TYPES)) is None:
        raise ValidationError({"evidence": _("Upload a PDF, JPEG or PNG file.")})


def _enqueue_recompute(mentor_id: int) -> None:
    from .tasks import recompute_mentor_entitlement

    enqueue_on_commit(recompute_mentor_entitlement, mentor_id)


# --- Mentors ----------------------------------------------------------------------------------


def _profile_values(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile fields, in the current language or a given one (`bio_en`, `bio_zh_hans`)."""
    allowed = {f"{field}{suffix}" for field in PROFILE_FIELDS for suffix in ("", "_zh_hant", "_zh_hans", "_en")}
    return {key: value for key, value in profile.items() if key in allowed}


def mentor_apply(*, user: User, acting_user: User, approve: bool = False, **profile: Any) -> Mentor:
    """A mentor application (or staff creating one for `user`; staff may approve it at once, in
    the same transaction)."""
    if acting_user.pk != user.pk or approve:
        _require_staff(acting_user)
    if Mentor.objects.filter(user=user).exists():
        raise ValidationError({"user": _("This person has already applied to be a mentor.")})
    values = _profile_values(profile)
    values.setdefault("display_name", user.full_name or user.email)
    with transaction.atomic(durable=True):
        mentor = Mentor.objects.create(user=user, **values)
        _audit("mentor_applied", actor=acting_user, mentor=mentor)
        if approve:
            _approve(mentor, acting_user=acting_user, note="")
    return mentor


def _approve(mentor: Mentor, *, acting_user: User, note: str) -> None:
    mentor.status = Mentor.Status.APPROVED
    mentor.reviewed_at = timezone.now()
    mentor.reviewed_by = acting_user
    mentor.review_note = note
    mentor.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    mentor.user.groups.add(role_group(MENTOR))
    _audit("mentor_approved", actor=acting_user, mentor=mentor, note=note)
    record(acting_user, AuditAction.MENTOR_APPROVED, mentor, user=mentor.user_id)


def mentor_approve(*, mentor: Mentor, acting_user: User, note: str = "") -> Mentor:
    _require_staff(acting_user)
    with transaction.atomic(durable=True):
        mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
        if mentor.status == Mentor.Status.APPROVED:
            raise ValidationError({"status": _("This mentor is already approved.")})
        _approve(mentor, acting_user=acting_user, note=note)
    return mentor


def mentor_reject(*, mentor: Mentor, acting_user: User, note: str) -> Mentor:
    _require_staff(acting_user)
    if not note.strip():
        raise ValidationError({"review_note": _("Give the reason for rejecting the application.")})
    with transaction.atomic(durable=True):
        mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
        if mentor.status != Mentor.Status.APPLIED:
            raise ValidationError({"status": _("Only a pending application can be rejected.")})
        mentor.status = Mentor.Status.REJECTED
        mentor.reviewed_at = timezone.now()
        mentor.reviewed_by = acting_user
        mentor.review_note = note
        mentor.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
        _audit("mentor_rejected", actor=acting_user, mentor=mentor, note=note)
        record(acting_user, AuditAction.MENTOR_REJECTED, mentor, user=mentor.user_id)
    return mentor


def mentor_update_profile(*, mentor: Mentor, acting_user: User, **profile: Any) -> Mentor:
    if mentor.user_id != acting_user.pk:
        _require_staff(acting_user)
    for key, value in _profile_values(profile).items():
        setattr(mentor, key, value)
    with transaction.atomic(durable=True):
        mentor.save()
        _audit("mentor_profile_updated", actor=acting_user, mentor=mentor)
    return mentor


# --- Mentees ----------------------------------------------------------------------------------


def mentee_register(
    *,
    user: User,
    status: str,
    status_since: dt.date,
    acting_user: User,
    wants_mentor: bool | None = None,
    requested_mentor: Mentor | None = None,
    interests: str | None = None,
) -> Mentee:
    """A young person becomes a mentee (asking for a mentor, or registered by staff). Registering
    again updates the profile and records a status change if the status changed."""
    if acting_user.pk != user.pk:
        _require_staff(acting_user)
    if status not in Mentee.Status.values:
        raise ValidationError({"status": _("Choose employed or unemployed.")})
    if status_since > selectors.today():
        raise ValidationError({"status_since": _("The date cannot be in the future.")})
    if requested_mentor is not None and requested_mentor.status != Mentor.Status.APPROVED:
        raise ValidationError({"requested_mentor": _("This mentor is not approved.")})
    with transaction.atomic(durable=True):
        mentee, created = Mentee.objects.select_for_update().get_or_create(
            user=user, defaults={"status": status, "status_since": status_since}
        )
        # What is not given is kept: registering again to report a new status keeps the request.
        if wants_mentor is not None:
            mentee.wants_mentor = wants_mentor
        if requested_mentor is not None:
            mentee.requested_mentor = requested_mentor
        if interests is not None:
            mentee.interests = interests
        mentee.save(update_fields=["wants_mentor", "requested_mentor", "interests"])
        _record_status(mentee, status=status, since=status_since, acting_user=acting_user)
        _audit("mentee_registered", actor=acting_user, status=status, status_since=status_since)
    return mentee


def _record_status(mentee: Mentee, *, status: str, since: dt.date, acting_user: User | None) -> None:
    MenteeStatusChange.objects.update_or_create(
        mentee=mentee, since=since, defaults={"status": status, "recorded_by": acting_user}
    )
    latest = mentee.status_changes.order_by("-since").first()
    latest = known(latest, "latest")  # the change just written
    mentee.status, mentee.status_since = latest.status, latest.since
    mentee.save(update_fields=["status", "status_since"])


def mentee_change_status(*, mentee: Mentee, status: str, since: dt.date, acting_user: User) -> Mentee:
    """Record that the mentee became employed / unemployed on `since` (the mentee, their mentor
    or staff)."""
    allowed = (
        acting_user.pk == mentee.user_id
        or is_bureau_staff(acting_user)
        or mentee.relationships.filter(mentor__user_id=acting_user.pk).exists()
    )
    if not allowed:
        raise PermissionDenied(_("You cannot change this mentee's status."))
    if status not in Mentee.Status.values:
        raise ValidationError({"status": _("Choose employed or unemployed.")})
    if since > selectors.today():
        raise ValidationError({"since": _("The date cannot be in the future.")})
    with transaction.atomic(durable=True):
        mentee = Mentee.objects.select_for_update().get(pk=mentee.pk)
        _record_status(mentee, status=status, since=since, acting_user=acting_user)
        _audit("mentee_status_changed", actor=acting_user, status=status, since=since)
    return mentee


# --- Relationships ----------------------------------------------------------------------------


def relationship_create(
    *, mentor_id: int, mentee_id: int, start_date: dt.date, acting_user: User
) -> MentorRelationship:
    """Match a mentee with a mentor for one year from `start_date`.

    Race-sensitive: two requests at the same moment must not give a mentor a sixth mentee.
    1. lock the mentor row (`select_for_update`): a second request for the same mentor waits here
       until the first commits;
    2. read the mentor's relationships (first and last active day) *after* the lock, so the
       waiting request sees the one just committed;
    3. refuse if on some day of the new year the mentor would have more than five;
    4. insert, audit, and recompute the entitlement after commit.
    Staff match anyone; a mentor may take on a mentee themselves.
    """
    with transaction.atomic(durable=True):
        mentor = Mentor.objects.select_for_update().filter(pk=mentor_id).first()
        if mentor is None:
            raise ValidationError({"mentor": _("No such mentor.")})
        if not is_bureau_staff(acting_user) and mentor.user_id != acting_user.pk:
            raise PermissionDenied(_("You can only take on mentees yourself."))
        if mentor.status != Mentor.Status.APPROVED:
            raise ValidationError({"mentor": _("This mentor has not been approved.")})
        mentee = Mentee.objects.filter(pk=mentee_id).select_related("user").first()
        if mentee is None:
            raise ValidationError({"mentee": _("No such mentee.")})
        if mentee.user_id == mentor.user_id:
            raise ValidationError({"mentee": _("A mentor cannot be their own mentee.")})
        if MentorRelationship.objects.filter(mentor=mentor, mentee=mentee).exists():
            raise ValidationError({"mentee": _("This mentee already has a relationship with this mentor.")})
        end_date = rules.relationship_end_date(start_date)
        existing = [
            (first, ended_on or end)
            for first, end, ended_on in MentorRelationship.objects.filter(mentor=mentor).values_list(
                "start_date", "end_date", "ended_on"
            )
        ]
        refusal = rules.capacity_refusal(existing=existing, start=start_date, end=end_date)
        if refusal:
            raise ValidationError({"start_date": refusal})
        relationship = MentorRelationship.objects.create(
            mentor=mentor, mentee=mentee, start_date=start_date, end_date=end_date, created_by=acting_user
        )
        if mentee.wants_mentor:
            Mentee.objects.filter(pk=mentee.pk).update(wants_mentor=False)
        _audit("relationship_created", actor=acting_user, mentor=mentor, relationship=relationship, start=start_date)
        _enqueue_recompute(mentor.pk)
    return relationship


def relationship_end(
    *, relationship: MentorRelationship, ended_on: dt.date, reason: str, acting_user: User
) -> MentorRelationship:
    """Staff end a relationship early, with a reason. Services after `ended_on` are refused from
    then on; the mentor's place is free from the next day."""
    _require_staff(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for ending the relationship early.")})
    with transaction.atomic(durable=True):
        relationship = MentorRelationship.objects.select_for_update().get(pk=relationship.pk)
        if relationship.ended_on:
            raise ValidationError({"ended_on": _("This relationship has already been ended.")})
        if not relationship.start_date <= ended_on <= relationship.end_date:
            raise ValidationError({"ended_on": _("The end must fall within the relationship's dates.")})
        if relationship.services.filter(date__gt=ended_on).exists():
            raise ValidationError({"ended_on": _("Services were logged after that date.")})
        relationship.ended_on = ended_on
        relationship.end_reason = reason
        relationship.save(update_fields=["ended_on", "end_reason"])
        _audit("relationship_ended", actor=acting_user, relationship=relationship, ended_on=ended_on, reason=reason)
        record(acting_user, AuditAction.RELATIONSHIP_ENDED, relationship, ended_on=ended_on)
        _enqueue_recompute(relationship.mentor_id)
    return relationship


# --- Services ---------------------------------------------------------------------------------


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
            raise ValidationError({"relationship": _("No such relationship.")})
        if relationship.mentor.user_id != acting_user.pk and not is_bureau_staff(acting_user):
            raise ValidationError(
                {"relationship": _("This mentee is not yours: you can only log services for your own mentees.")}
            )
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
            raise ValidationError(refusal)
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
        _audit("service_logged", actor=acting_user, relationship=relationship, kind=kind, date=date, service=service.pk)
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
            raise ValidationError(
                {"relationship": _("This mentee is not yours: you can only log services for your own mentees.")}
            )
        if service.kind != Service.Kind.JOB_REFERRAL:
            raise ValidationError({"kind": _("Only a job referral has months of social insurance.")})
        if insured_months < (service.insured_months or 0):
            raise ValidationError({"insured_months": _("Months of social insurance cannot go down.")})
        hired_on = known(service.hired_on, "hired on")  # a referral has one (mentorship_referral_complete)
        if insured_months > rules.months_between(hired_on, selectors.today()) + 1:
            raise ValidationError(
                {"insured_months": _("The mentee cannot have been insured longer than they have been employed.")}
            )
        service.insured_months = insured_months
        fields = ["insured_months"]
        if evidence:
            service.evidence = evidence
            fields.append("evidence")
        service.save(update_fields=fields)
        _audit("insurance_updated", actor=acting_user, relationship=service.relationship, months=insured_months)
        _enqueue_recompute(service.relationship.mentor_id)
    return service


# --- Public-welfare activities ----------------------------------------------------------------


def activity_create(
    *, acting_user: User, date: dt.date, invite: list[Mentor] | tuple[Mentor, ...] = (), **fields: Any
) -> PublicWelfareActivity:
    _require_staff(acting_user)
    with transaction.atomic(durable=True):
        activity = PublicWelfareActivity.objects.create(date=date, created_by=acting_user, **fields)
        for mentor in invite:
            ActivityInvitation.objects.get_or_create(activity=activity, mentor=mentor)
        _audit("activity_created", actor=acting_user, activity=activity.pk, invited=[m.pk for m in invite])
    return activity


def activity_invite(*, activity: PublicWelfareActivity, mentors: list[Mentor], acting_user: User) -> int:
    _require_staff(acting_user)
    created = 0
    with transaction.atomic(durable=True):
        for mentor in mentors:
            if mentor.status != Mentor.Status.APPROVED:
                raise ValidationError({"mentor": _("Only approved mentors can be invited.")})
            created += ActivityInvitation.objects.get_or_create(activity=activity, mentor=mentor)[1]
        _audit("activity_invited", actor=acting_user, activity=activity.pk, invited=[m.pk for m in mentors])
    return created


def attendance_record(*, activity: PublicWelfareActivity, mentor_id: int, acting_user: User) -> ActivityInvitation:
    """A mentor attended an activity they were invited to (recorded by staff, or by the mentor)."""
    with transaction.atomic(durable=True):
        invitation = (
            ActivityInvitation.objects.select_for_update()
            .select_related("mentor")
            .filter(activity=activity, mentor_id=mentor_id)
            .first()
        )
        if invitation is None:
            raise ValidationError({"mentor": _("This mentor was not invited to the activity.")})
        if invitation.mentor.user_id != acting_user.pk and not is_bureau_staff(acting_user):
            raise PermissionDenied(_("You can only record your own attendance."))
        if activity.date > selectors.today():
            raise ValidationError({"mentor": _("Attendance can be recorded once the activity has taken place.")})
        if invitation.attended:
            raise ValidationError({"mentor": _("Attendance was already recorded.")})
        invitation.attended = True
        invitation.attendance_recorded_at = timezone.now()
        invitation.attendance_recorded_by = acting_user
        invitation.save(update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"])
        _audit("attendance_recorded", actor=acting_user, mentor=invitation.mentor, activity=activity.pk)
        record(acting_user, AuditAction.ATTENDANCE_CONFIRMED, invitation, activity=activity.pk, mentor=mentor_id)
        _enqueue_recompute(mentor_id)
    return invitation


# --- Entitlement ------------------------------------------------------------------------------


def entitlement_recompute(*, mentor_id: int) -> MentorEntitlement:
    """Recompute and store a mentor's entitlement from the records (idempotent). The mentor row
    is locked so two recomputations of the same mentor do not interleave."""
    now = timezone.now()
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().get(pk=mentor_id)
        relationship_ids, services, attendances = selectors.mentor_records(mentor_id)
        result = rules.compute_entitlement(
            services=services,
            attendances=attendances,
            schedules=selectors.rate_schedules(),
            relationship_ids=relationship_ids,
        )
        for relationship_id, amounts in result.relationships.items():
            RelationshipEntitlement.objects.update_or_create(
                relationship_id=relationship_id,
                defaults={
                    "career_guidance": amounts.career_guidance,
                    "internship_guidance": amounts.internship_guidance,
                    "job_referral": amounts.job_referral,
                    "total": amounts.total,
                    "computed_at": now,
                },
            )
        previous = MentorEntitlement.objects.filter(mentor=mentor).first()
        claimed = selectors.mentor_claimed_total(mentor_user_id=mentor.user_id)
        left = rules.claimable(total=result.total, claimed=claimed)
        if left > 0:
            since = previous.claimable_since if previous and previous.claimable_since else timezone.localdate(now)
        else:
            since = None
        stored, _created = MentorEntitlement.objects.update_or_create(
            mentor=mentor,
            defaults={
                "career_guidance": result.career_guidance,
                "internship_guidance": result.internship_guidance,
                "job_referral": result.job_referral,
                "public_welfare": result.public_welfare,
                "total": result.total,
                "claimable_since": since,
                "computed_at": now,
            },
        )
    return stored


# Mentors a chunk: its rows are per relationship and schedule period now (not per service), so a
# chunk of 2,000 holds less than one of 500 did; fewer chunks, fewer round trips (500: 3.3x the
# SQL aggregate in the steady state, 2,000: 2.7x, measured in-process at 5,000 mentors).
RECOMPUTE_CHUNK = 2000
# What the nightly run compares with the stored rows (and writes, with `computed_at`, when they differ).
RELATIONSHIP_AMOUNTS = ("career_guidance", "internship_guidance", "job_referral", "total")
MENTOR_AMOUNTS = (
    "career_guidance",
    "internship_guidance",
    "job_referral",
    "public_welfare",
    "total",
    "claimable_since",
)


def entitlement_recompute_all(*, chunk_size: int = RECOMPUTE_CHUNK) -> int:
    """Nightly: every mentor's entitlement, the same as `entitlement_recompute` mentor by mentor
    but with the I/O done per chunk of mentors (bounded memory, a fixed number of queries a
    chunk whatever its size). The rate schedules are read once per run; each chunk is its own
    transaction, which locks its mentor rows in pk order first, so a per-mentor recomputation
    (which locks its one mentor row) or a relationship being created waits for the chunk, or the
    chunk for it, and the last to commit wrote from what the other committed. Returns the number
    of mentors recomputed.

    The money comes from the services summed per relationship and rate-schedule period
    (`rules.compute_entitlement_from_totals`, held equal to `rules.compute_entitlement` by the
    tests). Only the rows whose amounts (or `claimable_since`) differ from the stored ones are
    written, with `computed_at` = this run: on a night when nothing changed, nothing is written,
    and `computed_at` stays the time of the last recomputation that wrote the row (see
    `MentorEntitlement`)."""
    schedules = selectors.rate_schedules()
    count = 0
    last = 0
    while True:
        done, last = _entitlement_recompute_chunk(after=last, size=chunk_size, schedules=schedules)
        if not done:
            return count
        count += done


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """A chunk makes tens of thousands of short-lived objects (records, amounts, rows), none in a cycle:
    each allocation burst would trigger the cyclic collector's scans for nothing (a quarter of
    the run's time when measured). Reference counting frees them all the same; the collector
    is back on between chunks."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _entitlement_recompute_chunk(*, after: int, size: int, schedules: list[rules.Rates]) -> tuple[int, int]:
    """Recompute the next `size` mentors after pk `after`: (mentors done, last pk). Queries: the
    locked mentors, their relationships (with the amounts stored for them), their services
    summed per relationship and schedule period, attendances, claimed totals and stored mentor
    entitlements, then one upsert of relationship rows and one of mentor rows, each carrying
    only the rows whose values differ from the stored ones (none on a night when nothing
    changed; every row on the first run)."""
    now = timezone.now()
    today = timezone.localdate(now)
    with _no_cyclic_gc(), transaction.atomic(durable=True):
        mentors = list(
            Mentor.objects.select_for_update().filter(pk__gt=after).order_by("pk").values_list("pk", "user_id")[:size]
        )
        if not mentors:
            return 0, after
        ids = [pk for pk, _user in mentors]
        records = selectors.totals_of_mentors(ids, schedules=schedules)
        claimed = selectors.mentor_claimed_totals(mentor_user_ids=[user for _pk, user in mentors])
        stored_mentors = {
            row[0]: row[1:]
            for row in MentorEntitlement.objects.filter(any_of("mentor_id", ids)).values_list(
                "mentor_id", *MENTOR_AMOUNTS
            )
        }
        # (key, *amounts) in the upserts' column order
        relationship_rows: list[tuple[int, Decimal, Decimal, Decimal, Decimal]] = []
        mentor_rows: list[tuple[int, Decimal, Decimal, Decimal, Decimal, Decimal, dt.date | None]] = []
        for mentor_id, user_id in mentors:
            mine = records[mentor_id]
            result = rules.compute_entitlement_from_totals(
                totals=mine.totals,
                attendances=mine.attendances,
                schedules=schedules,
                relationship_ids=mine.relationship_ids,
            )
            for relationship_id, amounts in result.relationships.items():
                values = (amounts.career_guidance, amounts.internship_guidance, amounts.job_referral, amounts.total)
                if mine.stored.get(relationship_id) != values:
                    relationship_rows.append((relationship_id, *values))
            stored = stored_mentors.get(mentor_id)
            amounts_by_kind = result.by_kind()
            left = rules.claimable(total=amounts_by_kind[-1], claimed=claimed[user_id])
            since = ((stored[-1] if stored else None) or today) if left > 0 else None
            mentor_values = (*amounts_by_kind, since)
            if stored != mentor_values:
                mentor_rows.append((mentor_id, *mentor_values))
        _upsert_changed(
            UPSERT_RELATIONSHIP_ENTITLEMENTS,
            relationship_rows,
            model=RelationshipEntitlement,
            key="relationship_id",
            fields=RELATIONSHIP_AMOUNTS,
            now=now,
        )
        _upsert_changed(
            UPSERT_MENTOR_ENTITLEMENTS,
            mentor_rows,
            model=MentorEntitlement,
            key="mentor_id",
            fields=MENTOR_AMOUNTS,
            now=now,
        )
    return len(mentors), ids[-1]


# The two upserts of the nightly run: the rows to write as arrays, one per column (unnest), each
# stamped with the run's `computed_at`. The rows sent are those found to differ already; the WHERE
# makes sure that a row whose values are the stored ones is never rewritten. Raw SQL because
# `bulk_create(update_conflicts=True)` cannot say that WHERE, and builds a model instance per row.
UPSERT_RELATIONSHIP_ENTITLEMENTS = """
INSERT INTO mentorship_relationshipentitlement AS stored
    (relationship_id, career_guidance, internship_guidance, job_referral, total, computed_at)
SELECT *, %s FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[])
ON CONFLICT (relationship_id) DO UPDATE SET
    career_guidance = EXCLUDED.career_guidance, internship_guidance = EXCLUDED.internship_guidance,
    job_referral = EXCLUDED.job_referral, total = EXCLUDED.total, computed_at = EXCLUDED.computed_at
WHERE (stored.career_guidance, stored.internship_guidance, stored.job_referral, stored.total)
    IS DISTINCT FROM (EXCLUDED.career_guidance, EXCLUDED.internship_guidance, EXCLUDED.job_referral, EXCLUDED.total)
"""
UPSERT_MENTOR_ENTITLEMENTS = """
INSERT INTO mentorship_mentorentitlement AS stored
    (mentor_id, career_guidance, internship_guidance, job_referral, public_welfare, total, claimable_since,
     computed_at)
SELECT *, %s FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[],
                         %s::date[])
ON CONFLICT (mentor_id) DO UPDATE SET
    career_guidance = EXCLUDED.career_guidance, internship_guidance = EXCLUDED.internship_guidance,
    job_referral = EXCLUDED.job_referral, public_welfare = EXCLUDED.public_welfare, total = EXCLUDED.total,
    claimable_since = EXCLUDED.claimable_since, computed_at = EXCLUDED.computed_at
WHERE (stored.career_guidance, stored.internship_guidance, stored.job_referral, stored.public_welfare, stored.total,
       stored.claimable_since)
    IS DISTINCT FROM (EXCLUDED.career_guidance, EXCLUDED.internship_guidance, EXCLUDED.job_referral,
                      EXCLUDED.public_welfare, EXCLUDED.total, EXCLUDED.claimable_since)
"""


_Entitlement = TypeVar("_Entitlement", RelationshipEntitlement, MentorEntitlement)


def _upsert_changed(
    sql: str,
    rows: Sequence[tuple[object, ...]],
    *,
    model: type[_Entitlement],
    key: str,
    fields: tuple[str, ...],
    now: dt.datetime,
) -> None:
    """Run one of the upserts above with `rows` ((key, *fields) tuples, the statement's column
    order): one query even with no rows, so a chunk's query count is fixed. On SQLite (the
    embedded default, which has no arrays) `bulk_create(update_conflicts=True)` of the same rows."""
    if connection.vendor != "postgresql":
        if rows:
            model.objects.bulk_create(
                [model(**dict(zip((key, *fields), row, strict=True)), computed_at=now) for row in rows],
                update_conflicts=True,
                unique_fields=[key.removesuffix("_id")],
                update_fields=[*fields, "computed_at"],
            )
        return
    columns: list[list[object]] = (
        [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(1 + len(fields))]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, *columns])


# --- Reminders --------------------------------------------------------------------------------

ENDING_WITHIN_DAYS = 30
UNCLAIMED_AFTER_DAYS = 60


def reminders_send(*, day: dt.date | None = None) -> int:
    """Daily reminders, each once per occasion (`accounts.services.notify` keys them):
    a relationship ends within 30 days (mentor and mentee); a referred mentee reached the first or
    the further insured-months threshold (mentor: you can claim); a mentor's entitlement has been
    left unclaimed for 60 days or more."""
    from django.urls import reverse
    from django.utils.text import format_lazy

    from accounts.services import notify

    day = day or selectors.today()
    sent = 0
    mentor_url = reverse("mentorship:my_mentees")

    ending = (
        MentorRelationship.objects.filter(
            ended_on__isnull=True, start_date__lte=day, end_date__gte=day, end_date__lte=day + dt.timedelta(days=30)
        )
        .select_related("mentor__user", "mentee__user")
        .order_by("pk")
    )
    for relationship in ending.iterator(chunk_size=200):
        end = relationship.end_date.isoformat()
        subject = _("Your mentor relationship ends soon")
        for recipient, other in (
            (relationship.mentor.user, relationship.mentee.user),
            (relationship.mentee.user, relationship.mentor.user),
        ):
            body = format_lazy(_("Your mentor relationship with {name} ends on {date}."), name=str(other), date=end)
            sent += bool(
                notify(
                    recipient=recipient,
                    key=f"mentorship:ending:{relationship.pk}",
                    subject=subject,
                    body=body,
                    url=mentor_url if recipient == relationship.mentor.user else reverse("mentorship:my_mentor"),
                )
            )

    schedules = selectors.rate_schedules()
    referrals = (
        Service.objects.filter(kind=Service.Kind.JOB_REFERRAL, insured_months__gte=1)
        .select_related("relationship__mentor__user", "relationship__mentee__user")
        .order_by("pk")
    )
    for service in referrals.iterator(chunk_size=200):
        rates = rules.rates_on(schedules, service.date)
        for threshold in (rates.referral_first_months, rates.referral_further_months):
            if (service.insured_months or 0) < threshold:
                continue
            relationship = service.relationship
            sent += bool(
                notify(
                    recipient=relationship.mentor.user,
                    key=f"mentorship:insured:{threshold}:{relationship.pk}",
                    subject=_("You can claim a job referral subsidy"),
                    body=format_lazy(
                        _("{name} has been insured for {months} months with {employer}: you can claim the subsidy."),
                        name=str(relationship.mentee.user),
                        months=threshold,
                        employer=service.employer,
                    ),
                    url=mentor_url,
                )
            )

    stale = (
        MentorEntitlement.objects.filter(claimable_since__lte=day - dt.timedelta(days=UNCLAIMED_AFTER_DAYS))
        .select_related("mentor__user")
        .order_by("pk")
    )
    for entitlement in stale.iterator(chunk_size=200):
        claimable_since = known(entitlement.claimable_since, "claimable since")  # filtered on it
        claimed = selectors.mentor_claimed_total(mentor_user_id=entitlement.mentor.user_id)
        left = rules.claimable(total=entitlement.total, claimed=claimed)
        if left <= 0:
            continue
        sent += bool(
            notify(
                recipient=entitlement.mentor.user,
                key=f"mentorship:unclaimed:{entitlement.mentor_id}:{claimable_since.isoformat()}",
                subject=_("You have unclaimed mentor subsidies"),
                body=format_lazy(
                    _("{amount} RMB of mentor subsidies has been waiting to be claimed since {date}."),
                    amount=left,
                    date=claimable_since.isoformat(),
                ),
                url=mentor_url,
            )
        )
    return sent
