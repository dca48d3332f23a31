from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def empty_page_cache():
    """The anonymous list is cached in Redis (policies/cache.py), which outlives each test's
    rolled-back database: start every test without pages kept by an earlier one."""
    from django.core.cache import cache

    cache.clear()
