"""Writes for accounts: signing up youth, giving roles, notifying people."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from portal.outbox import enqueue_on_commit

from .models import Notification, User
from .roles import YOUTH, role_group

VERIFY_SALT = "accounts.verify-email"
VERIFY_DAYS = 3


def user_sign_up_youth(*, email: str, password: str, full_name: str = "", preferred_language: str = "") -> User:
    """A youth account, opened at once (for the demo loader and staff tools; people signing up
    themselves go through `sign_up_request`)."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            preferred_language=preferred_language or settings.LANGUAGE_CODE,
            email_verified_at=timezone.now(),
        )
        user.groups.add(role_group(YOUTH))
    return user


def verification_token(user: User) -> str:
    from django.core import signing

    return signing.TimestampSigner(salt=VERIFY_SALT).sign_object({"user": user.pk, "email": user.email})


def sign_up_request(*, email: str, full_name: str = "", preferred_language: str = "") -> None:
    """Someone asks for a youth account for `email`. The page answers the same whatever happens
    here (nobody learns whether an address has an account); the address's owner learns by email:
    - a new address, or one whose account is not open yet: a link, valid VERIFY_DAYS days, to
      choose a password and open the account. The password is chosen only there, by whoever can
      read the mailbox, so nobody can open an account for someone else's address in advance;
    - an address with an open account: a note that someone tried to sign up with it, with the
      links to sign in and to reset the password.
    """
    from django.template.loader import render_to_string
    from django.urls import reverse

    language = preferred_language or settings.LANGUAGE_CODE
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, full_name=full_name, preferred_language=language, is_active=False
            )
            user.groups.add(role_group(YOUTH))
    opened = user.email_verified_at is not None or user.is_active
    with translation.override(user.preferred_language or language):
        base = settings.PORTAL_BASE_URL.rstrip("/")
        context = {
            "user": user,
            "days": VERIFY_DAYS,
            "verify_url": base + reverse("verify_email", kwargs={"token": verification_token(user)}),
            "login_url": base + reverse("login"),
            "reset_url": base + reverse("password_reset"),
        }
        template = "accounts/email/already_registered" if opened else "accounts/email/verify"
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))


def verification_user(*, token: str) -> User | None:
    """The account a sign-up link is for, while the link is good (signed by us, not older than
    VERIFY_DAYS, for the address the account has) and the account not open yet."""
    from django.core import signing

    try:
        found = signing.TimestampSigner(salt=VERIFY_SALT).unsign_object(token, max_age=VERIFY_DAYS * 86400)
    except signing.BadSignature:
        return None
    return User.objects.filter(
        pk=found.get("user"), email=found.get("email"), email_verified_at__isnull=True, is_active=False
    ).first()


def email_verify(*, token: str, password: str) -> User | None:
    """Open the account the link is for, with the password chosen on the link's page (already
    validated by the form). None when the link is no longer good (see `verification_user`)."""
    with transaction.atomic():
        user = verification_user(token=token)
        if user is None:
            return None
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.email_verified_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["password", "email_verified_at", "is_active"])
    return user


def sign_out_everywhere(*, user: User) -> int:
    """End every session and revoke every API token of `user` (after a password change or reset,
    or when they ask). Returns how many tokens were revoked."""
    from django.db.models import F
    from knox.models import AuthToken

    with transaction.atomic():
        revoked: int = AuthToken.objects.filter(user=user).delete()[0]
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    return revoked


def api_tokens_revoke(*, user: User) -> int:
    """Revoke every API token of `user` (their sessions stay: a password change keeps the session
    it was made in)."""
    from knox.models import AuthToken

    revoked: int = AuthToken.objects.filter(user=user).delete()[0]
    return revoked


