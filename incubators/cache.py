"""The statistics' sums, kept in Redis under a version that every report write moves.

Reports change a few times a month per base, and past months only by corrections, while the
statistics API and page are read by anyone: `cached(...)` answers a repeated question with one
Redis round trip (MGET of the version and the stored value) and no query. A value is stored with
the version read before it was computed and used only while that version is current, so a
report saved, corrected or edited in the admin, or a base moved to another city, district or
recognition level, shows on the very next request of every process.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)
# Redis unreachable: the sums are computed as if there were no cache, a write still succeeds.
REDIS_ERRORS = (ConnectionError, TimeoutError, OSError)
try:  # redis-py's errors do not all derive from the built-in ones
    from redis.exceptions import RedisError

    REDIS_ERRORS = (*REDIS_ERRORS, RedisError)
except ImportError:  # pragma: no cover - another cache backend
    pass

VERSION_KEY = "incubators:stats-version"
VALUE_SECONDS = 3600

T = TypeVar("T")


def _fresh_version() -> int:
    """Larger than any earlier version, should Redis lose the key (eviction, restart)."""
    return time.time_ns() // 1000


def _bump() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # never set, or evicted
            cache.set(VERSION_KEY, _fresh_version(), timeout=None)
    except REDIS_ERRORS:
        logger.warning("incubators statistics cache: could not move the version", exc_info=True)


def stats_changed() -> None:
    """After any write the statistics count: bumps now (nothing computed from this transaction's
    uncommitted state is kept) and again after commit (nor what was computed just before it)."""
    _bump()
    transaction.on_commit(_bump)


def cached(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its value kept under the current version for the same name and parts."""
    key = "incubators:stats:" + hashlib.sha256(repr((name, parts)).encode()).hexdigest()[:40]
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY)  # ours, or another process's
    except REDIS_ERRORS:
        logger.warning("incubators statistics cache: Redis unreachable, computing", exc_info=True)
        return compute()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    try:
        cache.set(key, (version, value), VALUE_SECONDS)
    except REDIS_ERRORS:
        logger.warning("incubators statistics cache: could not keep the value", exc_info=True)
    return value
