"""Sessions read from the cache (Redis) and written through to the database, like Django's
`cached_db`, but still working while Redis is unreachable: read from and written to the
database alone, as the `db` engine does (Django's `cached_db` answers 500 when it cannot put a
session read from the database back in the cache, or ask the cache whether a key exists).

Ending a session while Redis cannot be told is decided by what the session holds. A signed-in
session is not ended: its cached copy would come back with Redis and keep whoever holds the
cookie signed in although they signed out, so nothing is deleted and the person gets a 503 page
asking them to try again in a minute (`SessionEndUnavailable`, portal/middleware.py). Any other
session (the anonymous one replaced when signing in) is deleted from the database: a copy of it
coming back holds nothing that signs anyone in. Django's own `cached_db` deletes the database row
first and then fails with a 500, the worst of both. Pages and writes of signed-in users keep
working through an outage.
"""

from __future__ import annotations

import logging

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

from portal.versioned_cache import REDIS_ERRORS

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except REDIS_ERRORS:
            logger.warning("sessions: cache unreachable, reading the database", exc_info=True)
            return DBStore.load(self)
        if data is not None:
            return data
        session = self._get_session_from_db()
        if not session:
            return {}
        data = self.decode(session.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=session.expire_date))
        except REDIS_ERRORS:
            logger.warning("sessions: could not keep a session in the cache", exc_info=True)
        return data

    def exists(self, session_key):
        try:
            if session_key and self._cache.has_key(self.cache_key_prefix + session_key):
                return True
        except REDIS_ERRORS:
            logger.warning("sessions: cache unreachable, asking the database", exc_info=True)
        return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except REDIS_ERRORS:
            if self._signed_in(session_key):
                raise SessionEndUnavailable(session_key) from None
            logger.warning("sessions: cache unreachable, an anonymous session deleted from the database only")
        DBStore.delete(self, session_key)

    def _signed_in(self, session_key: str) -> bool:
        """Read from the database: `flush()` empties the session before deleting it."""
        row = self.model.objects.filter(session_key=session_key).first()
        return row is not None and SESSION_KEY in self.decode(row.session_data)


class SessionEndUnavailable(Exception):
    """A signed-in session cannot be ended while the cache that may hold a copy of it is
    unreachable; nothing was deleted."""
