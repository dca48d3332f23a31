"""Reads that pages, the API and the services share (no writes: a suite-wide guard fails one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import ORGANISER, has_role, is_bureau_staff
from portal.errors import NotFound

from . import rules
from .models import HOLDING_STATES, SEAT_STATES, Draw, Programme, Registration, RegistrationState, Session

CONFIRMED_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED, RegistrationState.NO_SHOW)

# The relations the registration workflow knows (events.services.REGISTRATION_WORKFLOW).
PARTICIPANT = "participant"
STAFF = "staff"  # HR bureau staff, or an organiser of the session's programme
SYSTEM = "system"  # the scheduled jobs


def _seats(states: tuple[str, ...]) -> Coalesce:
    return Coalesce(
        Sum("registrations__party_size", filter=Q(registrations__state__in=states)),
        Value(0),
        output_field=IntegerField(),
    )


def eligibility_of(user: User, session: Session) -> rules.Eligibility:
    """Whether `user` may join `session` by its programme's "who may join", on the session's
    first day (Hong Kong time: the portal's time zone)."""
    programme = session.programme
    return rules.eligibility(
        rules.Person(date_of_birth=user.date_of_birth, residence=user.residence, study_status=user.study_status),
        rules.Limits(
            min_age=programme.min_age,
            max_age=programme.max_age,
            residency=programme.residency,
            audience=programme.audience,
        ),
        on=timezone.localtime(session.starts_at).date(),
    )


def can_manage_programme(user: User | AnonymousUser, programme: Programme) -> bool:
    """HR bureau staff, and the programme's organisers (with the organiser role)."""
    if is_bureau_staff(user):
        return True
    if not has_role(user, ORGANISER):
        return False
    return programme.organisers.filter(pk=user.pk).exists()


def can_create_sessions(user: User | AnonymousUser) -> bool:
    return is_bureau_staff(user) or has_role(user, ORGANISER)


def registration_roles(user: User | AnonymousUser, registration: Registration) -> frozenset[str]:
    roles = set()
    if user.is_authenticated and registration.user_id == user.pk:
        roles.add(PARTICIPANT)
    if can_manage_programme(user, registration.session.programme):
        roles.add(STAFF)
    return frozenset(roles)


def programme_list() -> QuerySet[Programme]:
    """Every programme with its number of sessions (one query)."""
    return Programme.objects.select_related("organisation").annotate(sessions_count=Count("sessions"))


def programme_by_slug(slug: str) -> Programme:
    programme = programme_list().filter(slug=slug).first()
    if programme is None:
        raise NotFound(_("There is no such programme."))
    return programme


@dataclass(frozen=True)
class ProgrammeStats:
    sessions_held: int
    participants: int
    first_timers: int
    no_show_rate: float
    fill_rate: float


def programme_stats(programme: Programme, *, now: datetime) -> ProgrammeStats:
    """Sessions held (ended), participants (people checked in, companions included), of them
    first-timers to the programme, the share of confirmed seats not taken up (no-shows), and the
    share of the held sessions' capacity that was taken."""
    held = Session.objects.filter(programme=programme, ends_at__lte=now)
    sessions = held.aggregate(count=Count("id"), capacity=Coalesce(Sum("capacity"), 0))
    seats = Registration.objects.filter(session__in=held).aggregate(
        attended=Coalesce(Sum("party_size", filter=Q(state=RegistrationState.ATTENDED)), 0),
        first=Coalesce(Sum("party_size", filter=Q(state=RegistrationState.ATTENDED, first_timer=True)), 0),
        no_show=Coalesce(Sum("party_size", filter=Q(state=RegistrationState.NO_SHOW)), 0),
    )
    attended, no_show = seats["attended"], seats["no_show"]
    return ProgrammeStats(
        sessions_held=sessions["count"],
        participants=attended,
        first_timers=seats["first"],
        no_show_rate=rules.rate(no_show, attended + no_show),
        fill_rate=rules.rate(attended + no_show, sessions["capacity"]),
    )


@dataclass(frozen=True)
class SessionFilters:
    programme: str = ""
    place: str = ""
    upcoming: bool = False


def session_list(filters: SessionFilters | None = None, *, now: datetime | None = None) -> QuerySet[Session]:
    """Sessions with their seats: `confirmed` (confirmed, then attended or no-show), `offered`
    (held 48 hours for someone on the waiting list), `waitlisted` and `requested` (before a
    draw), in start order (one query)."""
    filters = filters or SessionFilters()
    sessions = Session.objects.select_related("programme", "place").annotate(
        confirmed=_seats(CONFIRMED_STATES),
        offered=_seats((RegistrationState.OFFERED,)),
        waitlisted=_seats((RegistrationState.WAITLISTED,)),
        requested=_seats((RegistrationState.REQUESTED,)),
    )
    if filters.programme:
        sessions = sessions.filter(programme__slug=filters.programme)
    if filters.place:
        sessions = sessions.filter(place__slug=filters.place)
    if filters.upcoming and now is not None:
        sessions = sessions.filter(ends_at__gt=now)
    return sessions.order_by("starts_at", "id")


def session_by_id(session_id: int) -> Session:
    session = session_list().filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("There is no such session."))
    return session


