from __future__ import annotations

import pytest

from accounts.roles import ORGANISER

from .factories import ProgrammeFactory, SessionFactory


@pytest.fixture
def organiser(make_user):
    return make_user(ORGANISER)


@pytest.fixture
def staff(make_user):
    return make_user("reviewer")


@pytest.fixture
def programme(db, organiser):
    return ProgrammeFactory(slug="huizhou", organisers=[organiser])


@pytest.fixture
def session(programme):
    return SessionFactory(programme=programme, capacity=3)


@pytest.fixture
def lottery(programme):
    return SessionFactory(programme=programme, capacity=4, allocation="lottery")
