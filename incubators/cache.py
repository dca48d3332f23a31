"""The statistics' sums, kept in Redis under a version that every report write moves.

Reports change a few times a month per base, and past months only by corrections, while the
statistics API and page are read by anyone: `cached(...)` answers a repeated question with one
Redis round trip (MGET of the version and the stored value) and no query. A value is stored with
the version read before it was computed and used only while that version is current, so a
report saved, corrected or edited in the admin, a base moved to another region or recognition
level, or a region renamed, shows on the very next request of every process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from portal.versioned_cache import VersionedCache

VERSION_KEY = "incubators:stats-version"
VALUE_SECONDS = 3600
STATISTICS = VersionedCache(VERSION_KEY, "incubators statistics cache")

T = TypeVar("T")


# What the sums are computed from: reports, a base's region and recognition level, a region's
# names and parent. Any write to their tables moves the version (portal/versioned_cache.py).
WATCHED = ("incubators.ProjectCountReport", "incubators.Base", "portal.Region")


def stats_changed() -> None:
    """Move the version by hand (the benchmarks' forced miss). Writes need no call: the watch on
    WATCHED moves it."""
    STATISTICS.changed()


def cached(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its value kept under the current version for the same name and parts."""
    key = "incubators:stats:" + hashlib.sha256(repr((name, parts)).encode()).hexdigest()[:40]
    return STATISTICS.cached(key, compute, VALUE_SECONDS)
