"""Every write of the events app: sessions created by staff and organisers; youth register,
cancel and accept offers; the draw at the close of a lottery session; offers of freed seats that
expire after 48 hours; check-in at the door; no-shows after the session; reminders.

Every use case that takes or frees a seat runs in `atomic(durable=True)` and locks the session's
row first (portal.capacity.locked), then counts the seats from the database: two requests for the
same session decide one after the other, so confirmed and offered seats never pass the capacity.
A person's overlapping confirmed sessions are refused by the service and, under a race, by the
database's exclusion constraint (answered as the same Conflict).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import YOUTH, has_role
from accounts.services import notify
from places.models import Place
from portal.audit import AuditAction, record
from portal.capacity import locked
from portal.errors import Conflict, InvalidInput, NotAllowed, NotFound, WrongState
from portal.workflow import Transition, Workflow

from . import rules, selectors
from .models import Allocation, Draw, Programme, Registration, RegistrationState, Session
from .selectors import PARTICIPANT, STAFF, SYSTEM

S = RegistrationState

REGISTRATION_WORKFLOW = Workflow(
    "event_registration",
    [
        Transition(
            "cancel",
            (S.REQUESTED, S.CONFIRMED, S.WAITLISTED, S.OFFERED),
            S.CANCELLED,
            (PARTICIPANT,),
            label=_("Cancel my registration"),
        ),
        Transition("accept-offer", (S.OFFERED,), S.CONFIRMED, (PARTICIPANT,), label=_("Accept the place")),
        Transition("check-in", (S.CONFIRMED,), S.ATTENDED, (STAFF,), label=_("Check in")),
        # the scheduled jobs' transitions (no person holds the system's role)
        Transition("draw-selected", (S.REQUESTED,), S.CONFIRMED, (SYSTEM, STAFF)),
        Transition("draw-waitlisted", (S.REQUESTED,), S.WAITLISTED, (SYSTEM, STAFF)),
        Transition("offer", (S.WAITLISTED,), S.OFFERED, (SYSTEM, PARTICIPANT, STAFF)),
        Transition("expire-offer", (S.OFFERED,), S.OFFER_EXPIRED, (SYSTEM,)),
        Transition("mark-no-show", (S.CONFIRMED,), S.NO_SHOW, (SYSTEM,)),
    ],
    state_label=lambda state: RegistrationState(state).label,
)
# The actions a person takes through the pages and the API.
PERSON_ACTIONS = ("cancel", "accept-offer", "check-in")

OVERLAP = _("You already hold a place in another session at this time.")


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _mine_url() -> str:
    return reverse("events:mine")


def _notify_state(registration: Registration, session: Session) -> None:
    """Tell the youth what happened to their registration and what comes next (once per state)."""
    messages = {
        S.CONFIRMED: (
            _("Your place is confirmed: {title}"),
            _(
                "You have a place in {title}. Show your check-in code at the door. If you cannot come, "
                "cancel so that someone on the waiting list gets the place."
            ),
        ),
        S.WAITLISTED: (
            _("You are on the waiting list: {title}"),
            _(
                "There is no place for you in {title} for now. If a place is freed, we will offer it "
                "to you and you will have 48 hours to accept it."
            ),
        ),
        S.REQUESTED: (
            _("Registration received: {title}"),
            _("Places in {title} are drawn when registration closes, first-timers first. We will tell you the result."),
        ),
        S.OFFERED: (
            _("A place is offered to you: {title}"),
            _(
                "A place in {title} was freed for you. Accept it in the portal within 48 hours, or it "
                "passes to the next person."
            ),
        ),
    }
    if registration.state not in messages:
        return
    subject, body = messages[S(registration.state)]
    notify(
        recipient=registration.user,
        key=f"events.{registration.pk}.{registration.state}.{registration.offered_at or ''}",
        subject=format_lazy(subject, title=session.title),
        body=format_lazy(body, title=session.title),
        url=_mine_url(),
    )


def _offer_free_seats(session: Session, now: datetime, *, skip: int | None = None) -> list[int]:
    """Offer the seats free in `session` (locked by the caller) to the waiting list, in queue
    order, parties kept whole (rules.offers). Returns the registrations chosen; `skip` is chosen
    but not offered (the caller confirms it)."""
    if session.ends_at <= now:
        return []
    free = session.capacity - selectors.seats_taken(session.pk)
    if free <= 0:
        return []
    waiting = list(
        Registration.objects.filter(session=session, state=S.WAITLISTED)
        .order_by("queue_position", "id")
        .values_list("pk", "party_size")
    )
    chosen = rules.offers(waiting, free_seats=free)
    offered = [skip] if skip is not None and skip in chosen else []
    to_offer = [pk for pk in chosen if pk != skip]
    for registration in Registration.objects.select_related("user").filter(pk__in=to_offer).order_by("pk"):
        REGISTRATION_WORKFLOW.check("offer", registration.state, {SYSTEM})
        registration.state = S.OFFERED
        registration.offered_at = now
        registration.offer_expires_at = rules.offer_expiry(now)
        registration.save(update_fields=["state", "offered_at", "offer_expires_at"])
        _notify_state(registration, session)
        offered.append(registration.pk)
    return offered


def _next_queue_position(session: Session) -> int:
    last = (
        Registration.objects.filter(session=session)
        .order_by("-queue_position")
        .values_list("queue_position", flat=True)
        .first()
    )
    return (last or 0) + 1


def _overlap_guard(fn: Any) -> Any:
    """The exclusion constraint refused a second overlapping confirmed session (two requests at
    once that the service's own check could not see): the same Conflict as the check's."""

    def wrapped(**kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except IntegrityError as error:
            if "events_no_overlapping_confirmed_sessions" in str(error):
                raise Conflict(OVERLAP, reason="overlap") from None
            if "events_one_registration_per_session" in str(error):
                raise Conflict(_("You have already registered for this session."), reason="exists") from None
            raise

    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


# --- sessions -------------------------------------------------------------------------------

SESSION_FIELDS = frozenset(
    {
        "programme",
        "title_zh_hant",
        "title_zh_hans",
        "title_en",
        "place",
        "meeting_point_zh_hant",
        "meeting_point_zh_hans",
        "meeting_point_en",
        "starts_at",
        "ends_at",
        "capacity",
        "allocation",
        "registration_opens_at",
        "registration_closes_at",
    }
)


def session_create(*, data: Mapping[str, Any], acting_user: User) -> Session:
    """Staff, or an organiser of the programme, add a session. `programme` and `place` are slugs;
    a session needs a place or a meeting point, a title in at least one language, an end after
    its start and a registration window that closes by the start."""
    unknown = sorted(set(data) - SESSION_FIELDS)
    if unknown:
        raise InvalidInput(
            format_lazy(_("These details cannot be given here: {fields}."), fields=", ".join(unknown)),
            errors={field: [_("This detail cannot be given here.")] for field in unknown},
        )
    programme = Programme.objects.filter(slug=data.get("programme") or "").first()
    if programme is None:
        raise InvalidInput.on("programme", _("There is no such programme."))
    if not selectors.can_manage_programme(acting_user, programme):
        raise NotAllowed(_("Only HR bureau staff and the programme's organisers can add sessions."))
    place = None
    if data.get("place"):
        place = Place.objects.filter(slug=data["place"]).first()
        if place is None:
            raise InvalidInput.on("place", _("There is no such place."))
    values = {k: v for k, v in data.items() if k not in ("programme", "place")}
    if not any(values.get(f"title_{suffix}") for suffix in ("zh_hant", "zh_hans", "en")):
        raise InvalidInput.on("title_zh_hant", _("Give the session a title."))
    if place is None and not any(values.get(f"meeting_point_{suffix}") for suffix in ("zh_hant", "zh_hans", "en")):
        raise InvalidInput.on("place", _("Give a place or a meeting point."))
    for field in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        if not isinstance(values.get(field), datetime):
            raise InvalidInput.on(field, _("Enter a date and time."))
    if values["ends_at"] <= values["starts_at"]:
        raise InvalidInput.on("ends_at", _("The end must be after the start."))
    if values["registration_closes_at"] <= values["registration_opens_at"]:
        raise InvalidInput.on("registration_closes_at", _("Registration must close after it opens."))
    if values["registration_closes_at"] > values["starts_at"]:
        raise InvalidInput.on("registration_closes_at", _("Registration must close by the start."))
    capacity = values.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= 10000:
        raise InvalidInput.on("capacity", _("Enter a whole number of places from 1 to 10,000."))
    if values.get("allocation", Allocation.FIRST_COME) not in Allocation.values:
        raise InvalidInput.on("allocation", _("Choose first come or lottery."))
    session = Session(programme=programme, place=place, **values)
    try:
        session.full_clean(exclude=["programme", "place"])
    except ValidationError as invalid:
        raise InvalidInput(
            _("Some details are not valid."),
            errors={field: [str(m) for m in messages] for field, messages in invalid.message_dict.items()},
        ) from None
    with transaction.atomic(durable=True):
        session.save()
    return session


# --- registration ---------------------------------------------------------------------------


@_overlap_guard
def registration_create(
    *, session_id: int, acting_user: User, party_size: int = 1, now: datetime | None = None
) -> Registration:
    """A youth registers for a session, for themselves or with one companion.

    1. Youth only; a party of 1 or 2; while registration is open.
    2. The session's row is locked; one registration per person and session (Conflict); the
       programme's "who may join" on the session's first day (NotAllowed, nothing written).
    3. A lottery session before its draw: `requested`. Otherwise (first come, or a lottery
       already drawn): `confirmed` if the party fits in the seats left, else `waitlisted` at the
       end of the queue. A confirmed place overlapping one the person holds is refused.
    """
    now = _now(now)
    if not has_role(acting_user, YOUTH):
        raise NotAllowed(_("Only youth accounts can register for sessions."))
    if isinstance(party_size, bool) or party_size not in (1, rules.MAX_PARTY):
        raise InvalidInput.on("party_size", _("Register for yourself (1) or with one companion (2)."))
    with transaction.atomic(durable=True):
        session = locked(Session.objects.select_related("programme"), pk=session_id)
        if not rules.registration_open(
            now=now, opens_at=session.registration_opens_at, closes_at=session.registration_closes_at
        ):
            raise WrongState(_("Registration for this session is not open."), reason="closed")
        if Registration.objects.filter(session=session, user=acting_user).exists():
            raise Conflict(_("You have already registered for this session."), reason="exists")
        _check_eligible(acting_user, session)
        registration = Registration(
            session=session,
            user=acting_user,
            party_size=party_size,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            queue_position=_next_queue_position(session),
            first_timer=selectors.first_timer(user_id=acting_user.pk, programme_id=session.programme_id),
        )
        if session.allocation == Allocation.LOTTERY and session.allocated_at is None:
            registration.state = S.REQUESTED
        else:
            overlapping = selectors.holds_overlapping(
                user_id=acting_user.pk, starts_at=session.starts_at, ends_at=session.ends_at, exclude_session=session.pk
            )
            if overlapping:
                raise Conflict(OVERLAP, reason="overlap")
            taken = selectors.seats_taken(session.pk)
            queue = Registration.objects.filter(session=session, state__in=(S.WAITLISTED, S.OFFERED)).exists()
            if not queue and taken + party_size <= session.capacity:
                registration.state = S.CONFIRMED
                registration.confirmed_at = now
            else:
                registration.state = S.WAITLISTED
        registration.save()
        if registration.state == S.WAITLISTED:
            # behind those already waiting: seats free now go to the queue in its order; the
            # seat reaching the newcomer is theirs at once (they are here to take it)
            if registration.pk in _offer_free_seats(session, now, skip=registration.pk):
                registration.state = S.CONFIRMED
                registration.confirmed_at = now
                registration.save(update_fields=["state", "confirmed_at"])
        _notify_state(registration, session)
    return registration


def _check_eligible(user: User, session: Session) -> None:
    """The programme's "who may join" (rules.eligibility): NotAllowed with why, `not_eligible`
    (or `profile_incomplete` when the profile lacks only what it needs), each reason's code in
    `reasons`, and the profile page's address while a fact is missing."""
    found = selectors.eligibility_of(user, session)
    if found.eligible:
        return
    extra: dict[str, Any] = {"reasons": list(found.codes)}
    if found.missing:
        extra["profile_url"] = reverse("profile")
    reason = "profile_incomplete" if found.codes == (rules.PROFILE_INCOMPLETE,) else "not_eligible"
    raise NotAllowed(" ".join(found.messages), reason=reason, extra=extra)


def _locked_registration(registration_id: int) -> tuple[Session, Registration]:
    """The session's row, then the registration's (always in this order: no deadlock)."""
    session_id = Registration.objects.filter(pk=registration_id).values_list("session_id", flat=True).first()
    if session_id is None:
        raise NotFound(_("There is no such registration."))
    session = locked(Session.objects.select_related("programme"), pk=session_id)
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration_id)
    registration.session = session
    return session, registration


