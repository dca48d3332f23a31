"""schemathesis against /api/schema/ (OWASP ASVS V2 validation): every operation of the API, as
anonymous and as each role (token authentication), with generated valid and invalid input. Two
checks: no server error, and every response the schema documents conforms to it. Statuses the
schema does not list (a 403 for a role without the right, a 404 for a made-up id) are the
permission matrix's business, not this test's.

Bounded for 2 shared cores: a few derandomized examples per operation and role (same cases on
every run), no deadline.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from .conftest import ROLES

EXAMPLES = 4


@pytest.fixture(scope="module")
def tokens(world, django_db_blocker) -> dict[str, str]:
    from knox.models import AuthToken

    with django_db_blocker.unblock():
        return {role: AuthToken.objects.create(user=user)[1] for role, user in world.users.items()}


@pytest.fixture(scope="module", autouse=True)
def keep_test_connection():
    """The WSGI app fires request_started/finished, which close the database connection (and
    with it the test's transaction); Django's test client turns that off, and so do we."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _load_schema():
    # Read through the WSGI app at collection (the schema view touches no table), so pytest can
    # parametrize the roles next to the operations.
    from portal.wsgi import application

    loaded = schemathesis.openapi.from_wsgi("/api/schema/", application)
    # The coverage phase sends dozens of boundary cases per operation regardless of max_examples:
    # too slow for `make test` on 2 shared cores (8 minutes with it); examples and fuzzing stay.
    loaded.config.phases.coverage.enabled = False
    return loaded


schema = _load_schema()


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_api_conforms(case, role, tokens, db):
    headers = {"Authorization": f"Token {tokens[role]}"} if role != "anon" else {}
    case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])
