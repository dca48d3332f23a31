"""The portal's own tables: the one geography (Region), the transactional outbox, task receipts and
the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import FREE_TEXT_MAX_LENGTH

if TYPE_CHECKING:
    # translation.py registers Region with django-modeltranslation, which swaps its default
    # manager for its MultilingualManager.
    from modeltranslation.manager import MultilingualManager


class TransitionRow(models.Model):
    """One step of an object's life, the portal's one transition table style: who, when, the
    step's note, written by the app's service in the same transaction as the change (the
    workflow of portal/workflow.py) and never edited. Each app's row adds its object, its
    `from_state` and `to_state` with the app's state choices, and what else the step carries."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{getattr(self, 'from_state', '') or '-'} → {getattr(self, 'to_state', '')}"


class Region(models.Model):
    """The portal's one geography: a city, a district of a city, or a zone (Hetao, Qianhai...).

    Guides say where they apply, bases and places where they are, vacancies where the work is;
    the checker asks where a person wants to work. (Its table keeps the name it had when only the
    guides used it.)"""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        ZONE = "zone", _("Zone")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects: ClassVar[MultilingualManager[Region]]

    class Meta:
        db_table = "policies_region"
        ordering = ["slug"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def city(self) -> Region:
        """The city a district or zone belongs to (itself for a city). Needs `parent` loaded."""
        region = self
        while region.kind != self.Kind.CITY and region.parent is not None:
            region = region.parent
        return region


class OutboxMessage(models.Model):
    """A Celery task to send, written in the same transaction as the change that calls for it.

    The row commits or rolls back with the change; after commit the portal tries to publish it at
    once and, if the broker is down, `portal.tasks.outbox_flush` tries again every 30 s. A message
    may be published twice (a crash between publishing and marking it sent): receivers are
    idempotent.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="outbox_unsent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"


class AuditAction(models.TextChoices):
    """What staff (or the system) did to money or personal data. Codes are stored; labels shown."""

    CLAIM_REVIEW_STARTED = "claim.review_started", _("Claim review started")
    CLAIM_RETURNED = "claim.returned", _("Claim returned to the applicant")
    CLAIM_RECOMMENDED = "claim.recommended", _("Claim recommended")
    CLAIM_APPROVED = "claim.approved", _("Claim approved")
    CLAIM_REJECTED = "claim.rejected", _("Claim rejected")
    CLAIM_ANONYMISED = "claim.anonymised", _("Claim anonymised (retention)")
    IDENTITY_REVEALED = "claim.identity_revealed", _("Identity number revealed")
    DOCUMENT_DOWNLOADED = "claim.document_downloaded", _("Claim document opened by staff")
    CLAIMS_EXPORTED = "claims.exported", _("Claims exported")
    BATCH_CREATED = "payment_batch.created", _("Payment batch created")
    BATCH_PAID = "payment_batch.paid", _("Payment batch marked paid")
    BATCH_EXPORTED = "payment_batch.exported", _("Payment batch exported")
    MENTOR_APPROVED = "mentor.approved", _("Mentor application approved")
    MENTOR_REJECTED = "mentor.rejected", _("Mentor application rejected")
    RELATIONSHIP_ENDED = "relationship.ended", _("Mentoring relationship ended by staff")
    ATTENDANCE_CONFIRMED = "activity.attendance_confirmed", _("Activity attendance confirmed")
    CORRECTION_ACCEPTED = "report.correction_accepted", _("Report correction accepted")
    CORRECTION_REJECTED = "report.correction_rejected", _("Report correction rejected")
    FLAG_RESOLVED = "flag.resolved", _("Anomaly flag resolved")
    POLICY_PUBLISHED = "policy.published", _("Policy published")
    POLICY_ARCHIVED = "policy.archived", _("Policy archived")
    PLACE_CONFIRMED = "place.confirmed", _("Place details confirmed")
    PLACE_REPORT_CLOSED = "place_report.closed", _("Place change report closed")
    EMPLOYER_VERIFIED = "employer.verified", _("Employer verified")
    VACANCY_PUBLISHED = "vacancy.published", _("Vacancy published")
    VACANCY_RETURNED = "vacancy.returned", _("Vacancy returned to the employer")
    CV_OPENED = "application.cv_opened", _("Applicant's CV opened")
    EVENT_DRAW_RUN = "event_session.drawn", _("Event session's lottery drawn")
    EVENT_CHECKED_IN = "event_registration.checked_in", _("Event participant checked in")
    ADMIN_ADDED = "admin.added", _("Added in the admin")
    ADMIN_CHANGED = "admin.changed", _("Changed in the admin")
    ADMIN_DELETED = "admin.deleted", _("Deleted in the admin")
    ROLE_GRANTED = "role.granted", _("Role granted")
    ROLE_REMOVED = "role.removed", _("Role removed")
    BOOKING_APPROVED = "booking.approved", _("Booking request approved")
    BOOKING_REJECTED = "booking.rejected", _("Booking request rejected")
    BOOKING_CANCELLED = "booking.cancelled", _("Booking cancelled by staff")
    BOOKING_CHECKED_IN = "booking.checked_in", _("Booking checked in on the booker's behalf")
    BOOKING_RELEASED = "booking.released", _("Booking released (no-show)")
    BOOKING_NIGHTS_CONFIRMED = "booking.nights_confirmed", _("Nights of a stay confirmed by the partner hotel")


class AuditEntry(models.Model):
    """One staff (or system) action on money or personal data: append-only.

    Written by `portal.audit.record` in the transaction of the action, so a rolled-back action
    leaves no entry. On PostgreSQL a trigger refuses UPDATE and DELETE of the table (migration
    0002), and the admin only views. Hence nothing here may ever need changing: no identity
    numbers, names or free-text notes, only ids, codes and amounts (the retention job anonymises
    claims without touching this table). `actor` keeps its id even if the account is deleted (no
    database constraint, nothing cascades).
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
    )
    actor_roles = models.JSONField(_("actor's roles"), default=list, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        default_permissions = ("view",)  # no add, change or delete permission exists
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["action", "at"], name="audit_action_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
