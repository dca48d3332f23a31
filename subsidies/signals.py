"""Any saved or deleted row that can change what the staff review queue shows moves the claims
version (subsidies/cache.py), whoever writes it (the services, the admin, the demo loader, a
shell): claims but drafts (state, amounts, identity number, company, period and dates, which the
double-claim flags compare), users but new ones and sign-ins (an applicant's name), schemes
(their names, in the rows and the filter) and schemes' exclusivity (the flags). Queryset
`update()`s and `bulk_create`s send no signal: the code that uses one on these models calls
`cache.queue_changed()` itself (retention's anonymising, payment batches)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.versioned_cache import finished_write

from . import cache
from .models import ClaimState


def _changed(sender, **kwargs) -> None:
    if finished_write(**kwargs):
        cache.queue_changed()


def _claim_changed(sender, instance, **kwargs) -> None:
    """A draft shows nowhere in the queue, nor in its double-claim flags (LIVE_STATES), and no
    claim goes back to draft: applicants writing drafts leave the kept pages alone."""
    if instance.state == ClaimState.DRAFT:
        return
    _changed(sender, **kwargs)


def _user_changed(sender, **kwargs) -> None:
    """A user's name shows in the rows; a new user has no claims yet, and signing in saves only
    `last_login`, which does not show."""
    if kwargs.get("created"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    _changed(sender, **kwargs)


def connect(app_config) -> None:
    claim, scheme = app_config.get_model("Claim"), app_config.get_model("Scheme")
    post_save.connect(_claim_changed, sender=claim, dispatch_uid="subsidies-queue-save-claim")
    post_delete.connect(_claim_changed, sender=claim, dispatch_uid="subsidies-queue-delete-claim")
    post_save.connect(_changed, sender=scheme, dispatch_uid="subsidies-queue-save-scheme")
    post_delete.connect(_changed, sender=scheme, dispatch_uid="subsidies-queue-delete-scheme")
    user = get_user_model()
    post_save.connect(_user_changed, sender=user, dispatch_uid="subsidies-queue-save-user")
    post_delete.connect(_changed, sender=user, dispatch_uid="subsidies-queue-delete-user")
    m2m_changed.connect(_changed, sender=scheme.exclusive_with.through, dispatch_uid="subsidies-queue-exclusive")
