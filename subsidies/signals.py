"""Any saved or deleted row that can change what the staff review queue shows moves the claims
version (subsidies/cache.py), whoever writes it (the services, the admin, the demo loader, a
shell): claims (state, amounts, identity number, company, period and dates, which the double-claim
flags compare), users (an applicant's name), schemes (their names, in the rows and the filter) and
schemes' exclusivity (the flags). Queryset `update()`s and `bulk_create`s send no signal: the code
that uses one on these models calls `cache.queue_changed()` itself (retention's anonymising,
payment batches)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import cache

QUEUE_MODELS = ("Claim", "Scheme")


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures loading
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return
    cache.queue_changed()


def _user_changed(sender, **kwargs) -> None:
    """A user's name shows in the rows; signing in saves only `last_login`, which does not."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    _changed(sender, **kwargs)


def connect(app_config) -> None:
    for name in QUEUE_MODELS:
        model = app_config.get_model(name)
        post_save.connect(_changed, sender=model, dispatch_uid=f"subsidies-queue-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"subsidies-queue-delete-{name}")
    user = get_user_model()
    post_save.connect(_user_changed, sender=user, dispatch_uid="subsidies-queue-save-user")
    post_delete.connect(_changed, sender=user, dispatch_uid="subsidies-queue-delete-user")
    scheme = app_config.get_model("Scheme")
    m2m_changed.connect(_changed, sender=scheme.exclusive_with.through, dispatch_uid="subsidies-queue-exclusive")
