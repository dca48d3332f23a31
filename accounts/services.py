"""Writes for accounts: signing up youth, giving roles, notifying people."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from portal.outbox import enqueue_on_commit

from .models import Notification, User
from .roles import YOUTH, role_group


def user_sign_up_youth(*, email: str, password: str, full_name: str = "", preferred_language: str = "") -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            preferred_language=preferred_language or settings.LANGUAGE_CODE,
        )
        user.groups.add(role_group(YOUTH))
    return user


def user_give_role(*, user: User, role: str) -> None:
    user.groups.add(role_group(role))
    user.__dict__.pop("_portal_role_names", None)


def notify(*, recipient: User, key: str, subject: Any, body: Any, url: str = "") -> Notification | None:
    """Notify `recipient` once for the occasion `key`: an in-portal notification and an email,
    both in the recipient's preferred language. `subject` and `body` may be lazy translations
    (gettext_lazy / format_lazy); they are rendered here, in that language.

    Returns the new notification, or None when this occasion was already notified (idempotent:
    a reminder task delivered twice sends one reminder).
    """
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        subject_text = str(subject)[:300]
        body_text = str(body)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, key=key[:200], subject=subject_text, body=body_text, url=url
            )
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
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.PORTAL_BASE_URL}{notification.url}"
        # Sent inside the transaction: if sending fails, the claim is rolled back and retried.
        send_mail(notification.subject, body, None, [notification.recipient.email], fail_silently=False)
    return True


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