def _check(action: str, registration: Registration, user: User, *, hidden: bool = True) -> None:
    roles = selectors.registration_roles(user, registration)
    if not roles and hidden:
        raise NotFound(_("There is no such registration."))
    REGISTRATION_WORKFLOW.check(action, registration.state, roles)


def registration_cancel(*, registration_id: int, acting_user: User, now: datetime | None = None) -> Registration:
    """The youth cancels; a seat they held is offered to the waiting list at once."""
    now = _now(now)
    with transaction.atomic(durable=True):
        session, registration = _locked_registration(registration_id)
        _check("cancel", registration, acting_user)
        held = registration.state in (S.CONFIRMED, S.OFFERED)
        registration.state = S.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["state", "cancelled_at"])
        if held:
            _offer_free_seats(session, now)
    return registration


@_overlap_guard
def registration_accept_offer(*, registration_id: int, acting_user: User, now: datetime | None = None) -> Registration:
    """The youth accepts an offered place before it expires (the seat was held for them)."""
    now = _now(now)
    with transaction.atomic(durable=True):
        session, registration = _locked_registration(registration_id)
        _check("accept-offer", registration, acting_user)
        if registration.offer_expires_at is not None and registration.offer_expires_at <= now:
            raise WrongState(_("This offer has expired."), reason="expired")
        if selectors.holds_overlapping(
            user_id=registration.user_id,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            exclude_session=session.pk,
        ):
            raise Conflict(OVERLAP, reason="overlap")
        registration.state = S.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["state", "confirmed_at"])
        _notify_state(registration, session)
    return registration


