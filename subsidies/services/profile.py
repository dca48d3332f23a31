"""The applicant's identity: filled once from a claim form, and each staff view of it recorded."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotAllowed

from .. import rules
from ..models import ApplicantProfile, Claim, IdentityView


def applicant_profile_fill(*, user: User, identity_type: str, identity_number: str) -> ApplicantProfile:
    """Fill the applicant's identity where the profile lacks it (an existing identity is kept:
    staff change it, not a claim form). Raises InvalidInput for an invalid number."""
    profile, _created = ApplicantProfile.objects.get_or_create(user=user)
    if profile.identity_number or not identity_number:
        return profile
    error = rules.identity_error(identity_type, identity_number)
    if error:
        raise InvalidInput.on("identity_number", error)
    profile.identity_type = identity_type
    profile.identity_number = rules.canonical_identity(identity_type, identity_number)
    profile.save(update_fields=["identity_type", "identity_number"])
    return profile


def identity_view_record(*, claim: Claim, viewer: User) -> str:
    """A staff member sees a claim's full identity number: recorded, then returned."""
    if not roles.is_bureau_staff(viewer):
        raise NotAllowed(_("You are not allowed to do this."))
    with transaction.atomic(durable=True):
        IdentityView.objects.create(claim=claim, viewer=viewer)
        record(viewer, AuditAction.IDENTITY_REVEALED, claim)
    return claim.identity_number
