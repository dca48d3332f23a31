"""Every write of the bookings app: book, cancel, check in, approve and reject, release no-shows,
remind, and the partner hotel's confirmation of nights. Keyword-only arguments and an
`acting_user`; each use case is one transaction.

Capacity (portal/capacity.py): a pool locks its resource's row and counts each unit after the
lock; a single room is kept apart by the exclusion constraint `bookings_booking_room_no_overlap`
(the overlapping insert is refused by the database and answered as "full"). An allowance locks
its row before its ledger is read and written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import notify
from portal.audit import AuditAction, record
from portal.capacity import OVERLAP, locked
from portal.errors import CapacityFull, DomainError, InvalidInput, NotAllowed, NotFound, WrongState
from portal.workflow import NOTE_OPTIONAL, NOTE_REQUIRED, Transition, Workflow

from . import rules, selectors
from .models import (
    ACTIVE_STATES,
    Allowance,
    AllowanceEntry,
    AllowanceRule,
    Booking,
    BookingEvent,
    BookingState,
    EntryKind,
    NightConfirmation,
    NoShow,
    Resource,
    Unit,
)
from .selectors import BOOKER, PARTNER_HOTEL, STAFF, SYSTEM

S = BookingState

BOOKING_WORKFLOW = Workflow(
    "booking",
    [
        Transition("approve", (S.REQUESTED,), S.CONFIRMED, (STAFF,), label=_("Approve"), note=NOTE_OPTIONAL),
        Transition(
            "reject", (S.REQUESTED,), S.REJECTED, (STAFF,), label=_("Reject"), note=NOTE_REQUIRED, note_field="reason"
        ),
        Transition("cancel", (S.REQUESTED, S.CONFIRMED), S.CANCELLED, (BOOKER, STAFF), label=_("Cancel the booking")),
        Transition("check-in", (S.CONFIRMED,), S.CHECKED_IN, (BOOKER, STAFF, PARTNER_HOTEL), label=_("Check in")),
        Transition("release", (S.CONFIRMED,), S.RELEASED, (SYSTEM,), label=_("Release (no-show)")),
        Transition(
            "confirm-night", (S.CONFIRMED, S.CHECKED_IN), S.CHECKED_IN, (PARTNER_HOTEL,), label=_("Confirm the night")
        ),
    ],
    state_label=lambda state: BookingState(state).label,
)


def refuse(refusal: rules.Refusal, field: str | None = None) -> DomainError:
    """The portal's error for a rule's refusal: 409 with its reason (403 when not eligible)."""
    errors = {field: [refusal.message]} if field else None
    if refusal.reason in (rules.Reason.NOT_ELIGIBLE, rules.Reason.PAUSED):
        return NotAllowed(refusal.message, errors=errors, reason=refusal.reason)
    if refusal.reason == rules.Reason.PAST:
        return InvalidInput(refusal.message, errors=errors, reason="past")
    return CapacityFull(refusal.message, errors=errors, reason=refusal.reason)


def _event(booking: Booking, action: str, actor: User | None) -> None:
    BookingEvent.objects.create(booking=booking, action=action, state=booking.state, actor=actor)


def _audit(actor: User | None, action: AuditAction, booking: Booking, **detail: Any) -> None:
    """The audit entry of a decision on someone's booking, in its transaction: the resource, the
    booker's number, the period in the resource's time (hours; first and last day; arrival and
    departure for nights), units and quantity. Never the booker's note or a decision's reason
    (free text)."""
    resource = booking.resource
    tz = selectors.tz_of(resource)
    start, end = booking.start.astimezone(tz), booking.end.astimezone(tz)
    period: dict[str, str | date]
    if resource.unit == Unit.HOUR:
        period = {"start": f"{start:%Y-%m-%d %H:%M}", "end": f"{end:%Y-%m-%d %H:%M}"}
    elif resource.unit == Unit.DAY:
        period = {"start": start.date(), "end": (end - timedelta(microseconds=1)).date()}
    else:
        period = {"start": start.date(), "end": end.date()}
    record(
        actor,
        action,
        booking,
        resource=resource.pk,
        user=booking.user_id,
        **period,
        units=booking.units,
        unit=resource.unit,
        quantity=booking.quantity,
        **detail,
    )


def _allowance_for(user: User, rule: AllowanceRule, today: date) -> Allowance:
    """The person's current allowance of the rule, granted on first use (the rule's free units
    over its period), and locked."""
    current = Allowance.objects.filter(rule=rule, user=user, valid_from__lte=today, valid_to__gte=today).first()
    if current is None:
        Allowance.objects.get_or_create(
            rule=rule,
            user=user,
            valid_from=today,
            defaults={"granted": rule.granted, "valid_to": today + timedelta(days=rule.period_days - 1)},
        )
    return locked(Allowance.objects.all(), rule=rule, user=user, valid_from__lte=today, valid_to__gte=today)


def _spend(booking: Booking, resource: Resource, user: User, today: date) -> None:
    rule = AllowanceRule.objects.filter(code=resource.allowance_code).first()
    if rule is None:
        return
    allowance = _allowance_for(user, rule, today)
    used = selectors.allowance_used(allowance)
    beyond_used = sum(
        Booking.objects.filter(ledger__allowance=allowance, state__in=ACTIVE_STATES)
        .distinct()
        .values_list("paid_units", flat=True)
    )
    split = rules.split_allowance(
        left=allowance.granted - used,
        units=booking.units * booking.quantity,
        beyond_allowed=rule.beyond_percent is not None,
        beyond_max=rule.beyond_max_units,
        beyond_used=beyond_used,
    )
    if isinstance(split, rules.Refusal):
        raise refuse(split)
    booking.free_units, booking.paid_units = split.free, split.paid
    booking.save(update_fields=["free_units", "paid_units"])
    if split.free:
        AllowanceEntry.objects.create(allowance=allowance, booking=booking, kind=EntryKind.USE, units=split.free)


def _give_back(booking: Booking) -> int:
    """Return the free units of a booking that will not be used, once: how many went back."""
    given_back = 0
    for entry in booking.ledger.select_related("allowance").filter(kind=EntryKind.USE):
        locked(Allowance.objects.all(), pk=entry.allowance_id)
        returned = -sum(booking.ledger.filter(kind=EntryKind.RETURN).values_list("units", flat=True))
        remaining = entry.units - returned
        if remaining > 0:
            AllowanceEntry.objects.create(
                allowance=entry.allowance, booking=booking, kind=EntryKind.RETURN, units=-remaining
            )
            given_back += remaining
    return given_back


def _returned(units: int) -> dict[str, int]:
    """The free units a decision gave back to the booker's allowance, when it gave any."""
    return {"free_units_returned": units} if units else {}


