"""The audit log of staff actions on money and personal data (OWASP ASVS 5.0, V16: security
logging; level 3 for money and identity numbers: an append-only record).

`record(actor, action, obj, **detail)` appends one `AuditEntry`. Call it inside the transaction
of the action it records (the service's `atomic(durable=True)` block): the entry commits or rolls
back with the action. `detail` holds ids, codes and amounts only: no identity numbers, names,
addresses or free-text notes (the entry can never be changed, so it must never need
anonymising); keys that usually carry personal data are refused.

The request's IP address, when there is a request, comes from `AuditRequestMiddleware`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from .client_address import client_address
from .models import AuditAction, AuditEntry

_request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_request_ip", default=None)

# Keys that name personal data or free text: refused in `detail` (a programming error, caught by
# the tests of every call).
FORBIDDEN_KEYS = frozenset(
    {
        "identity",
        "identity_number",
        "hkid",
        "name",
        "full_name",
        "email",
        "phone",
        "address",
        "note",
        "reason",
        "comment",
        "text",
        "body",
        "company_name",
    }
)


class AuditRequestMiddleware:
    """Keeps the client's address for the entries recorded while serving the request.

    `client_address`: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` reverse proxies the address the
    first of them received the request from (portal/client_address.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _request_ip.reset(token)


# How the codes an entry records read on the audit log page, by (object type, detail key): each
# app names its own (a document kind's name, a claim state's label) from its AppConfig.ready.
ValueLabeller = Callable[[Iterable[str]], Mapping[str, Any]]
_VALUE_LABELLERS: dict[tuple[str, str], ValueLabeller] = {}


def label_detail_values(object_type: str, key: str, labeller: ValueLabeller) -> None:
    """Show the values of `key` in the entries of `object_type` ("subsidies.claimdocument") by
    their labels: `labeller` takes the codes found on one page of the log and returns {code:
    label} in the reader's language (one query at most for the whole page). A key inside a
    recorded dictionary (an export's filters) is named the same way."""
    _VALUE_LABELLERS[(object_type, key)] = labeller


def value_labeller(object_type: str, key: str) -> ValueLabeller | None:
    return _VALUE_LABELLERS.get((object_type, key))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def actor_roles(actor) -> list[str]:
    if actor is None:
        return ["system"]
    from accounts import roles

    names = sorted(roles.role_names(actor))
    if actor.is_superuser:
        names.append("superuser")
    return names


def record(actor, action: AuditAction | str, obj, **detail: Any) -> AuditEntry:
    """Append one audit entry: `actor` (a user, or None for the system) did `action` to `obj` (a
    model instance, or a `(object_type, object_id)` pair)."""
    action = AuditAction(action)  # an unknown code is a programming error
    forbidden = FORBIDDEN_KEYS & set(detail)
    if forbidden:
        raise ValueError(f"Personal data or free text in an audit entry: {sorted(forbidden)}")
    if isinstance(obj, models.Model):
        object_type, object_id = obj._meta.label_lower, obj.pk
    else:
        object_type, object_id = obj
    return AuditEntry.objects.create(
        actor=actor,
        actor_roles=actor_roles(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=_plain(detail),
        ip=_request_ip.get(),
    )


def _admin_change(message) -> Any:
    """The admin's change message (a list of {"changed": {"fields": [...]}}, {"added": ...}),
    kept short. Only used on configuration models (schemes, rules, budgets, rates)."""
    if isinstance(message, str):
        return message[:500]
    return _plain(message)[:20]


class AuditedAdminMixin:
    """For ModelAdmins of money configuration (schemes, rules, budgets, rates): each add, change
    and delete in the admin also writes an audit entry, in the admin's transaction."""

    def log_addition(self, request, obj, message):
        record(request.user, AuditAction.ADMIN_ADDED, obj, change=_admin_change(message))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record(request.user, AuditAction.ADMIN_CHANGED, obj, change=_admin_change(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record(request.user, AuditAction.ADMIN_DELETED, obj)
        return super().log_deletions(request, queryset)
