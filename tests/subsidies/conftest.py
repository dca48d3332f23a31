from __future__ import annotations

import pytest

from .factories import ClaimKit


@pytest.fixture
def schemes(db):
    from subsidies.demo import ensure_schemes

    return ensure_schemes()


@pytest.fixture
def kit(schemes, make_user, django_capture_on_commit_callbacks):
    return ClaimKit(schemes=schemes, make_user=make_user, capture=django_capture_on_commit_callbacks)
