"""The authentication backend: Django's ModelBackend, with the signed-in user (and its roles)
read from Redis on each request instead of two queries.

`get_user` runs once per request for every signed-in page. The user, with its role names read
once (accounts/roles.py keeps them on the object), is kept under a users version that every
saved or deleted user, every change of a user's groups and every saved or deleted group moves
(accounts/signals.py; portal/versioned_cache.py for the version's rules: moved at once and again
after commit, read with the value in one MGET). Django then checks the session's hash against
the user's password as ever: a password change, a deactivation or a role change shows on the
very next request. With Redis unreachable, the user is read from the database as before.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from portal.versioned_cache import VersionedCache

from . import roles

VERSION_KEY = "accounts:users-version"
USER_SECONDS = 300
USERS = VersionedCache(VERSION_KEY, "signed-in users cache")


def users_changed() -> None:
    """After any write to a user, its groups, or a group."""
    USERS.changed()


class CachedUserBackend(ModelBackend):
    def get_user(self, user_id):
        key = f"accounts:user:{user_id}"
        version, user = USERS.read(key)
        if user is not None:
            return user
        user = super().get_user(user_id)  # None for an unknown or inactive user: not kept
        if user is not None:
            roles.role_names(user)  # read now, kept with the user
            USERS.keep(key, version, user, USER_SECONDS)
        return user
