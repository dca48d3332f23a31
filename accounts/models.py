"""Accounts: one user model for every role, signing in with an email address."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: Any) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class Residence(models.TextChoices):
    """Where a person is a permanent or non-permanent resident: what the events' "who may join"
    asks (Hong Kong or Macau residents)."""

    HONG_KONG = "hk", _("Hong Kong resident")
    MACAU = "mo", _("Macau resident")
    OTHER = "other", _("Neither")


class StudyStatus(models.TextChoices):
    STUDENT = "student", _("Student")
    GRADUATE = "graduate", _("Graduate")


class User(AbstractUser):
    # Django's way of removing a field of AbstractUser; its stub types these fields as strings.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # How many of the person's notifications are unread, kept by accounts.services (notify and
    # notifications_mark_read) so that the header shows it from the signed-in user's own row,
    # without a query on every page; the notifications page puts it right if it ever drifts.
    unread_notifications = models.PositiveIntegerField(_("unread notifications"), default=0, editable=False)

    # What programmes with age, residence or student limits need to know (the profile page); blank
    # until the person gives it, and then registration asks for it first.
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    residence = models.CharField(_("residence"), max_length=5, choices=Residence.choices, blank=True)
    study_status = models.CharField(_("student or graduate"), max_length=10, choices=StudyStatus.choices, blank=True)

    # Moved by "sign out everywhere": every session signed in before carries the old value in its
    # hash (get_session_auth_hash) and ends on its next request.
    session_epoch = models.PositiveIntegerField(_("sign-out counter"), default=0, editable=False)
    # Youth sign up themselves: the account opens when the link sent to the address is followed.
    email_verified_at = models.DateTimeField(_("email address confirmed"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # The user's role names, kept on the instance by roles.role_names (one query per user object).
    _portal_role_names: frozenset[str]

    # AbstractUser's stub types `objects` as its username-based UserManager, which this model
    # replaces with the email-based one above.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_session_auth_hash(self) -> str:
        """Django's hash of the password, salted with the sign-out counter as well: a password
        change or a "sign out everywhere" ends every other session."""
        from django.utils.crypto import salted_hmac

        key_salt = "accounts.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}:{self.session_epoch}", algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email


class Notification(models.Model):
    """An in-portal notification, also sent by email. One per recipient and occasion (`key`),
    so a reminder task that runs twice notifies once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    key = models.CharField(_("occasion"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="accounts_notification_once")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
