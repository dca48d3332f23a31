"""The permission matrix, built from the URL configuration (OWASP ASVS V8): every page and API
route × every role × every method it takes, against one world of objects where each role owns
(or does not own) what the URL points at. A route without a row fails the suite, so a new URL
cannot slip in unexamined; a 5xx anywhere fails it too.

One test per route, each sending 10 roles × its methods; every request runs in a savepoint that
is rolled back, so no write changes what the next request sees and the order never matters.
"""

from __future__ import annotations

import pytest

from . import harness
from .conftest import ROLES
from .matrix import BUILD, EXPECT, R

ROUTES = harness.covered_routes()


def test_every_route_has_a_row():
    missing = sorted(set(ROUTES) - set(EXPECT))
    stale = sorted(set(EXPECT) - set(ROUTES))
    assert not missing, f"routes without a row in tests/security/matrix.py EXPECT: {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"
    assert not set(BUILD) - set(ROUTES), "BUILD has rows for routes that no longer exist"


def test_rows_name_every_method_the_route_takes():
    """API rows list exactly GET plus the handlers of the view; page rows list GET and POST."""
    for route, pattern in ROUTES.items():
        expected = ["GET"] + (harness.api_methods(pattern) if harness.is_api(route) else ["POST"])
        assert list(EXPECT[route].methods()) == expected, route


def test_the_harness_can_fail(world, clients):
    """A wrong expectation is reported (the matrix is not vacuous): youth B is refused youth A's claim."""
    url = harness.build_url("<lang>/subsidies/claims/<int:pk>/", {"pk": world.objects["claim_submitted"].pk})
    assert harness.send(clients["youth_b"], "GET", url) == "404"
    assert harness.send(clients["youth"], "GET", url) == "2xx"
    assert harness.send(clients["anon"], "GET", url) == "login"


@pytest.mark.parametrize("route", sorted(EXPECT))
def test_matrix(route, world, clients, db):
    row: R = EXPECT[route]
    build = BUILD.get(route, R())
    url = harness.build_url(route, build.kwargs(world.objects) if build.kwargs else {})
    data = build.data(world.objects) if build.data else None
    wrong = []
    for method, spec in row.methods().items():
        expected = harness.parse(spec)
        for role in ROLES:
            got = harness.send(clients[role], method, url, data, build.form)
            assert got != "5xx", f"{method} {url} as {role}: server error"
            if got != expected[role]:
                wrong.append(f"{method} {url} as {role}: expected {expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_report_correction_notes_are_not_public(world, clients, db):
    import json

    url = f"/api/v1/incubators/bases/{world.objects['base_a'].pk}/reports/"
    for role in ("anon", "youth", "operator_b"):
        body = json.loads(clients[role].get(url).content)
        assert all("correction_reason" not in row for row in body["results"]), role
