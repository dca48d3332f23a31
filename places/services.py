"""Every write of the places app: operators keep a place's details, staff confirm them, close
change reports and enter closures; anyone signed in reports a change; the reminder flags places
not confirmed for six months. Keyword-only arguments and an `acting_user`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import APPROVER, REVIEWER, is_bureau_staff, role_group
from accounts.services import notify
from policies.rules import normalise
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotAllowed, NotFound
from portal.models import Region
from portal.translation import LANGUAGE_SUFFIXES
from portal.workflow import NOTE_OPTIONAL, Transition, Workflow

from . import rules, selectors
from .models import ChangeReportStatus, Closure, Language, OpeningRule, Place, PlaceChangeReport

TRANSLATED_FIELDS = ("description", "address", "transport_notes", "border_crossing", "accessibility_notes")

# What a place's operators keep (staff too); the name, kind, operator organisation, region and
# calendar are kept by staff in the admin.
EDITABLE_FIELDS = frozenset(
    {
        *(f"{field}_{suffix}" for field in TRANSLATED_FIELDS for suffix in LANGUAGE_SUFFIXES),
        "contact_phone",
        "contact_email",
        "website",
        "latitude",
        "longitude",
        "border_distance_km",
        "languages",
    }
)

CHANGE_REPORT_WORKFLOW = Workflow(
    "place_change_report",
    [
        Transition(
            "close",
            (ChangeReportStatus.OPEN,),
            ChangeReportStatus.CLOSED,
            (selectors.STAFF,),
            label=_("Close the report"),
            note=NOTE_OPTIONAL,
            note_field="staff_note",
        )
    ],
    state_label=lambda state: ChangeReportStatus(state).label,
)

MESSAGE_MAX_LENGTH = 2000


def _place_for_update(slug: str) -> Place:
    place = Place.objects.select_for_update().filter(slug=slug).first()
    if place is None:
        raise NotFound(_("There is no such place."))
    return place


def _require_editor(user: User, place: Place) -> None:
    if not selectors.can_edit_place(user, place):
        raise NotAllowed(_("You can only change the places you operate."))


def _require_staff(user: User) -> None:
    if not is_bureau_staff(user):
        raise NotAllowed(_("Only HR bureau staff can do this."))


def search_text_of(place: Place) -> str:
    """Every translation of the name, address, description, organisation, region and services,
    normalised (Simplified, lower case)."""
    parts: list[str] = []
    for suffix in LANGUAGE_SUFFIXES:
        for field in ("name", "address", "description"):
            parts.append(getattr(place, f"{field}_{suffix}") or "")
        parts.append(getattr(place.organisation, f"name_{suffix}") or "")
        region: Region | None = place.region
        while region is not None:
            parts.append(getattr(region, f"name_{suffix}") or "")
            region = region.parent
        for place_service in place.place_services.all():
            parts.append(getattr(place_service.service, f"name_{suffix}") or "")
    return normalise(" ".join(part for part in parts if part))


def place_index(*, place_id: int) -> None:
    """Refresh a place's search text. Runs in the caller's transaction (the demo loader, the
    admin, the services below)."""
    place = Place.objects.select_related("organisation", "region__parent__parent").get(pk=place_id)
    Place.objects.filter(pk=place_id).update(search_text=search_text_of(place))


def _clean_languages(value: Any) -> str:
    codes = value if isinstance(value, list | tuple) else str(value or "").split(",")
    cleaned = [str(code).strip() for code in codes if str(code).strip()]
    unknown = [code for code in cleaned if code not in Language.values]
    if unknown:
        raise InvalidInput.on("languages", format_lazy(_("Unknown language code: {codes}."), codes=", ".join(unknown)))
    return ",".join(dict.fromkeys(cleaned))


def _clean_decimal(field: str, value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput.on(field, _("Enter a number.")) from None


def place_update(
    *,
    place_slug: str,
    data: Mapping[str, Any],
    acting_user: User,
    opening_rules: Sequence[rules.WeeklyRule] | None = None,
) -> Place:
    """A place's operators (or staff) change its practical details and, with `opening_rules`, its
    weekly hours (the rules given replace the old ones).

    1. Only the place's operators and staff; anyone else gets NotAllowed and nothing changes.
    2. Fields outside EDITABLE_FIELDS are refused (InvalidInput naming them).
    3. The place's row is locked: two saves of one place run one after the other.
    4. The model's own validation (lengths, coordinates both or neither, ranges) names the field.
    """
    unknown = sorted(set(data) - EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            format_lazy(_("These details cannot be changed here: {fields}."), fields=", ".join(unknown)),
            errors={field: [_("This detail cannot be changed here.")] for field in unknown},
        )
    with transaction.atomic(durable=True):
        place = _place_for_update(place_slug)
        _require_editor(acting_user, place)
        for field, value in data.items():
            if field == "languages":
                value = _clean_languages(value)
            elif field in ("latitude", "longitude", "border_distance_km"):
                value = _clean_decimal(field, value)
            elif value is None:
                value = ""
            setattr(place, field, value)
        for field, limit in (("latitude", 90), ("longitude", 180)):
            value = getattr(place, field)
            if value is not None and not -limit <= value <= limit:
                raise InvalidInput.on(
                    field, format_lazy(_("Enter a value between -{limit} and {limit} degrees."), limit=limit)
                )
        if (place.latitude is None) != (place.longitude is None):
            raise InvalidInput.on(
                "latitude" if place.latitude is None else "longitude", _("Give both the latitude and the longitude.")
            )
        try:
            place.full_clean(exclude=["operators", "base"])
        except ValidationError as invalid:
            raise InvalidInput(
                _("Some details are not valid."),
                errors={field: [str(m) for m in messages] for field, messages in invalid.message_dict.items()},
            ) from None
        place.save()
        if opening_rules is not None:
            place.opening_rules.all().delete()
            OpeningRule.objects.bulk_create(
                [
                    OpeningRule(
                        place=place,
                        byday=rule.byday,
                        opens_at=rule.opens_at,
                        closes_at=rule.closes_at,
                        valid_from=rule.valid_from,
                        valid_to=rule.valid_to,
                    )
                    for rule in opening_rules
                ]
            )
        place_index(place_id=place.pk)
    return place


def place_confirm(*, place_slug: str, acting_user: User, now: datetime | None = None) -> Place:
    """Staff confirm that a place's details are current (its `last_confirmed`)."""
    with transaction.atomic(durable=True):
        place = _place_for_update(place_slug)
        _require_staff(acting_user)
        place.last_confirmed_at = now or timezone.now()
        place.last_confirmed_by = acting_user
        place.save(update_fields=["last_confirmed_at", "last_confirmed_by", "updated_at"])
        record(acting_user, AuditAction.PLACE_CONFIRMED, place)
    return place


