"""The allocation rules of the events app, as plain functions of plain values (no ORM, no I/O).

- `priority_group`: first-timers to the programme first, then those without a no-show in the
  last 12 months, then everyone else (the Huizhou programme counts first visits).
- `draw`: a lottery session's places at the close of registration, at random within priority
  groups, seeded so that staff can run it again and show how it went. A party of two gets two
  seats or none.
- `offers`: who on the waiting list is offered the seats a cancellation freed, in queue order,
  skipping a party that does not fit.
- the registration window, the 48-hour offer, check-in's window and the reminders' moments.
- `eligibility`: whether a person may join a programme's session (its ages on the session's first
  day, residence, students or graduates), and why not; the age limits are the policies checker's
  own (policies.rules.age_miss), both inclusive.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from policies import rules as policy_rules

FIRST_TIMER, NO_RECENT_NO_SHOW, EVERYONE_ELSE = 0, 1, 2
NO_SHOW_MEMORY = timedelta(days=365)
OFFER_TIME = timedelta(hours=48)
OFFER_REMINDER_BEFORE = timedelta(hours=12)
SESSION_REMINDER_BEFORE = timedelta(days=2)
# Check-in opens three hours before the start (people gather at a border crossing early) and
# closes three hours after the end (a door list typed in late).
CHECK_IN_BEFORE = timedelta(hours=3)
CHECK_IN_AFTER = timedelta(hours=3)
MAX_PARTY = 2


def priority_group(*, first_timer: bool, last_no_show: datetime | None, now: datetime) -> int:
    """0 for a first-timer to the programme, 1 without a no-show in the last 12 months, else 2."""
    if first_timer:
        return FIRST_TIMER
    if last_no_show is None or now - last_no_show > NO_SHOW_MEMORY:
        return NO_RECENT_NO_SHOW
    return EVERYONE_ELSE


@dataclass(frozen=True)
class Candidate:
    id: int
    party_size: int
    group: int


@dataclass(frozen=True)
class DrawResult:
    """`order`: every candidate in the draw's order (group, then the seeded shuffle); `selected`:
    the ids given seats; `waitlist`: the others, in the order they will be offered freed seats."""

    order: tuple[Candidate, ...]
    selected: tuple[int, ...]
    waitlist: tuple[int, ...]

    @property
    def seats(self) -> int:
        chosen = set(self.selected)
        return sum(c.party_size for c in self.order if c.id in chosen)


def draw(candidates: Iterable[Candidate], *, capacity: int, seed: int) -> DrawResult:
    """The lottery: shuffle with `random.Random(seed)` (candidates first sorted by id, so the
    input's order does not matter), order by priority group (a stable sort keeps the shuffle
    inside each group), then give seats in that order. A party that does not fit in the seats
    left is passed over and waits; a smaller party behind it may still fit. Hence no seat goes to
    a lower group while a party of a higher group that fits waits."""
    if capacity < 0:
        raise ValueError("capacity must not be negative")
    pool = sorted(candidates, key=lambda c: c.id)
    for c in pool:
        if c.party_size not in (1, MAX_PARTY):
            raise ValueError(f"party of {c.party_size}")
    random.Random(seed).shuffle(pool)
    pool.sort(key=lambda c: c.group)
    left = capacity
    selected: list[int] = []
    waitlist: list[int] = []
    for c in pool:
        if c.party_size <= left:
            selected.append(c.id)
            left -= c.party_size
        else:
            waitlist.append(c.id)
    return DrawResult(order=tuple(pool), selected=tuple(selected), waitlist=tuple(waitlist))


def offers(waitlist: Sequence[tuple[int, int]], *, free_seats: int) -> list[int]:
    """The waiting list's (id, party size) pairs to offer `free_seats` to, in queue order: each
    party that fits in what is left gets an offer; a party of two waits while one seat is free."""
    chosen: list[int] = []
    left = free_seats
    for registration_id, party_size in waitlist:
        if left <= 0:
            break
        if party_size <= left:
            chosen.append(registration_id)
            left -= party_size
    return chosen


def registration_open(*, now: datetime, opens_at: datetime, closes_at: datetime) -> bool:
    return opens_at <= now < closes_at


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open ranges: a session ending at 12:00 does not overlap one starting at 12:00."""
    return a_start < b_end and b_start < a_end


def offer_expiry(offered_at: datetime) -> datetime:
    return offered_at + OFFER_TIME


def check_in_open(*, now: datetime, starts_at: datetime, ends_at: datetime) -> bool:
    return starts_at - CHECK_IN_BEFORE <= now <= ends_at + CHECK_IN_AFTER


