from __future__ import annotations

import pytest

from accounts.roles import EMPLOYER, REVIEWER

from .factories import EmployerFactory, Kit


@pytest.fixture
def staff(make_user):
    return make_user(REVIEWER)


@pytest.fixture
def employer_user(make_user):
    return make_user(EMPLOYER)


@pytest.fixture
def employer(db, employer_user):
    return EmployerFactory(users=[employer_user])


@pytest.fixture
def other_employer_user(make_user):
    return make_user(EMPLOYER)


@pytest.fixture
def other_employer(db, other_employer_user):
    return EmployerFactory(users=[other_employer_user])


@pytest.fixture
def youth(make_user):
    return make_user("youth")


@pytest.fixture
def kit(make_user, staff, employer, employer_user):
    return Kit(make_user=make_user, staff=staff, employer=employer, employer_user=employer_user)
