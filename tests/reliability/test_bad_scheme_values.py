"""Found by the full suite's API fuzzing on this branch: a scheme value with a NUL byte reached
PostgreSQL (which refuses NUL in text) and the claims API answered 500. A non-ASCII digit ("²",
a digit to str.isdigit but not to int) raised ValueError, also a 500. Both are now a 400 (the
NUL byte may be refused before the serializer by a parser that checks every text: still a 400)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.reliability, pytest.mark.django_db]


@pytest.mark.parametrize("scheme", ["\x00", "luohu-living\x00", "²", "١٢"])
def test_a_scheme_value_the_database_cannot_take_is_a_400(scheme, make_user):
    from subsidies.demo import ensure_schemes

    ensure_schemes()
    client = APIClient()
    client.force_authenticate(make_user("youth"))
    response = client.post("/api/v1/subsidies/claims/", {"scheme": scheme, "requested_amount": "100"}, format="json")
    assert response.status_code == 400, response.content[:300]
