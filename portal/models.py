"""The portal's own tables: the transactional outbox and task receipts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class TaskReceipt(models.Model):
    """What a task did, under a unique key: a second delivery of the same work finds the receipt
    and does nothing (used by `portal.tasks.record_receipt`, the end-to-end probe of the workers)."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    task_id = models.CharField(_("task id"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("task receipt")
        verbose_name_plural = _("task receipts")

    def __str__(self) -> str:
        return self.key
