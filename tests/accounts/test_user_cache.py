"""The signed-in user read from Redis (accounts/backends.py): no query once read, and every
change that matters for who the user is shows on the very next request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts import roles, services

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"
QUEUE = "/en/subsidies/review/"


def two_sessions(user):
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    return first, second


def test_the_user_and_its_roles_are_read_once(client, make_user, django_assert_num_queries):
    client.force_login(make_user("youth"))
    client.get(PROFILE)  # reads them (signing in moved the users version)
    with django_assert_num_queries(0):  # the session, the user and its roles from Redis; a form page
        response = client.get(PROFILE)
    assert response.status_code == 200 and response.context["user"].is_authenticated


def test_a_password_change_signs_out_the_other_sessions(make_user):
    user = make_user("youth", password="correct-horse-42")
    mine, other = two_sessions(user)
    for session in (mine, other):
        assert session.get(PROFILE).status_code == 200  # the user kept in Redis
    response = mine.post(
        "/en/accounts/password/change/",
        {"old_password": "correct-horse-42", "new_password1": "another-horse-43", "new_password2": "another-horse-43"},
    )
    assert response.status_code == 302
    assert mine.get(PROFILE).status_code == 200  # this session's hash was updated
    assert other.get(PROFILE).status_code == 302  # to sign in: its hash no longer matches


def test_a_deactivated_user_is_signed_out_at_once(client, make_user):
    user = make_user("youth")
    client.force_login(user)
    assert client.get(PROFILE).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(PROFILE).status_code == 302


def test_a_role_given_or_taken_shows_on_the_next_request(client, make_user):
    user = make_user(None)
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    services.user_give_role(user=user, role=roles.REVIEWER)
    assert client.get(QUEUE).status_code == 200
    roles.role_group(roles.REVIEWER).user_set.remove(user)  # from the group's side
    assert client.get(QUEUE).status_code == 403


def test_a_renamed_group_shows_on_the_next_request(client, make_user):
    user = make_user(None)
    group = Group.objects.create(name="renamed-later")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    group.name = roles.REVIEWER
    Group.objects.filter(name=roles.REVIEWER).delete()
    group.save()
    assert client.get(QUEUE).status_code == 200


def test_with_redis_down_the_user_is_read_from_the_database(client, make_user, redis_down, django_assert_num_queries):
    client.force_login(make_user("youth"))
    for _ in range(2):
        with django_assert_num_queries(2):  # the user and its roles, each time
            assert client.get(PROFILE).status_code == 200
