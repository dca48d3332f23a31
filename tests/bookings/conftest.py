from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.roles import PARTNER, PLACE_OPERATOR, YOUTH


@pytest.fixture
def youth(make_user):
    return make_user(YOUTH, email_verified_at=timezone.now())


@pytest.fixture
def other_youth(make_user):
    return make_user(YOUTH, email_verified_at=timezone.now())


@pytest.fixture
def staff(make_user):
    return make_user("reviewer")


@pytest.fixture
def operator(make_user):
    return make_user(PLACE_OPERATOR)


@pytest.fixture
def partner(make_user):
    return make_user(PARTNER)