def api_tokens_keep_newest(*, user: User, keep: int) -> int:
    """Revoke `user`'s API tokens beyond the newest `keep` (a client that signs in again and
    again never locks its owner out). Returns how many were revoked."""
    from knox.models import AuthToken

    newest = AuthToken.objects.filter(user=user).order_by("-created").values_list("pk", flat=True)
    revoked: int = AuthToken.objects.filter(user=user).exclude(pk__in=list(newest[:keep])).delete()[0]
    return revoked


def profile_update(
    *,
    user: User,
    full_name: str,
    preferred_language: str,
    date_of_birth: datetime.date | None = None,
    residence: str = "",
    study_status: str = "",
) -> User:
    """What a person may change about themselves on the profile page (the date of birth,
    residence and studies are what events' eligibility reads)."""
    user.full_name, user.preferred_language = full_name, preferred_language
    user.date_of_birth, user.residence, user.study_status = date_of_birth, residence, study_status
    user.save(update_fields=["full_name", "preferred_language", "date_of_birth", "residence", "study_status"])
    return user


def reset_allowed(*, email: str, client: str, per_address: int, per_client: int) -> bool:
    """Count one password-reset request for `email` from `client` in the current hour; False when
    either is past its limit (the counters live in the cache, an hour each)."""
    import hashlib

    from django.core.cache import cache

    hour = timezone.now().strftime("%Y%m%d%H")
    counters = [
        (f"accounts:reset:address:{hashlib.sha256(email.strip().lower().encode()).hexdigest()}:{hour}", per_address),
        (f"accounts:reset:client:{hashlib.sha256(client.encode()).hexdigest()}:{hour}", per_client),
    ]
    allowed = True
    for key, limit in counters:
        cache.add(key, 0, 3600)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, 3600)
            count = 1
        allowed = allowed and count <= limit
    return allowed


def user_give_role(*, user: User, role: str) -> None:
    user.groups.add(role_group(role))
    user.__dict__.pop("_portal_role_names", None)


def notify(*, recipient: User, key: str, subject: Any, body: Any, url: str = "") -> Notification | None:
    """Notify `recipient` once for the occasion `key`: an in-portal notification and an email,
    the email in the recipient's preferred language. `subject` and `body` may be lazy translations
    (gettext_lazy / format_lazy); they are rendered here in every language, so that the
    notification reads in the language of the page it is read on.

    Returns the new notification, or None when this occasion was already notified (idempotent:
    a reminder task delivered twice sends one reminder).
    """
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[build_localized_fieldname("subject", code)] = str(subject)[:300]
            texts[build_localized_fieldname("body", code)] = str(body)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(recipient=recipient, key=key[:200], url=url, **texts)
            User.objects.filter(pk=recipient.pk).update(unread_notifications=F("unread_notifications") + 1)
    except IntegrityError:
        return None
    from .tasks import email_notification

    enqueue_on_commit(email_notification, notification.pk)
    return notification


def notification_send_email(*, notification_id: int) -> bool:
    """Email a notification once: the row is claimed with a conditional update first, so a
    task delivered twice sends one email."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        with translation.override(notification.recipient.preferred_language or settings.LANGUAGE_CODE):
            subject, body = str(notification.subject), str(notification.body)
        if notification.url:
            body = f"{body}\n\n{settings.PORTAL_BASE_URL}{notification.url}"
        # Sent inside the transaction: if sending fails, the claim is rolled back and retried.
        send_mail(subject, body, None, [notification.recipient.email], fail_silently=False)
    return True


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    with transaction.atomic():
        # the person's row first, as notify() takes it: a notification sent meanwhile is counted
        User.objects.select_for_update().filter(pk=user.pk).first()
        qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
        if ids is not None:
            qs = qs.filter(pk__in=ids)
        marked = qs.update(read_at=timezone.now())
        unread_count_sync(user=user)
    return marked


def unread_count_sync(*, user: User) -> int:
    """Count the person's unread notifications again into their row (after marking some read,
    and when the notifications page finds the kept count wrong, e.g. after an admin deleted one)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    User.objects.filter(pk=user.pk).update(unread_notifications=unread)
    user.unread_notifications = unread
    return unread