def registration_check_in(
    *, acting_user: User, registration_id: int | None = None, code: str | None = None, now: datetime | None = None
) -> Registration:
    """Staff or the programme's organisers check a confirmed participant in at the door, by the
    registration (a scanned QR code opens it) or by the typed code; on the day only."""
    now = _now(now)
    if not selectors.can_create_sessions(acting_user):
        raise NotAllowed(_("Only HR bureau staff and the programme's organisers can check people in."))
    if registration_id is None:
        if not (code or "").strip():
            raise InvalidInput.on("code", _("Enter the check-in code."))
        registration_id = selectors.registration_by_code(code or "").pk
    with transaction.atomic(durable=True):
        session, registration = _locked_registration(registration_id)
        roles = selectors.registration_roles(acting_user, registration)
        if STAFF not in roles:  # another programme's organiser: not theirs to know of
            raise NotFound(_("There is no such registration."))
        if registration.state == S.ATTENDED:
            raise WrongState(_("This person is already checked in."), reason="checked_in")
        REGISTRATION_WORKFLOW.check("check-in", registration.state, roles)
        if not rules.check_in_open(now=now, starts_at=session.starts_at, ends_at=session.ends_at):
            raise WrongState(_("Check-in is open on the day of the session only."), reason="not_today")
        registration.state = S.ATTENDED
        registration.checked_in_at = now
        registration.checked_in_by = acting_user
        registration.save(update_fields=["state", "checked_in_at", "checked_in_by"])
        record(acting_user, AuditAction.EVENT_CHECKED_IN, registration, session=session.pk)
    return registration