def booking_create(
    *,
    resource_id: int,
    start: str,
    end: str,
    quantity: int = 1,
    acting_user: User,
    note: str = "",
    now: datetime | None = None,
) -> Booking:
    """Book `quantity` desks or rooms of the resource from `start` to `end` (exclusive). Refused,
    with the reason, when it is not eligible, paused, past, too far ahead, too long, closed, beyond
    the person's limit, full, or beyond the allowance."""
    now = now or timezone.now()
    resource = selectors.resource_by_id(resource_id)
    tz = selectors.tz_of(resource)
    unit_label = Unit(resource.unit).label
    refusal = rules.eligible(
        resource.eligibility,
        signed_in=acting_user.is_authenticated,
        verified_youth=selectors.verified_youth(acting_user),
        team_member=resource.members.filter(pk=acting_user.pk).exists(),
    )
    if refusal:
        raise refuse(refusal)
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise InvalidInput.on("quantity", _("Give a whole number.")) from None
    if quantity < 1:
        raise InvalidInput.on("quantity", _("Book at least one."))
    if resource.exclusive and quantity > 1:
        raise refuse(rules.Refusal(rules.Reason.FULL, _("This room can only be booked as one.")), "quantity")
    try:
        starts, ends = rules.parse_period(resource.unit, start, end, tz)
    except ValueError as error:
        field, message = error.args
        raise InvalidInput.on(field, message) from None

    with transaction.atomic():
        person: User = locked(User.objects.all(), pk=acting_user.pk)  # one decision at a time on a person's limits
        until = selectors.pause_end(person, now)
        if until:
            raise refuse(rules.pause_refusal(until, tz))
        refusal = rules.check_when(starts, now, resource.max_days_ahead, tz, resource.unit)
        if refusal:
            raise refuse(refusal, "start")
        wanted = rules.slots(resource.unit, starts, ends)
        refusal = rules.check_length(len(wanted), resource.max_units_per_booking, unit_label)
        if refusal:
            raise refuse(refusal, "end")
        span = selectors.resource_days(resource, starts.date(), (ends - timedelta(microseconds=1)).date())
        hours_of = {hours.day: hours for hours in span.days}
        for slot in wanted:
            reason = rules.closed_reason(
                resource.unit, slot, hours_of[slot.start.date()], resource.place.holiday_calendar
            )
            if reason:
                raise refuse(rules.Refusal(rules.Reason.CLOSED, reason), "start")
        refusal = rules.check_held(
            selectors.held_units(person, resource, now), len(wanted) * quantity, resource.max_units_held, unit_label
        )
        if refusal:
            raise refuse(refusal, "quantity")
        if not resource.exclusive:
            locked(Resource.objects.all(), pk=resource.pk)  # the pool: every unit counted after the lock
            taken = rules.taken_per_slot(wanted, selectors.booked_ranges(resource, starts, ends))
            full = rules.first_full(wanted, taken, resource.capacity, quantity)
            if full:
                raise refuse(rules.full_refusal(full, resource.capacity - taken[full.start], tz), "start")
        booking = Booking(
            resource=resource,
            user=person,
            period=DateTimeTZRange(starts, ends),
            units=len(wanted),
            quantity=quantity,
            exclusive=resource.exclusive,
            state=S.REQUESTED if resource.requires_approval else S.CONFIRMED,
            note=(note or "")[:2000],
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as error:
            if "bookings_booking_room_no_overlap" in str(error):
                raise CapacityFull(OVERLAP, errors={"start": [OVERLAP]}, reason=rules.Reason.FULL) from None
            raise
        if resource.allowance_code:
            _spend(booking, resource, person, now.astimezone(tz).date())
        _event(booking, "book", person)
    return booking


def _booking_for_update(booking_id: int) -> Booking:
    found = (
        Booking.objects.select_for_update(of=("self",)).select_related("resource__place", "user").filter(pk=booking_id)
    )
    booking = found.first()
    if booking is None:
        raise NotFound(_("There is no such booking."))
    return booking


def _visible(booking: Booking, roles: frozenset[str]) -> None:
    if not roles:
        raise NotFound(_("There is no such booking."))


def booking_cancel(*, booking_id: int, acting_user: User, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    with transaction.atomic():
        booking = _booking_for_update(booking_id)
        roles = selectors.booking_roles(acting_user, booking)
        _visible(booking, roles)
        BOOKING_WORKFLOW.check("cancel", booking.state, roles)
        if STAFF not in roles and not rules.may_cancel(booking.start, now, booking.resource.cancel_hours_before):
            raise WrongState(
                format_lazy(
                    _("Bookings can be cancelled up to {hours} hours before they start."),
                    hours=booking.resource.cancel_hours_before,
                ),
                reason="deadline",
            )
        booking.state = S.CANCELLED
        booking.save(update_fields=["state", "updated_at"])
        returned = _give_back(booking)
        _event(booking, "cancel", acting_user)
        if BOOKER not in roles:  # staff cancelling someone's booking; a booker's own is not audited
            _audit(acting_user, AuditAction.BOOKING_CANCELLED, booking, **_returned(returned))
    return booking


def booking_check_in(*, booking_id: int, acting_user: User, code: str = "", now: datetime | None = None) -> Booking:
    """The booker checks in with the code shown at the resource (its QR code); staff of the place
    check anyone in. Accepted from 30 minutes before the start until the end."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _booking_for_update(booking_id)
        roles = selectors.booking_roles(acting_user, booking)
        _visible(booking, roles)
        BOOKING_WORKFLOW.check("check-in", booking.state, roles)
        if STAFF not in roles and (code or "").strip().upper() != booking.code:
            raise InvalidInput.on("code", _("This is not the code of this booking."))
        if not rules.check_in_open(booking.start, booking.end, now):
            raise WrongState(_("Check-in opens 30 minutes before the start and closes at the end."), reason="not_now")
        booking.state = S.CHECKED_IN
        booking.checked_in_at = now
        booking.checked_in_by = acting_user
        booking.save(update_fields=["state", "checked_in_at", "checked_in_by", "updated_at"])
        _event(booking, "check-in", acting_user)
        if BOOKER not in roles:  # checked in by staff, without the code; a booker's own is not audited
            _audit(acting_user, AuditAction.BOOKING_CHECKED_IN, booking)
    return booking


def booking_decide(
    *, booking_id: int, action: str, acting_user: User, reason: str = "", allocation: str = ""
) -> Booking:
    """Staff approve a request (allocating the room, where there is one) or reject it with a
    reason (its free units go back to the allowance)."""
    if action not in ("approve", "reject"):
        raise InvalidInput(_("There is no such action."))
    with transaction.atomic():
        booking = _booking_for_update(booking_id)
        roles = selectors.booking_roles(acting_user, booking)
        _visible(booking, roles)
        transition = BOOKING_WORKFLOW.check(action, booking.state, roles, note=reason)
        booking.state = transition.target
        booking.decided_by = acting_user
        booking.decision_reason = (reason or "")[:2000]
        booking.allocation = (allocation or "")[:100]
        booking.save(update_fields=["state", "decided_by", "decision_reason", "allocation", "updated_at"])
        returned = _give_back(booking) if booking.state == S.REJECTED else 0
        _event(booking, action, acting_user)
        if booking.state == S.CONFIRMED:
            allowance = (
                {"free_units": booking.free_units, "paid_units": booking.paid_units}
                if booking.resource.allowance_code
                else {}
            )
            _audit(
                acting_user,
                AuditAction.BOOKING_APPROVED,
                booking,
                room_allocated=bool(booking.allocation),
                **allowance,
            )
        else:
            _audit(acting_user, AuditAction.BOOKING_REJECTED, booking, **_returned(returned))
        subject = (
            _("Your booking is approved")
            if booking.state == S.CONFIRMED
            else _("Your booking request was not approved")
        )
        notify(
            recipient=booking.user,
            key=f"bookings:decision:{booking.pk}",
            subject=subject,
            body=format_lazy(
                _("{resource}: {state}."), resource=booking.resource.name, state=booking.get_state_display()
            ),
            url=reverse("bookings:mine"),
        )
    return booking


def booking_act(*, booking_id: int, action: str, acting_user: User, data: Mapping[str, Any]) -> Booking:
    """The API's `POST /bookings/<id>/<action>/`."""
    if action == "cancel":
        return booking_cancel(booking_id=booking_id, acting_user=acting_user)
    if action == "check-in":
        return booking_check_in(booking_id=booking_id, acting_user=acting_user, code=str(data.get("code") or ""))
    if action in ("approve", "reject"):
        return booking_decide(
            booking_id=booking_id,
            action=action,
            acting_user=acting_user,
            reason=str(data.get("reason") or ""),
            allocation=str(data.get("allocation") or ""),
        )
    raise NotFound(_("There is no such action."))


def _check_in_deadline(booking: Booking) -> datetime:
    """When a no-show is released: 15 minutes after the start (for a day's desk, after the hour
    the resource opens that day)."""
    if booking.resource.unit == Unit.HOUR:
        return booking.start + rules.CHECK_IN_GRACE
    day = booking.start.astimezone(selectors.tz_of(booking.resource)).date()
    hours = selectors.resource_days(booking.resource, day, day).days[0]
    opens = booking.start
    if hours.opens_at:
        opens = datetime.combine(day, hours.opens_at, tzinfo=selectors.tz_of(booking.resource))
    return opens + rules.CHECK_IN_GRACE


def release_no_shows(*, now: datetime | None = None) -> int:
    """Release the room and desk bookings nobody checked into within 15 minutes of their start;
    each is a no-show of its booker. Idempotent: a released booking is not released again."""
    now = now or timezone.now()
    candidates = list(
        Booking.objects.filter(
            state=S.CONFIRMED,
            resource__check_in_required=True,
            resource__unit__in=[Unit.HOUR, Unit.DAY],
            period__startswith__lte=now,
        ).values_list("pk", flat=True)
    )
    released = 0
    for pk in candidates:
        with transaction.atomic():
            booking = _booking_for_update(pk)
            if booking.state != S.CONFIRMED or now < _check_in_deadline(booking):
                continue
            BOOKING_WORKFLOW.check("release", booking.state, {SYSTEM})
            booking.state = S.RELEASED
            booking.save(update_fields=["state", "updated_at"])
            NoShow.objects.get_or_create(booking=booking, defaults={"user": booking.user, "at": now})
            returned = _give_back(booking)
            _event(booking, "release", None)
            _audit(None, AuditAction.BOOKING_RELEASED, booking, **_returned(returned))
            notify(
                recipient=booking.user,
                key=f"bookings:no-show:{booking.pk}",
                subject=_("Your booking was released"),
                body=format_lazy(
                    _(
                        "Nobody checked in to {resource} within 15 minutes of the start. Three missed bookings in "
                        "90 days pause booking for 30 days."
                    ),
                    resource=booking.resource.name,
                ),
                url=reverse("bookings:mine"),
            )
            released += 1
    return released


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind each booker the day before, once (notify's key), in their language."""
    now = now or timezone.now()
    sent = 0
    rows = Booking.objects.filter(
        state=S.CONFIRMED, period__startswith__gt=now, period__startswith__lte=now + timedelta(days=1)
    ).select_related("resource__place", "user")
    for booking in rows:
        local = booking.start.astimezone(selectors.tz_of(booking.resource))
        if notify(
            recipient=booking.user,
            key=f"bookings:reminder:{booking.pk}",
            subject=_("Reminder: your booking tomorrow"),
            body=format_lazy(
                _("{resource}, {place}, from {when}. Your check-in code is {code}."),
                resource=booking.resource.name,
                place=booking.resource.place.name,
                when=local.strftime("%Y-%m-%d %H:%M"),
                code=booking.code,
            ),
            url=reverse("bookings:mine"),
        ):
            sent += 1
    return sent


def nights_confirm(*, code: str, acting_user: User, now: datetime | None = None) -> tuple[Booking, list[date]]:
    """The partner hotel confirms the nights of a stay used so far, with the booking's code. When
    every night is confirmed, the stay's ledger entries are closed."""
    now = now or timezone.now()
    found = selectors.booking_by_code(code or "")
    if found is None:
        raise InvalidInput.on("code", _("No booking has this code."))
    with transaction.atomic():
        booking = _booking_for_update(found.pk)
        roles = selectors.booking_roles(acting_user, booking)
        if PARTNER_HOTEL not in roles:
            raise InvalidInput.on("code", _("No booking has this code."))  # not theirs: not told it exists
        BOOKING_WORKFLOW.check("confirm-night", booking.state, roles)
        tz = selectors.tz_of(booking.resource)
        today = now.astimezone(tz).date()
        done = set(booking.nights.values_list("night", flat=True))
        nights = [night for night in selectors.stay_nights(booking, tz) if night <= today and night not in done]
        if not nights:
            raise WrongState(_("There is no night of this stay left to confirm today."), reason="nothing_to_confirm")
        NightConfirmation.objects.bulk_create(
            [NightConfirmation(booking=booking, night=night, confirmed_by=acting_user) for night in nights]
        )
        if booking.state != S.CHECKED_IN:
            booking.state = S.CHECKED_IN
            booking.checked_in_at = now
            booking.checked_in_by = acting_user
            booking.save(update_fields=["state", "checked_in_at", "checked_in_by", "updated_at"])
        complete = len(done) + len(nights) >= booking.units
        if complete:
            booking.ledger.filter(kind=EntryKind.USE, closed_at__isnull=True).update(closed_at=now)
        _event(booking, "confirm-night", acting_user)
        _audit(acting_user, AuditAction.BOOKING_NIGHTS_CONFIRMED, booking, nights=nights, stay_complete=complete)
    return booking, nights
