from __future__ import annotations

import pytest

from accounts.roles import PLACE_OPERATOR

from .factories import PlaceFactory


@pytest.fixture
def place_operator(make_user):
    return make_user(PLACE_OPERATOR)


@pytest.fixture
def place(db, place_operator):
    return PlaceFactory(slug="luohu-centre", name_zh_hans="罗湖香港团体服务中心", operators=[place_operator])


@pytest.fixture
def other_place(db):
    return PlaceFactory(slug="other-centre")


@pytest.fixture
def staff(make_user):
    return make_user("reviewer")