# --- the draw -------------------------------------------------------------------------------


def session_allocate(
    *, session_id: int, acting_user: User | None = None, now: datetime | None = None, seed: int | None = None
) -> Draw:
    """The lottery of a session: at the close of registration (the scheduled job, no
    `acting_user`), or now by staff.

    1. The session's row is locked; a lottery session not drawn yet (WrongState otherwise).
    2. Each requested registration's priority group (rules.priority_group); those already holding
       an overlapping confirmed session cannot be given a seat and wait last.
    3. rules.draw with the seed (a fresh random one unless given) gives the seats; the others
       wait in the draw's order. The seed and the order are kept in a `Draw` row.
    4. Everyone is told the result.
    """
    now = _now(now)
    with transaction.atomic(durable=True):
        session = locked(Session.objects.select_related("programme"), pk=session_id)
        if acting_user is not None and not selectors.can_manage_programme(acting_user, session.programme):
            raise NotAllowed(_("Only HR bureau staff and the programme's organisers can run the draw."))
        if session.allocation != Allocation.LOTTERY:
            raise WrongState(_("Places in this session are given first come, first served."), reason="not_lottery")
        if session.allocated_at is not None:
            raise WrongState(_("The draw of this session has already run."), reason="drawn")
        requested = list(
            Registration.objects.select_related("user").filter(session=session, state=S.REQUESTED).order_by("pk")
        )
        no_shows = selectors.last_no_shows([r.user_id for r in requested])
        candidates: list[rules.Candidate] = []
        blocked: list[Registration] = []
        for registration in requested:
            if selectors.holds_overlapping(
                user_id=registration.user_id,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                exclude_session=session.pk,
            ):
                blocked.append(registration)
                continue
            group = rules.priority_group(
                first_timer=registration.first_timer, last_no_show=no_shows.get(registration.user_id), now=now
            )
            registration.priority_group = group
            candidates.append(rules.Candidate(id=registration.pk, party_size=registration.party_size, group=group))
        seed = secrets.randbits(62) if seed is None else seed
        free = max(session.capacity - selectors.seats_taken(session.pk), 0)
        result = rules.draw(candidates, capacity=free, seed=seed)
        by_id = {r.pk: r for r in requested}
        selected = set(result.selected)
        queue = [*result.order, *(rules.Candidate(r.pk, r.party_size, -1) for r in blocked)]
        roles = {SYSTEM}
        for position, candidate in enumerate(queue, start=1):
            registration = by_id[candidate.id]
            if candidate.id in selected:
                REGISTRATION_WORKFLOW.check("draw-selected", registration.state, roles)
                registration.state = S.CONFIRMED
                registration.confirmed_at = now
            else:
                REGISTRATION_WORKFLOW.check("draw-waitlisted", registration.state, roles)
                registration.state = S.WAITLISTED
            registration.queue_position = position
            registration.save(update_fields=["state", "confirmed_at", "queue_position", "priority_group"])
            _notify_state(registration, session)
        session.allocated_at = now
        session.save(update_fields=["allocated_at"])
        draw = Draw.objects.create(
            session=session,
            seed=seed,
            ran_at=now,
            ran_by=acting_user,
            confirmed=result.seats,
            order=[[c.id, c.group, c.party_size, "confirmed" if c.id in selected else "waitlisted"] for c in queue],
        )
        record(acting_user, AuditAction.EVENT_DRAW_RUN, session, seed=seed, seats=result.seats, candidates=len(queue))
    return draw


