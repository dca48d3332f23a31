"""Sign-up, sign-in in the preferred language, roles, throttling, notifications."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts import services
from accounts.models import Notification, User
from accounts.roles import ALL_ROLES, has_role, is_bureau_staff


@pytest.mark.django_db
def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)


def _sign_up(client, email, *, lang="zh-hant", preferred="en", name="Chan Tai Man"):
    return client.post(
        f"/{lang}/accounts/signup/", {"full_name": name, "email": email, "preferred_language": preferred}
    )


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/accounts/signup/confirm/\S+/)", message.body).group(1)


@pytest.mark.django_db(transaction=True)  # the emails leave on commit
def test_youth_signs_up_confirms_the_address_and_lands_on_dashboard_in_chosen_language(client, mailoutbox):
    response = _sign_up(client, "Tai.Man@Example.com")
    assert response.status_code == 200 and "tai.man@example.com" in response.content.decode()
    user = User.objects.get(email="tai.man@example.com")
    assert not user.is_active and user.email_verified_at is None and not user.has_usable_password()
    assert has_role(user, "youth") and not is_bureau_staff(user)
    assert client.get("/en/dashboard/").status_code == 302  # nothing is open before the link
    (message,) = mailoutbox
    assert message.to == ["tai.man@example.com"] and message.subject == "Open your GBA Youth Portal account"
    link = _link(message)
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": "a-long-passphrase-42", "new_password2": "a-long-passphrase-42"})
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None and user.check_password("a-long-passphrase-42")
    assert client.get("/en/dashboard/").status_code == 200
    client.logout()
    assert client.get(link).status_code == 400  # a link works once


@pytest.mark.django_db(transaction=True)  # the emails leave on commit
def test_sign_up_never_tells_whether_an_address_has_an_account(client, mailoutbox, make_user):
    make_user("youth", email="taken@example.com", preferred_language="zh-hant")
    new, taken = _sign_up(client, "fresh@example.com"), _sign_up(client, "TAKEN@example.com")
    assert new.status_code == taken.status_code == 200

    def page(response, email):  # the page without the address typed and the form's CSRF token
        html = response.content.decode().replace(email, "EMAIL")
        return re.sub(r'value="[^"]{20,}"', "", html)

    assert page(new, "fresh@example.com") == page(taken, "taken@example.com")
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    to_taken = [m for m in mailoutbox if m.to == ["taken@example.com"]]
    assert len(to_taken) == 1 and "/accounts/signup/confirm/" not in to_taken[0].body
    assert to_taken[0].subject == "有人嘗試以你的電郵地址登記"  # in the account's own language


@pytest.mark.django_db(transaction=True)  # the emails leave on commit
def test_nobody_can_choose_the_password_of_someone_elses_address(client, mailoutbox):
    """An account asked for an address one cannot read stays closed: the password is chosen only
    on the page the emailed link opens."""
    _sign_up(client, "victim@example.com")
    _sign_up(Client(), "victim@example.com")  # asked again: a new link, the same closed account
    assert User.objects.filter(email="victim@example.com").count() == 1
    assert not User.objects.get(email="victim@example.com").has_usable_password()
    assert len(mailoutbox) == 2
    assert client.get("/en/accounts/signup/confirm/not-a-signed-token/").status_code == 400


@pytest.mark.django_db
def test_sign_up_errors_are_in_the_users_language(client):
    response = client.post(
        "/en/accounts/signup/", {"full_name": "", "email": "not-an-address", "preferred_language": "en"}
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    response = client.post("/zh-hant/accounts/signup/", {"full_name": "", "email": "x", "preferred_language": "en"})
    assert "請輸入有效的電" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # the emails leave on commit
def test_a_weak_password_is_refused_on_the_link_page(client, mailoutbox):
    _sign_up(client, "weak@example.com", lang="en")
    link = _link(mailoutbox[0])
    response = client.post(link, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 400
    assert not User.objects.get(email="weak@example.com").is_active


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
    # written in every language, read in the page's; emailed in the recipient's own
    assert (first.subject_zh_hant, first.subject_zh_hans, first.subject_en) == ("通知", "通知", "Notifications")
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "通知"


@pytest.mark.django_db
def test_a_notification_reads_in_the_language_of_the_page(make_user, client):
    from django.utils.translation import gettext_lazy as _

    user = make_user("youth", preferred_language="zh-hans")
    # a subject whose words the page shows nowhere else once there is a notification
    services.notify(recipient=user, key="demo:page", subject=_("You have no notifications."), body="x")
    client.force_login(user)
    assert "You have no notifications." in client.get("/en/accounts/notifications/").content.decode()
    assert "你沒有通知。" in client.get("/zh-hant/accounts/notifications/").content.decode()


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


@pytest.mark.django_db
def test_the_name_is_required_on_the_profile_page_as_at_sign_up(client, make_user):
    """Issue 14: sign-up asks for the name; the profile page no longer calls it optional, and
    refuses to empty it, in the page's language."""
    signup = client.get("/zh-hant/accounts/signup/").content.decode()
    user = make_user("youth", full_name="Chan Tai Man")
    client.force_login(user)
    page = client.get("/zh-hant/accounts/profile/").content.decode()
    label = re.search(r'<label[^>]*for="id_full_name"[^>]*>(.*?)</label>', page, re.S).group(1)
    assert "姓名" in label and "選填" not in label
    assert "選填" not in re.search(r'<label[^>]*for="id_full_name"[^>]*>(.*?)</label>', signup, re.S).group(1)
    response = client.post("/zh-hant/accounts/profile/", {"full_name": " ", "preferred_language": "zh-hant"})
    assert response.status_code == 200
    assert 'id="id_full_name_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Chan Tai Man"


