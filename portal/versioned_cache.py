"""Values kept in Redis under a version that every relevant write moves (one per kind of content).

A value is stored with the version read before it was computed, and used only while that version
is still the current one. The version and the value are read in one round trip (MGET), so a hit
costs one Redis call and no query, and a write shows on the very next request of every process
(no per-process memo that could lag behind another process's write). `changed()` moves the
version now, so that nothing computed from the writing transaction's uncommitted state is kept,
and again after commit, so that a value computed just before the commit is not served either.
With Redis unreachable, values are computed as if there were no cache and writes still succeed.

What moves a version is the database itself: a cache `watch`es the models its values are computed
from, and every INSERT, UPDATE, DELETE or TRUNCATE that reaches one of their tables (a service's
save or queryset `update()`, `bulk_create`, the admin and its inlines, a demo loader, raw SQL)
moves it, from one execute wrapper on every connection. No write path has a call to forget.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created

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

    def watch(self, *model_labels: str) -> None:
        """Move the version on every write to these models' tables (and their many-to-many
        tables). Called once, from the owning app's `ready()`."""
        for label in model_labels:
            model = apps.get_model(label)
            tables = [model._meta.db_table] + [
                field.remote_field.through._meta.db_table
                for field in model._meta.local_many_to_many
                if field.remote_field.through._meta.auto_created
            ]
            for table in tables:
                watchers = WATCHED.setdefault(table, [])
                if self not in watchers:
                    watchers.append(self)
        connection_created.connect(_watch_connection, dispatch_uid="portal-versioned-cache-watch")
        for connection in connections.all(initialized_only=True):  # connected before the apps were ready
            _watch_connection(None, connection)

    def _bump(self) -> None:
        try:
            try:
                cache.incr(self.version_key)
            except ValueError:  # never set, or evicted
                cache.set(self.version_key, _fresh_version(), timeout=None)
        except REDIS_ERRORS:
            logger.warning("%s: could not move the version", self.label, exc_info=True)

    def changed(self, using: str | None = None) -> None:
        """Move the version now and after the commit. The watch calls it on every write to a
        watched table: each moves it at once, and a transaction registers one move after its
        commit, however many rows it writes."""
        self._bump()
        connection = transaction.get_connection(using)
        here = set(connection.savepoint_ids)
        if connection.in_atomic_block and any(
            func == self._bump and sids <= here for sids, func, _ in connection.run_on_commit
        ):
            return  # this block, or one around it, has its move after commit already
        transaction.on_commit(self._bump, using=using)

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


# table name -> the caches computed from it
WATCHED: dict[str, list[VersionedCache]] = {}
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCA")
_WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
_QUOTED = re.compile(r'"([A-Za-z0-9_]+)"')


def written_tables(sql: str) -> list[str]:
    """The tables a statement writes (none for a read)."""
    head = sql.lstrip()[:6].upper()
    if head not in WRITES:
        return []
    if head == "TRUNCA":
        return _QUOTED.findall(sql)
    found = _WRITTEN_TABLE.match(sql)
    return [found.group(1)] if found else []


def _moves_versions(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if WATCHED:
        for table in written_tables(sql):
            for watcher in WATCHED.get(table, ()):
                watcher.changed(using=context["connection"].alias)
    return result


def _watch_connection(sender, connection, **kwargs) -> None:
    if _moves_versions not in connection.execute_wrappers:
        connection.execute_wrappers.append(_moves_versions)