# --- the scheduled jobs ---------------------------------------------------------------------


def sessions_allocate_due(*, now: datetime | None = None) -> int:
    """Draw every lottery session whose registration has closed (one transaction each)."""
    now = _now(now)
    done = 0
    for session_id in selectors.due_lottery_sessions(now):
        try:
            session_allocate(session_id=session_id, now=now)
        except WrongState:
            continue  # drawn meanwhile by staff
        done += 1
    return done


def offers_expire(*, now: datetime | None = None) -> int:
    """Offers not accepted within 48 hours expire and their seats pass to the next people."""
    now = _now(now)
    expired = 0
    for session_id in selectors.sessions_with_expired_offers(now):
        with transaction.atomic(durable=True):
            session = locked(Session.objects.all(), pk=session_id)
            for registration in Registration.objects.select_for_update().filter(
                session=session, state=S.OFFERED, offer_expires_at__lte=now
            ):
                REGISTRATION_WORKFLOW.check("expire-offer", registration.state, {SYSTEM})
                registration.state = S.OFFER_EXPIRED
                registration.save(update_fields=["state"])
                expired += 1
            _offer_free_seats(session, now)
    return expired


def attendance_close(*, now: datetime | None = None) -> int:
    """Once check-in has closed, those confirmed but not checked in are no-shows (which lowers
    their priority in the next draws for twelve months)."""
    now = _now(now)
    marked = 0
    for session_id in selectors.sessions_to_close_attendance(now):
        with transaction.atomic(durable=True):
            session = locked(Session.objects.all(), pk=session_id)
            if session.attendance_closed_at is not None:
                continue
            marked += Registration.objects.filter(session=session, state=S.CONFIRMED).update(state=S.NO_SHOW)
            session.attendance_closed_at = now
            session.save(update_fields=["attendance_closed_at"])
    return marked