def attendance_closes(ends_at: datetime) -> datetime:
    """When those not checked in become no-shows: once check-in has closed."""
    return ends_at + CHECK_IN_AFTER


def session_reminder_due(*, now: datetime, starts_at: datetime) -> bool:
    return now < starts_at <= now + SESSION_REMINDER_BEFORE


def offer_reminder_due(*, now: datetime, expires_at: datetime) -> bool:
    return now < expires_at <= now + OFFER_REMINDER_BEFORE


def rate(part: int, whole: int) -> float:
    """A share rounded to three decimals; 0.0 when there is nothing to divide."""
    return round(part / whole, 3) if whole else 0.0


# --- Who may join ---------------------------------------------------------------------------

# the reasons' codes (the API's `reasons`)
TOO_YOUNG, TOO_OLD = policy_rules.TOO_YOUNG, policy_rules.TOO_OLD
RESIDENCY, NOT_STUDENT, NOT_GRADUATE, PROFILE_INCOMPLETE = (
    "residency",
    "not_student",
    "not_graduate",
    "profile_incomplete",
)
# a programme's "who may join" (events.models.Residency) -> the residences it lets in
# (accounts.models.Residence)
RESIDENCES = {"hk_mo": ("hk", "mo"), "hk": ("hk",), "mo": ("mo",)}
# a programme's audience (events.models.Audience) -> the study status it needs ("anyone": none)
AUDIENCE_NEEDS = {"students": "student", "graduates": "graduate"}


@dataclass(frozen=True)
class Person:
    """What the portal knows of a person (their profile): blank or None where not given."""

    date_of_birth: date | None
    residence: str = ""  # "hk", "mo", "other"
    study_status: str = ""  # "student", "graduate"


@dataclass(frozen=True)
class Limits:
    """A programme's "who may join"."""

    min_age: int
    max_age: int
    residency: str  # "hk_mo", "hk", "mo"
    audience: str = "anyone"  # "anyone", "students", "graduates"


@dataclass(frozen=True)
class Eligibility:
    """`reasons`: (code, message) pairs of why not; `missing`: the profile's facts to give
    first ("date_of_birth", "residence", "study_status"), which decide nothing until given."""

    reasons: tuple[tuple[str, str], ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _message in self.reasons)

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(message for _code, message in self.reasons)


def eligibility(person: Person, limits: Limits, *, on: date) -> Eligibility:
    """May `person` join a session of a programme with `limits` that starts on the day `on`?

    Age is counted on the session's first day (`on`): someone turning 18 that day may join a
    programme for 18 to 45, and someone 45 that day too. A fact the limits need but the profile
    lacks is never guessed: the answer is PROFILE_INCOMPLETE, naming what to add, and no other
    reason is given on that point."""
    reasons: list[tuple[str, str]] = []
    missing: list[str] = []
    if person.date_of_birth is None:
        missing.append("date_of_birth")
    else:
        age = policy_rules.age_on(person.date_of_birth, on)
        miss = policy_rules.age_miss(age, min_age=limits.min_age, max_age=limits.max_age)
        if miss is not None:
            reasons.append(miss)
    if not person.residence:
        missing.append("residence")
    elif person.residence not in RESIDENCES.get(limits.residency, ()):
        reasons.append((RESIDENCY, _("This programme is only for %(who)s.") % {"who": _residency_label(limits)}))
    needs = AUDIENCE_NEEDS.get(limits.audience)
    if needs and not person.study_status:
        missing.append("study_status")
    elif needs == "student" and person.study_status != "student":
        reasons.append((NOT_STUDENT, _("This programme is only for students.")))
    elif needs == "graduate" and person.study_status != "graduate":
        reasons.append((NOT_GRADUATE, _("This programme is only for graduates.")))
    if missing:
        reasons.append(
            (
                PROFILE_INCOMPLETE,
                _("Complete your profile first: this programme needs your %(facts)s.")
                # Translators: the separator of a list ("A, B"); "、" in Chinese
                % {"facts": _(", ").join(_missing_label(name) for name in missing)},
            )
        )
    return Eligibility(reasons=tuple(reasons), missing=tuple(missing))


def _missing_label(name: str) -> str:
    labels = {
        "date_of_birth": _("date of birth"),
        "residence": _("residence"),
        "study_status": _("studies (student or graduate)"),
    }
    return labels[name]


def _residency_label(limits: Limits) -> str:
    labels = {
        "hk_mo": _("Hong Kong or Macau residents"),
        "hk": _("Hong Kong residents"),
        "mo": _("Macau residents"),
    }
    return labels.get(limits.residency, limits.residency)
