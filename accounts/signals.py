"""Writes that change what a signed-in request's user is (accounts/backends.py): any saved or
deleted user (its password, activity, name, language, superuser flag), a change of a user's
groups (its roles, from either side), a saved or deleted group. They move the users version,
whoever writes them (services, the admin, a shell). Queryset `update()`s of users send no
signal: none is used; code that adds one must call `backends.users_changed()`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.versioned_cache import finished_write

from . import backends


def _changed(sender, **kwargs) -> None:
    if finished_write(**kwargs):
        backends.users_changed()


def connect() -> None:
    user = get_user_model()
    for model in (user, Group):
        post_save.connect(_changed, sender=model, dispatch_uid=f"accounts-users-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"accounts-users-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=user.groups.through, dispatch_uid="accounts-users-groups")