def reminders_send(*, now: datetime | None = None) -> int:
    """Two days before a session, and twelve hours before an offer expires: once each (notify's
    key), in the person's language, in the portal and by email."""
    now = _now(now)
    sent = 0
    sessions, offers = selectors.reminders_due(now)
    with transaction.atomic(durable=True):
        for registration in sessions:
            local = timezone.localtime(registration.session.starts_at)
            if notify(
                recipient=registration.user,
                key=f"events.{registration.pk}.session-reminder",
                subject=format_lazy(_("Reminder: {title} starts soon"), title=registration.session.title),
                body=format_lazy(
                    _(
                        "{title} starts on {when}. Bring your check-in code. If you cannot come, cancel in the "
                        "portal so that someone else gets the place."
                    ),
                    title=registration.session.title,
                    when=local.strftime("%Y-%m-%d %H:%M"),
                ),
                url=_mine_url(),
            ):
                sent += 1
        for registration in offers:
            expires = timezone.localtime(registration.offer_expires_at)
            if notify(
                recipient=registration.user,
                key=f"events.{registration.pk}.offer-reminder.{registration.offered_at}",
                subject=format_lazy(_("Your offered place expires soon: {title}"), title=registration.session.title),
                body=format_lazy(
                    _("The place offered to you in {title} expires at {when}. Accept it in the portal before then."),
                    title=registration.session.title,
                    when=expires.strftime("%Y-%m-%d %H:%M"),
                ),
                url=_mine_url(),
            ):
                sent += 1
    return sent
