"""Markers of the reliability suite (`-m faults`, `-m reliability`) and helpers shared by its tests."""

from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line("markers", "reliability: issue 8's hardening and fault tests")
    config.addinivalue_line("markers", "faults: stops and restarts the test PostgreSQL or Redis, or kills real workers")
