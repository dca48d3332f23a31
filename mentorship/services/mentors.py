"""Mentor applications (职场导师): apply, the staff's decision (`workflow.MENTOR_APPLICATION`), and
the mentor's own profile."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import MENTOR, role_group
from portal.audit import AuditAction, record
from portal.errors import InvalidInput
from portal.workflow import Transition

from ..models import Mentor
from ..workflow import MENTOR_APPLICATION, roles_of
from ._common import _event, _require_staff

PROFILE_FIELDS = ("display_name", "industries", "employer", "mainland_experience", "languages", "district", "bio")
ALREADY_APPLIED = _("This person has already applied to be a mentor.")


def _profile_values(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile fields, in the current language or a given one (`bio_en`, `bio_zh_hans`)."""
    allowed = {f"{field}{suffix}" for field in PROFILE_FIELDS for suffix in ("", "_zh_hant", "_zh_hans", "_en")}
    return {key: value for key, value in profile.items() if key in allowed}


def mentor_apply(*, user: User, acting_user: User, approve: bool = False, **profile: Any) -> Mentor:
    """A mentor application (or staff creating one for `user`; staff may approve it at once, in
    the same transaction, as the table allows from "applied")."""
    if acting_user.pk != user.pk or approve:
        _require_staff(acting_user)
    if Mentor.objects.filter(user=user).exists():
        raise InvalidInput.on("user", ALREADY_APPLIED)
    values = _profile_values(profile)
    values.setdefault("display_name", user.full_name or user.email)
    with transaction.atomic(durable=True):
        try:
            mentor = Mentor.objects.create(user=user, **values)
        except IntegrityError:  # a second application committed since the check above
            raise InvalidInput.on("user", ALREADY_APPLIED) from None
        _event("mentor_applied", actor=acting_user, mentor=mentor)
        if approve:
            transition = MENTOR_APPLICATION.check("approve", mentor.status, roles_of(acting_user, mentor), note="")
            _decide(mentor, transition, acting_user=acting_user, note="")
    return mentor


def mentor_decide(*, mentor: Mentor, action: str, acting_user: User, note: str = "") -> Mentor:
    """Staff decide on an application: `action` is one of `MENTOR_APPLICATION.actions` ("approve",
    "reject"). The table says who may, from which state, and when a note is required; the row is
    locked so two decisions on the same application do not both pass the check."""
    with transaction.atomic(durable=True):
        mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
        transition = MENTOR_APPLICATION.check(action, mentor.status, roles_of(acting_user, mentor), note=note)
        _decide(mentor, transition, acting_user=acting_user, note=note)
    return mentor


def mentor_approve(*, mentor: Mentor, acting_user: User, note: str = "") -> Mentor:
    return mentor_decide(mentor=mentor, action="approve", acting_user=acting_user, note=note)


def mentor_reject(*, mentor: Mentor, acting_user: User, note: str) -> Mentor:
    """The note is the reason the applicant reads (the table requires it)."""
    return mentor_decide(mentor=mentor, action="reject", acting_user=acting_user, note=note)


def _decide(mentor: Mentor, transition: Transition, *, acting_user: User, note: str) -> None:
    mentor.status = transition.target
    mentor.reviewed_at = timezone.now()
    mentor.reviewed_by = acting_user
    mentor.review_note = note
    mentor.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    if transition.target == Mentor.Status.APPROVED:
        mentor.user.groups.add(role_group(MENTOR))
        _event("mentor_approved", actor=acting_user, mentor=mentor)
        record(acting_user, AuditAction.MENTOR_APPROVED, mentor, user=mentor.user_id)
    else:
        _event("mentor_rejected", actor=acting_user, mentor=mentor)
        record(acting_user, AuditAction.MENTOR_REJECTED, mentor, user=mentor.user_id)


def mentor_update_profile(*, mentor: Mentor, acting_user: User, **profile: Any) -> Mentor:
    if mentor.user_id != acting_user.pk:
        _require_staff(acting_user)
    for key, value in _profile_values(profile).items():
        setattr(mentor, key, value)
    with transaction.atomic(durable=True):
        mentor.save()
        _event("mentor_profile_updated", actor=acting_user, mentor=mentor)
    return mentor
