from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def empty_stats_cache():
    """The statistics are cached in Redis (incubators/cache.py), which outlives each test's
    rolled-back database: start every test without values kept by an earlier one."""
    from django.core.cache import cache

    cache.clear()
