"""The portal's one capacity idiom (places in a session, positions in a vacancy, desks in an hour,
nights in an allowance, mentees of a mentor).

Inside the use case's transaction:
1. lock the row that holds the capacity (`locked`), so that every request deciding on the same
   capacity waits for the one before it;
2. count what is taken, from the database, after the lock;
3. refuse with CapacityFull when the request does not fit (`require_room`), else write.

A single room's time ranges are kept apart by a PostgreSQL exclusion constraint instead (the
database refuses an overlapping row: `portal.capacity.OVERLAP` is the refusal to raise then).
Every use is proven by a race test on PostgreSQL.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import CapacityFull, NotFound

M = TypeVar("M", bound=models.Model)


def locked(queryset: models.QuerySet[M], **lookup: Any) -> M:
    """The row holding a capacity, locked until the transaction ends (NotFound if there is none)."""
    row = queryset.select_for_update(of=("self",)).filter(**lookup).first()
    if row is None:
        raise NotFound(_("There is no such item."))
    return row


def require_room(
    *,
    capacity: int,
    taken: int,
    wanted: int = 1,
    message: str | Promise | None = None,
    reason: str = "full",
    field: str | None = None,
) -> None:
    """Refuse when `wanted` more does not fit beside `taken` within `capacity`. `field` names the
    input the refusal is about (a form field, an API body key), when there is one."""
    if taken + wanted > capacity:
        text = message or _("There is no place left.")
        raise CapacityFull(text, errors={field: [text]} if field else None, reason=reason)


OVERLAP = _("This time is already taken.")