@pytest.mark.django_db
def test_the_header_counts_unread_notifications_in_the_readers_language(make_user, client):
    """The header's link says how many notifications are unread, from the person's own row: no
    query more on any page. Marking them read clears it; a count that drifted (an admin deleted
    an unread one) is put right when the notifications page is opened."""
    user = make_user("youth", preferred_language="zh-hant")
    for n in range(3):
        services.notify(recipient=user, key=f"count:{n}", subject="Hello", body="x")
    services.notify(recipient=user, key="count:0", subject="Hello", body="x")  # the same occasion: once
    user.refresh_from_db()
    assert user.unread_notifications == 3
    client.force_login(user)
    page = client.get("/zh-hant/policies/").content.decode()
    assert "（3 則未讀）" in page
    assert "(3 unread)" in client.get("/en/policies/").content.decode()
    assert "（3 条未读）" in client.get("/zh-hans/policies/").content.decode()

    client.post("/en/accounts/notifications/read/")
    user.refresh_from_db()
    assert user.unread_notifications == 0
    assert "unread)" not in client.get("/en/policies/").content.decode()

    services.notify(recipient=user, key="count:later", subject="Hello", body="x")
    Notification.objects.filter(key="count:later").delete()  # as an administrator might
    user.refresh_from_db()
    assert user.unread_notifications == 1
    client.get("/en/accounts/notifications/")
    user.refresh_from_db()
    assert user.unread_notifications == 0


def test_the_profile_keeps_what_events_eligibility_reads(client, make_user):
    """Issue 18: the date of birth, residence and studies are given on the profile page (each
    optional); a date of birth in the future is refused."""
    import datetime

    user = make_user("youth", date_of_birth=None, residence="", study_status="")
    client.force_login(user)
    page = client.get("/zh-hant/accounts/profile/").content.decode()
    assert "出生日期" in page and "您是哪裏的居民？" in page and "您是學生還是畢業生？" in page
    data = {"full_name": "Chan", "preferred_language": "zh-hant", "residence": "mo", "study_status": "graduate"}
    future = client.post("/zh-hant/accounts/profile/", {**data, "date_of_birth": "2999-01-01"})
    assert future.status_code == 200 and "請輸入今天或以前的出生日期。" in future.content.decode()
    saved = client.post("/zh-hant/accounts/profile/", {**data, "date_of_birth": "2001-09-30"})
    assert saved.status_code == 302
    user.refresh_from_db()
    assert (user.date_of_birth, user.residence, user.study_status) == (datetime.date(2001, 9, 30), "mo", "graduate")
