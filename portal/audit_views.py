"""The audit log page: HR bureau approvers (and superusers) read what staff did to money and
personal data.

Reviewers do not see it: the log is the record of their own work (identity numbers revealed,
documents opened, claims decided) and of their colleagues'; reading it is an oversight task, kept
to the approver who answers for the payments and to the administrators (least privilege; OWASP
ASVS 5.0 V16.4: logs protected from the people whose actions they record)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import roles

from .audit import value_labeller
from .forms import DateInput, parse_id
from .models import AuditAction, AuditEntry

PAGE_SIZE = 50

OBJECT_TYPES = [
    ("subsidies.claim", _("Claim")),
    ("subsidies.claimdocument", _("Claim document")),
    ("subsidies.exportjob", _("Claims export")),
    ("subsidies.paymentbatch", _("Payment batch")),
    ("subsidies.scheme", _("Scheme")),
    ("subsidies.schemebudget", _("Scheme budget")),
    ("mentorship.mentor", _("Mentor")),
    ("mentorship.mentorrelationship", _("Mentoring relationship")),
    ("mentorship.activityinvitation", _("Activity invitation")),
    ("mentorship.rateschedule", _("Mentor rate schedule")),
    ("incubators.projectcountreport", _("Project count report")),
    ("incubators.anomalyflag", _("Anomaly flag")),
    ("policies.policy", _("Policy")),
    ("accounts.user", _("User account")),
    ("bookings.booking", _("Booking")),
    ("bookings.allowance", _("Allowance")),
    ("bookings.allowancerule", _("Allowance rule")),
]
OBJECT_TYPE_NAMES = dict(OBJECT_TYPES)
# The names of the details the services record (portal.audit.record's keyword arguments)
DETAIL_LABELS = {
    "amount": _("Amount approved (RMB)"),
    "eligible": _("Eligible (RMB)"),
    "total": _("Total"),
    "claims": _("Claims"),
    "claim": _("Claim"),
    "documents": _("Documents"),
    "kind": _("Kind of document"),
    "format": _("Format"),
    "filters": _("Filters"),
    "user": _("User number"),
    "ended_on": _("Ended on"),
    "activity": _("Activity"),
    "mentor": _("Mentor"),
    "status": _("Decision"),
    "report": _("Report"),
    "change": _("Change"),
    "role": _("Role"),
    "scheme": _("Scheme"),
    "state": _("State"),
    "lang": _("Language"),
    "resource": _("Resource"),
    "start": _("From"),
    "end": _("To"),
    "units": _("Units"),
    "unit": _("Unit"),
    "quantity": _("Quantity"),
    "free_units": _("Free units"),
    "paid_units": _("Units at the reduced rate"),
    "free_units_returned": _("Free units returned to the allowance"),
    "room_allocated": _("Room allocated"),
    "nights": _("Nights confirmed"),
    "stay_complete": _("Every night of the stay confirmed"),
}


def _role_labels(codes: Iterable[str]) -> Mapping[str, Any]:
    return {code: roles.ROLE_NAMES[code] for code in codes if code in roles.ROLE_NAMES}


# the portal's own codes, whatever the entry's object
COMMON_LABELLERS = {
    "role": _role_labels,
    "lang": lambda codes: dict(settings.LANGUAGES),
    "format": lambda codes: {code: code.upper() for code in codes},
}


def can_read_audit_log(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or roles.has_role(user, roles.APPROVER)))


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor (email or user number)"), max_length=254, required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any action"))] + AuditAction.choices)
    object_type = forms.ChoiceField(
        label=_("Object type"), required=False, choices=[("", _("Any type"))] + OBJECT_TYPES
    )
    object_id = forms.IntegerField(label=_("Object number"), required=False, min_value=1)
    date_from = forms.DateField(label=_("From (date)"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To (date, included)"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, with their actor (one query with a join)."""
    qs = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    actor = actor.strip()
    if actor:
        actor_id = parse_id(actor)
        qs = qs.filter(Q(actor_id=actor_id) if actor_id is not None else Q(actor__email__iexact=actor))
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    zone = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=zone))
    if date_to and date_to < dt.date.max:  # up to the calendar's last day: no end (it overflowed)
        qs = qs.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone))
    return qs


def _roles_display(codes: list[str]) -> str:
    names = {**roles.ROLE_NAMES, "superuser": _("Administrator"), "system": _("System")}
    return ", ".join(str(names.get(code, code)) for code in codes)


def _labeller(object_type: str, key: str):
    return value_labeller(object_type, key) or COMMON_LABELLERS.get(key)


def _codes(object_type: str, detail: Mapping[str, Any], found: dict[str, set[str]]) -> None:
    for key, value in detail.items():
        if isinstance(value, dict):
            _codes(object_type, value, found)
        elif _labeller(object_type, key) is not None:
            values = value if isinstance(value, list) else [value]
            found[key].update(str(v) for v in values if v not in ("", None))


def value_labels(object_type: str, details: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """{key: {code: label}} for the codes of the entries of one object type on a page: each
    labeller is asked once, for all the page's codes of its key."""
    found: dict[str, set[str]] = defaultdict(set)
    for detail in details:
        _codes(object_type, detail, found)
    labels: dict[str, Mapping[str, Any]] = {}
    for key, codes in found.items():
        labeller = _labeller(object_type, key)
        if labeller is not None:
            labels[key] = labeller(sorted(codes))
    return labels


def _admin_change_display(change: Any) -> str:
    """The admin's change message as the admin's own history says it, in the reader's language
    ("Changed Ceiling per person.")."""
    if isinstance(change, str):
        return change
    return LogEntry(change_message=json.dumps(change)).get_change_message()


def _value_display(key: str, value: Any, labels: Mapping[str, Mapping[str, Any]]) -> str:
    if key == "change":
        return _admin_change_display(value)
    if isinstance(value, dict):
        return ", ".join(
            f"{DETAIL_LABELS.get(name, name)}: {_value_display(name, inner, labels)}"
            for name, inner in sorted(value.items())
        )
    if isinstance(value, list):
        return ", ".join(_value_display(key, item, labels) for item in value)
    if value in ("", None):
        return str(_("any"))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(labels.get(key, {}).get(str(value), value))


def _detail_display(detail: dict, labels: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """The details with their names and values in the reader's language: a choice's label, a
    document kind's name, "any" for a filter left empty (a key or a value no one named is shown
    as it is)."""
    labels = labels or {}
    return "; ".join(
        f"{DETAIL_LABELS.get(key, key)}: {_value_display(key, value, labels)}" for key, value in sorted(detail.items())
    )


def _page_labels(entries) -> dict[str, dict[str, Mapping[str, Any]]]:
    by_type: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        by_type[entry.object_type].append(entry.detail or {})
    return {object_type: value_labels(object_type, details) for object_type, details in by_type.items()}


@login_required
@require_safe
@never_cache
def audit_log(request):
    if not can_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = audit_entries(**{key: value for key, value in filters.items() if value not in (None, "")})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = _page_labels(page.object_list)
    rows = [
        {
            "entry": entry,
            "roles": _roles_display(entry.actor_roles),
            "object_type": OBJECT_TYPE_NAMES.get(entry.object_type, entry.object_type),
            "detail": _detail_display(entry.detail, labels[entry.object_type]),
        }
        for entry in page.object_list
    ]
    return render(request, "portal/audit_log.html", {"form": form, "page_obj": page, "rows": rows})
