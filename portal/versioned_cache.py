"""Values kept in Redis under a version that every relevant write moves (one per kind of content).

A value is stored with the version read before it was computed, and used only while that version
is still the current one. The version and the value are read in one round trip (MGET), so a hit
costs one Redis call and no query, and a write shows on the very next request of every process
(no per-process memo that could lag behind another process's write). `changed()` moves the
version now, so that nothing computed from the writing transaction's uncommitted state is kept,
and again after commit, so that a value computed just before the commit is not served either.
With Redis unreachable, values are computed as if there were no cache and writes still succeed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

REDIS_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError, OSError)
try:  # redis-py's errors do not all derive from the built-in ones
    from redis.exceptions import RedisError

    REDIS_ERRORS = (*REDIS_ERRORS, RedisError)
except ImportError:  # pragma: no cover - another cache backend
    pass


def _fresh_version() -> int:
    """Larger than any earlier version, should Redis lose the key (eviction, restart): values
    stored under an older version are then never served."""
    return time.time_ns() // 1000


class VersionedCache:
    def __init__(self, version_key: str, label: str):
        self.version_key = version_key
        self.label = label  # for the log

    def _bump(self) -> None:
        try:
            try:
                cache.incr(self.version_key)
            except ValueError:  # never set, or evicted
                cache.set(self.version_key, _fresh_version(), timeout=None)
        except REDIS_ERRORS:
            logger.warning("%s: could not move the version", self.label, exc_info=True)

    def changed(self) -> None:
        """Call after any write that shows in the cached values."""
        self._bump()
        transaction.on_commit(self._bump)

    def read(self, key: str) -> tuple[int | None, Any]:
        """(the current version, the value kept under `key` if it is current, else None); the
        version is None when Redis is unreachable, and nothing should then be kept."""
        try:
            found = cache.get_many([self.version_key, key])
            version = found.get(self.version_key)
            if version is None:
                cache.add(self.version_key, _fresh_version(), timeout=None)
                version = cache.get(self.version_key)  # ours, or another process's
        except REDIS_ERRORS:
            logger.warning("%s: Redis unreachable, computing", self.label, exc_info=True)
            return None, None
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return version, stored[1]
        return version, None

    def keep(self, key: str, version: int | None, value: Any, seconds: int) -> bool:
        """Keep `value`, computed after `version` was read; False if it could not be kept."""
        if version is None:
            return False
        try:
            cache.set(key, (version, value), seconds)
        except REDIS_ERRORS:
            logger.warning("%s: could not keep a value", self.label, exc_info=True)
            return False
        return True

    def cached(self, key: str, compute: Callable[[], Any], seconds: int) -> Any:
        """`compute()`, or its value kept under the current version."""
        version, value = self.read(key)
        if value is not None:
            return value
        value = compute()
        self.keep(key, version, value, seconds)
        return value


def finished_write(**signal_kwargs) -> bool:
    """For the receivers of post_save, post_delete and m2m_changed that move a version: whether
    the signal is a write that is done. Not while fixtures load (`raw`), and for an m2m change only
    its `post_` step (the `pre_` step comes before the rows are written)."""
    if signal_kwargs.get("raw"):
        return False
    action = signal_kwargs.get("action")
    return action is None or action.startswith("post_")
