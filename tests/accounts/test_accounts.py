"""Sign-up, sign-in in the preferred language, roles, throttling, notifications."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts import services
from accounts.models import Notification, User
from accounts.roles import ALL_ROLES, has_role, is_bureau_staff


@pytest.mark.django_db
def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)


@pytest.mark.django_db
def test_youth_signs_up_and_lands_on_dashboard_in_chosen_language(client):
    response = client.post(
        "/zh-hant/accounts/signup/",
        {
            "full_name": "Chan Tai Man",
            "email": "Tai.Man@Example.com",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"
    user = User.objects.get(email="tai.man@example.com")
    assert has_role(user, "youth")
    assert not is_bureau_staff(user)


@pytest.mark.django_db
def test_sign_up_errors_are_in_the_users_language(client, make_user):
    make_user("youth", email="taken@example.com")
    response = client.post(
        "/en/accounts/signup/",
        {
            "full_name": "X",
            "email": "TAKEN@example.com",
            "password1": "short",
            "password2": "other",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "An account with this email address already exists." in html
    assert "The two passwords do not match." in html
    response = client.post(
        "/zh-hant/accounts/signup/",
        {
            "full_name": "X",
            "email": "taken@example.com",
            "password1": "x",
            "password2": "y",
            "preferred_language": "en",
        },
    )
    assert "此電郵地址已有帳戶。" in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


@pytest.mark.django_db
def test_sign_in_goes_to_preferred_language(client, make_user):
    make_user("reviewer", email="staff@example.com", preferred_language="zh-hans")
    response = client.post("/en/accounts/login/", {"username": "staff@example.com", "password": "correct-horse-42"})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/dashboard/"
    assert client.get("/zh-hans/dashboard/").status_code == 200


@pytest.mark.django_db
def test_failed_logins_are_throttled(client, make_user):
    make_user("youth", email="victim@example.com")
    for _ in range(5):
        client.post("/en/accounts/login/", {"username": "victim@example.com", "password": "wrong"})
    response = client.post("/en/accounts/login/", {"username": "victim@example.com", "password": "correct-horse-42"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_notify_once_per_occasion_in_recipients_language(make_user, mailoutbox, django_capture_on_commit_callbacks):
    from django.utils.translation import gettext_lazy as _

    user = make_user("youth", preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(recipient=user, key="demo:1", subject=_("Notifications"), body="x")
        second = services.notify(recipient=user, key="demo:1", subject=_("Notifications"), body="x")
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert first.subject == "通知"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_profile_changes_preferred_language(client, make_user):
    user = make_user("youth")
    client.force_login(user)
    response = client.post("/zh-hant/accounts/profile/", {"full_name": "New Name", "preferred_language": "en"})
    assert response["Location"] == "/en/accounts/profile/"
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    models = [m for m in apps.get_models() if m._meta.app_label in settings.PORTAL_APPS] + [Group]
    call_command("load_demo", verbosity=0)
    counts = {m._meta.label: m.objects.count() for m in models}
    call_command("load_demo", verbosity=0)
    assert counts == {m._meta.label: m.objects.count() for m in models}
    assert User.objects.filter(groups__name="youth").exists()


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client, make_user, mailoutbox):
    import re

    make_user("youth", email="forgetful@example.com")
    response = client.post("/en/accounts/password/reset/", {"email": "forgetful@example.com"})
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert len(mailoutbox) == 1
    link = re.search(r"(/en/accounts/password/reset/[^/\s]+/[^/\s]+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "brand-new-passphrase-7", "new_password2": "brand-new-passphrase-7"})
    assert done["Location"] == "/en/accounts/password/reset/complete/"
    signed_in = client.post(
        "/en/accounts/login/", {"username": "forgetful@example.com", "password": "brand-new-passphrase-7"}
    )
    assert signed_in.status_code == 302


@pytest.mark.django_db
def test_unknown_email_reset_reveals_nothing(client, mailoutbox):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert mailoutbox == []