def closure_add(*, place_slug: str, starts_on: date, ends_on: date, reason: str, acting_user: User) -> Closure:
    """Staff close a place for whole days (renovation, an event, a typhoon)."""
    reason = (reason or "").strip()
    if ends_on < starts_on:
        raise InvalidInput.on("ends_on", _("The last day closed cannot be before the first."))
    if not reason:
        raise InvalidInput.on("reason", _("Say why the place is closed."))
    with transaction.atomic(durable=True):
        place = _place_for_update(place_slug)
        _require_staff(acting_user)
        return Closure.objects.create(
            place=place, starts_on=starts_on, ends_on=ends_on, reason=reason[:200], created_by=acting_user
        )


def _bureau_staff() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__in=[role_group(REVIEWER), role_group(APPROVER)])
        .distinct()
        .order_by("pk")
    )


def change_report_submit(*, place_slug: str, message: str, acting_user: User) -> PlaceChangeReport:
    """Someone signed in tells staff that a place's details have changed. Staff are notified."""
    if not acting_user.is_authenticated:
        raise NotAllowed(_("Sign in to report a change."))
    message = (message or "").strip()
    if not message:
        raise InvalidInput.on("message", _("Say what has changed."))
    if len(message) > MESSAGE_MAX_LENGTH:
        raise InvalidInput.on(
            "message", format_lazy(_("Write at most {count} characters."), count=f"{MESSAGE_MAX_LENGTH:,}")
        )
    with transaction.atomic(durable=True):
        place = Place.objects.filter(slug=place_slug).first()
        if place is None:
            raise NotFound(_("There is no such place."))
        report = PlaceChangeReport.objects.create(place=place, message=message, reported_by=acting_user)
        url = reverse("places:staff")
        # In the transaction: notify() is idempotent per key and sends its email on commit.
        for member in _bureau_staff():
            notify(
                recipient=member,
                key=f"places:change-reported:{report.pk}",
                subject=format_lazy(_("Change reported: {place}"), place=place.name),
                body=_("Someone reported that this place's details have changed. Read the report and close it."),
                url=url,
            )
    return report


def change_report_close(*, report_id: int, staff_note: str = "", acting_user: User) -> PlaceChangeReport:
    """Staff close a change report (having fixed the place, or found nothing to fix). Audited."""
    with transaction.atomic(durable=True):
        report = PlaceChangeReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise NotFound(_("There is no such report."))
        roles = {selectors.STAFF} if is_bureau_staff(acting_user) else set()
        transition = CHANGE_REPORT_WORKFLOW.check("close", report.status, roles, note=staff_note)
        report.status = transition.target
        report.staff_note = (staff_note or "").strip()
        report.closed_by = acting_user
        report.closed_at = timezone.now()
        report.save(update_fields=["status", "staff_note", "closed_by", "closed_at"])
        record(acting_user, AuditAction.PLACE_REPORT_CLOSED, report, place=report.place_id)
    return report


def places_flag_unconfirmed(*, today: date | None = None) -> int:
    """Tell staff of every place whose details were not confirmed for six months. `notify` keys
    each (place, due date): a second run, or the task delivered twice, sends nothing new; once
    staff confirm the place, its next period has a new key. Returns the notifications sent."""
    today = today or timezone.localdate()
    due = selectors.places_due_for_confirmation(today)
    if not due:
        return 0
    staff = _bureau_staff()
    sent = 0
    for item in due:
        url = reverse("places:edit", args=[item.place.slug])
        for member in staff:
            if notify(
                recipient=member,
                key=f"places:confirmation-due:{item.place.pk}:{item.due_on.isoformat()}",
                subject=format_lazy(_("Place details to confirm: {place}"), place=item.place.name),
                body=format_lazy(
                    _("The details of {place} have not been confirmed since {since}. Check them and confirm them."),
                    place=item.place.name,
                    since=rules.add_months(item.due_on, -rules.CONFIRMATION_MONTHS).isoformat(),
                ),
                url=url,
            ):
                sent += 1
    return sent
