"""Health under faults, with the real services: the test PostgreSQL and Redis are stopped and
started again while a real gunicorn serves the portal (`pytest -m faults`).

The recovery times are printed (`-s`) and reported in docs/RELIABILITY.md.
"""

from __future__ import annotations

import pytest

from .services import get_json, gunicorn, postgres_down, redis_down, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.reliability]


@pytest.fixture
def portal_url(tmp_path):
    with gunicorn(tmp_path / "gunicorn.log") as url:
        status, report = get_json(url + "/healthz")
        assert status == 200, report
        yield url


def test_healthz_names_the_database_while_postgresql_is_down_and_recovers(portal_url):
    with postgres_down():
        status, report = get_json(portal_url + "/healthz")
        assert status == 503
        assert report["failing"] == ["database"]
        assert report["database"]["ok"] is False
    # The gunicorn worker's persistent connection died with the server: CONN_HEALTH_CHECKS makes
    # the next request notice and open a new one, with no restart of the portal.
    (status, report), seconds = wait_until(lambda: _healthy(portal_url), timeout=30)
    assert status == 200, report
    print(f"\n[figure] /healthz 200 again {seconds:.2f} s after PostgreSQL was back")


def test_healthz_names_the_broker_while_redis_is_down_and_recovers(portal_url):
    with redis_down():
        status, report = get_json(portal_url + "/healthz")
        assert status == 503
        assert "broker" in report["failing"]
        assert report["database"]["ok"] is True
    (status, report), seconds = wait_until(lambda: _healthy(portal_url), timeout=30)
    assert status == 200, report
    print(f"\n[figure] /healthz 200 again {seconds:.2f} s after Redis was back")


def _healthy(url: str):
    status, report = get_json(url + "/healthz")
    return (status, report) if status == 200 else None