def seats_taken(session_id: int) -> int:
    """Seats held in the session, counted from the database (call after locking the session)."""
    total = Registration.objects.filter(session_id=session_id, state__in=SEAT_STATES).aggregate(
        seats=Coalesce(Sum("party_size"), 0)
    )["seats"]
    return int(total)


def holds_overlapping(*, user_id: int, starts_at: datetime, ends_at: datetime, exclude_session: int) -> bool:
    return (
        Registration.objects.filter(
            user_id=user_id, state__in=HOLDING_STATES, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .exclude(session_id=exclude_session)
        .exists()
    )


def first_timer(*, user_id: int, programme_id: int) -> bool:
    return not Registration.objects.filter(
        user_id=user_id, session__programme_id=programme_id, state=RegistrationState.ATTENDED
    ).exists()


def last_no_shows(user_ids: list[int]) -> dict[int, datetime]:
    """Each person's latest no-show (any programme): when that session ended."""
    rows = (
        Registration.objects.filter(user_id__in=user_ids, state=RegistrationState.NO_SHOW)
        .values("user_id")
        .annotate(last=Max("ends_at"))
    )
    return {row["user_id"]: row["last"] for row in rows}


def _registrations() -> QuerySet[Registration]:
    return Registration.objects.select_related("session__programme", "session__place", "user")


def registration_list_for(user: User | AnonymousUser) -> QuerySet[Registration]:
    """A youth's own registrations; staff see all, an organiser those of their programmes."""
    registrations = _registrations().order_by("-session__starts_at", "-id")
    if is_bureau_staff(user):
        return registrations
    if not user.is_authenticated:
        return registrations.none()
    mine = Q(user_id=user.pk)
    if has_role(user, ORGANISER):
        mine |= Q(session__programme__organisers=user)
    return registrations.filter(mine).distinct()


def registration_for(user: User | AnonymousUser, registration_id: int) -> Registration:
    """One registration the person may see (NotFound otherwise: others' registrations do not
    exist for them)."""
    registration = registration_list_for(user).filter(pk=registration_id).first()
    if registration is None:
        raise NotFound(_("There is no such registration."))
    return registration


def registration_of(user: User | AnonymousUser, session_id: int) -> Registration | None:
    if not user.is_authenticated:
        return None
    return _registrations().filter(user_id=user.pk, session_id=session_id).first()


def check_in_list(session_id: int) -> QuerySet[Registration]:
    """The door list: who holds a seat, checked in or not."""
    return (
        _registrations()
        .filter(session_id=session_id, state__in=(RegistrationState.CONFIRMED, RegistrationState.ATTENDED))
        .order_by("user__email")
    )


def registration_by_code(code: str) -> Registration:
    registration = _registrations().filter(code=code.strip().upper()).first()
    if registration is None:
        raise NotFound(_("There is no registration with this code."))
    return registration


def due_lottery_sessions(now: datetime) -> list[int]:
    return list(
        Session.objects.filter(
            allocation="lottery", allocated_at__isnull=True, registration_closes_at__lte=now
        ).values_list("pk", flat=True)
    )


def sessions_with_expired_offers(now: datetime) -> list[int]:
    return list(
        Registration.objects.filter(state=RegistrationState.OFFERED, offer_expires_at__lte=now)
        .values_list("session_id", flat=True)
        .distinct()
    )


def sessions_to_close_attendance(now: datetime) -> list[int]:
    return list(
        Session.objects.filter(attendance_closed_at__isnull=True, ends_at__lte=now - rules.CHECK_IN_AFTER).values_list(
            "pk", flat=True
        )
    )


def reminders_due(now: datetime) -> tuple[QuerySet[Registration], QuerySet[Registration]]:
    """Confirmed registrations whose session starts within two days, and offers that expire
    within twelve hours (notify's key sends each once)."""
    sessions = _registrations().filter(
        state=RegistrationState.CONFIRMED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + rules.SESSION_REMINDER_BEFORE,
    )
    offers = _registrations().filter(
        state=RegistrationState.OFFERED,
        offer_expires_at__gt=now,
        offer_expires_at__lte=now + rules.OFFER_REMINDER_BEFORE,
    )
    return sessions, offers


def waiting_positions(registration_ids: list[int]) -> dict[int, int]:
    """Each waitlisted registration's place in its session's queue (1 = next), one query."""
    if not registration_ids:
        return {}
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    rows = (
        Registration.objects.filter(session__registrations__pk__in=registration_ids)
        .distinct()
        .values_list("session_id", flat=True)
    )
    ranked = (
        Registration.objects.filter(session_id__in=rows, state=RegistrationState.WAITLISTED)
        .annotate(position=Window(RowNumber(), partition_by=[F("session_id")], order_by=[F("queue_position"), F("id")]))
        .values_list("pk", "position")
    )
    return {pk: position for pk, position in ranked if pk in registration_ids}


def draw_of(session_id: int) -> Draw | None:
    return Draw.objects.filter(session_id=session_id).select_related("ran_by").first()
