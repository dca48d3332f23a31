"""City integration (城市融入): exchange trips, study tours, activities, talks, courses.

A `Programme` ("10,000 youths to Huizhou", 万名青年到惠州) runs `Session`s (its batches, or a
course's dates) at a place of the places app or a meeting point. A youth's `Registration` for a
session holds a party of one or two (who get places together or not at all); its state follows
the table in events/services.py. A lottery session's `Draw` keeps the seed and the order it
produced, so staff can show how places were decided.

Invariants kept by the database:
- one registration per person per session (unique);
- a person holds no two confirmed sessions that overlap in time (an exclusion constraint on the
  session's times copied onto the registration);
- confirmed seats never pass the capacity: every write that takes a seat locks the session row
  first and counts after the lock (portal.capacity), proven by a race test.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


class ProgrammeKind(models.TextChoices):
    EXCHANGE_TRIP = "exchange_trip", _("Exchange trip")
    ACTIVITY = "activity", _("Activity")
    COURSE = "course", _("Course")
    TALK = "talk", _("Talk")
    COMPETITION = "competition", _("Competition")


class Residency(models.TextChoices):
    HONG_KONG_OR_MACAU = "hk_mo", _("Hong Kong or Macau residents")
    HONG_KONG = "hk", _("Hong Kong residents")
    MACAU = "mo", _("Macau residents")


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Students and graduates")
    STUDENTS = "students", _("Students")
    GRADUATES = "graduates", _("Graduates")


class Allocation(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served")
    LOTTERY = "lottery", _("Lottery when registration closes")


class Programme(models.Model):
    """A programme of city-integration events, run by an organisation with its organisers."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    organisation = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("organised by"),
        related_name="programmes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organisers"), related_name="organised_programmes", blank=True
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), default=45)
    residency = models.CharField(
        _("who may join"), max_length=10, choices=Residency.choices, default=Residency.HONG_KONG_OR_MACAU
    )
    audience = models.CharField(
        _("students or graduates"), max_length=10, choices=Audience.choices, default=Audience.ANYONE
    )

    objects: ClassVar[MultilingualManager[Programme]]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["slug"]
        constraints = [models.CheckConstraint(condition=Q(min_age__lte=F("max_age")), name="events_programme_ages")]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One batch of a programme (or one date of a course): when, where, how many, and how the
    places are decided."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), related_name="sessions", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        related_name="event_sessions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    meeting_point = models.CharField(_("meeting point"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    allocation = models.CharField(
        _("allocation"), max_length=12, choices=Allocation.choices, default=Allocation.FIRST_COME
    )
    allocated_at = models.DateTimeField(_("places allocated at"), null=True, blank=True)
    attendance_closed_at = models.DateTimeField(_("attendance closed at"), null=True, blank=True)

    objects: ClassVar[MultilingualManager[Session]]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="events_session_times"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")), name="events_session_window"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="events_session_capacity"),
        ]
        indexes = [models.Index(fields=["programme", "starts_at"], name="events_session_prog_idx")]

    def __str__(self) -> str:
        return self.title


class RegistrationState(models.TextChoices):
    REQUESTED = "requested", _("Requested (waiting for the draw)")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    CANCELLED = "cancelled", _("Cancelled")
    OFFER_EXPIRED = "offer_expired", _("Offer expired")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not attend")


# The states that hold seats of the session's capacity (an offered seat is held for 48 hours).
SEAT_STATES = (
    RegistrationState.CONFIRMED,
    RegistrationState.OFFERED,
    RegistrationState.ATTENDED,
    RegistrationState.NO_SHOW,
)
# The states in which a person holds the session's time (the overlap constraint).
HOLDING_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED)


def new_code() -> str:
    """A check-in code: 8 characters without look-alikes (0/O, 1/I/L), typed at the door if the QR
    code cannot be scanned."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()


class Registration(models.Model):
    """A youth's registration for a session, for themselves and at most one companion."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), related_name="registrations", on_delete=models.PROTECT
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        related_name="event_registrations",
        on_delete=models.PROTECT,
    )
    party_size = models.PositiveSmallIntegerField(_("party size"), default=1)
    state = models.CharField(_("state"), max_length=16, choices=RegistrationState.choices)
    code = models.CharField(_("check-in code"), max_length=8, unique=True, default=new_code)
    # copied from the session, for the overlap constraint (a session's times do not change once
    # people hold places)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # the waiting list's order: registration order, or the draw's order for a lottery
    queue_position = models.PositiveIntegerField(_("place in the queue"), null=True, blank=True)
    priority_group = models.PositiveSmallIntegerField(_("priority group"), null=True, blank=True)
    # no earlier attended session of the programme when registering (the Huizhou programme's
    # "first visit"): the lottery's first priority and a figure of the programme
    first_timer = models.BooleanField(_("first time in the programme"), default=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "queue_position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="events_one_registration_per_session"),
            models.CheckConstraint(condition=Q(party_size__in=(1, 2)), name="events_party_of_one_or_two"),
            models.CheckConstraint(
                condition=~Q(state=RegistrationState.OFFERED) | Q(offer_expires_at__isnull=False),
                name="events_offer_has_expiry",
            ),
            ExclusionConstraint(
                name="events_no_overlapping_confirmed_sessions",
                expressions=[
                    ("user", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=Q(state__in=HOLDING_STATES),
            ),
        ]
        indexes = [models.Index(fields=["session", "state"], name="events_reg_session_state_idx")]

    def __str__(self) -> str:
        return f"{self.session} / {self.user_id} ({self.state})"


class Draw(models.Model):
    """How a lottery session's places were decided: the seed, and each candidate's priority group
    and place in the draw's order (a list of [registration id, group, party size, result])."""

    session = models.OneToOneField(Session, verbose_name=_("session"), related_name="draw", on_delete=models.PROTECT)
    seed = models.BigIntegerField(_("seed"))
    ran_at = models.DateTimeField(_("ran at"))
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    order = models.JSONField(_("order"), default=list)
    confirmed = models.PositiveIntegerField(_("seats confirmed"), default=0)

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self) -> str:
        return f"{self.session} / {self.seed}"
