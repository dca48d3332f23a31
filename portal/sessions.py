"""Sessions read from the cache (Redis) and written through to the database, like Django's
`cached_db`, but still working while Redis is unreachable: read from and written to the
database alone, as the `db` engine does (Django's `cached_db` answers 500 when it cannot put a
session read from the database back in the cache, or ask the cache whether a key exists).

Deleting a session (signing out, a flushed session, and the previous session when signing in)
still fails while Redis cannot be told, as in Django: the database row would be gone but the
cached copy could come back with Redis and keep the session alive until it expires, so the error
is not hidden. Pages and writes of signed-in users keep working through an outage.
"""

from __future__ import annotations

import logging

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
