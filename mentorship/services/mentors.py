"""Mentor applications (职场导师): apply, approve, reject, and the mentor's own profile."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import MENTOR, role_group
from portal.audit import AuditAction, record

from ..models import Mentor
from ._common import _audit, _require_staff

PROFILE_FIELDS = ("display_name", "industries", "employer", "mainland_experience", "languages", "district", "bio")


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
