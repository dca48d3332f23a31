"""Reads shared by the pages, the API, the tasks and the subsidies app. Selectors only read: the
entitlements they return are the stored ones (written by `services.entitlement_recompute` after
each change and nightly), said to be "being recomputed" when a change is newer than them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NotRequired, TypedDict

from django.db.models import Case, Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_bureau_staff
from portal.lookups import any_of
from portal.timeline import TimelineEntry

from . import rules
from .models import (
    ActivityInvitation,
    Mentee,
    Mentor,
    MentorEntitlement,
    MentorRelationship,
    MentorshipEvent,
    RateSchedule,
    RelationshipEntitlement,
    Service,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

ZERO = Decimal("0.00")


def today() -> dt.date:
    return timezone.localdate()


def mentor_for_user(user: User | AnonymousUser) -> Mentor | None:
    """The user's mentor profile (any status), or None."""
    if not user.is_authenticated:
        return None
    return Mentor.objects.filter(user_id=user.pk).first()


def mentee_for_user(user: User | AnonymousUser) -> Mentee | None:
    if not user.is_authenticated:
        return None
    return Mentee.objects.filter(user_id=user.pk).first()


def active_on(day: dt.date) -> Q:
    """Relationships active on `day` (ended ones count up to the day they were ended)."""
    return Q(start_date__lte=day) & (Q(ended_on__isnull=True, end_date__gte=day) | Q(ended_on__gte=day))


def approved_mentors_with_free_places(*, day: dt.date | None = None) -> QuerySet[Mentor]:
    """Approved mentors, each annotated with `active_count` and `free_places` on `day`."""
    return with_free_places(Mentor.objects.filter(status=Mentor.Status.APPROVED), day=day)


def with_free_places(queryset: QuerySet[Mentor], *, day: dt.date | None = None) -> QuerySet[Mentor]:
    day = day or today()
    return (
        queryset.annotate(
            active_count=Count(
                "relationships",
                filter=Q(relationships__start_date__lte=day)
                & (
                    Q(relationships__ended_on__isnull=True, relationships__end_date__gte=day)
                    | Q(relationships__ended_on__gte=day)
                ),
            )
        )
        .annotate(free_places=Greatest(Value(rules.MAX_ACTIVE_MENTEES) - F("active_count"), Value(0)))
        .order_by("display_name", "pk")
    )


def relationships_visible_to(user: User | AnonymousUser) -> QuerySet[MentorRelationship]:
    qs = MentorRelationship.objects.select_related("mentor", "mentee__user").order_by("-start_date", "pk")
    if is_bureau_staff(user):
        return qs
    return qs.filter(Q(mentor__user_id=user.pk) | Q(mentee__user_id=user.pk))


def services_of_relationship(relationship: MentorRelationship) -> QuerySet[Service]:
    return relationship.services.order_by("-date", "-pk")


def rate_schedules() -> list[rules.Rates]:
    """The programme's rates and caps, every schedule (the launch figures come from the data
    migration 0002; staff add later ones in the admin)."""
    fields = [f.name for f in rules.Rates.__dataclass_fields__.values()]
    return [rules.Rates(**row) for row in RateSchedule.objects.values(*fields)]


def programme_launch() -> dt.date | None:
    """The day the programme began: the first rate schedule's effective date (migration 0002
    writes the launch's, 14 June 2023). None only when no schedule exists at all."""
    first: dt.date | None = RateSchedule.objects.aggregate(first=Min("effective_from"))["first"]
    return first


def mentor_claimed_total(*, mentor_user_id: int) -> Decimal:
    """What the mentor has been approved under gba-mentor subsidy claims, as the subsidies app
    last stored it (`services.entitlement_claimed_set`); 0 before any."""
    return mentor_claimed_totals(mentor_user_ids=[mentor_user_id])[mentor_user_id]


def mentor_records(
    mentor_id: int,
) -> tuple[list[int], list[rules.ServiceRecord], list[rules.AttendanceRecord]]:
    """The plain records `rules.compute_entitlement` takes, for one mentor."""
    relationship_ids = list(
        MentorRelationship.objects.filter(mentor_id=mentor_id).order_by("pk").values_list("pk", flat=True)
    )
    services = [
        rules.ServiceRecord(
            relationship_id=row["relationship_id"],
            kind=row["kind"],
            date=row["date"],
            days=row["days"],
            employer=row["employer"],
            hired_on=row["hired_on"],
            insured_months=row["insured_months"],
            pk=row["pk"],
        )
        for row in Service.objects.filter(relationship__mentor_id=mentor_id).values(
            "pk", "relationship_id", "kind", "date", "days", "employer", "hired_on", "insured_months"
        )
    ]
    attendances = [
        rules.AttendanceRecord(activity_id=row["activity_id"], date=row["activity__date"])
        for row in ActivityInvitation.objects.filter(mentor_id=mentor_id, attended=True).values(
            "activity_id", "activity__date"
        )
    ]
    return relationship_ids, services, attendances


def mentor_claimed_totals(*, mentor_user_ids: Iterable[int]) -> dict[int, Decimal]:
    """`mentor_claimed_total` for many mentors in one query (the nightly run): {user id: claimed},
    every user asked for (0 without a stored entitlement)."""
    user_ids = list(mentor_user_ids)
    found = dict(
        MentorEntitlement.objects.filter(any_of("mentor__user_id", user_ids)).values_list("mentor__user_id", "claimed")
    )
    return {pk: found.get(pk, ZERO) for pk in user_ids}


@dataclass
class MentorTotals:
    """What `rules.compute_entitlement_from_totals` takes for one mentor, and what is stored for
    each of the mentor's relationships: (career guidance, internship guidance, job referral,
    total), or None when nothing is stored yet."""

    relationship_ids: list[int] = field(default_factory=list)
    totals: list[rules.ServiceTotals] = field(default_factory=list)
    attendances: list[rules.AttendanceRecord] = field(default_factory=list)
    stored: dict[int, tuple[Decimal, ...] | None] = field(default_factory=dict)


def totals_of_mentors(mentor_ids: Iterable[int], *, schedules: list[rules.Rates]) -> dict[int, MentorTotals]:
    """For a chunk of mentors, in three queries: their relationships with the amounts stored
    for them, their services summed per relationship and rate-schedule period
    (`service_totals_of_relationships`), their attendances. Every mentor asked for is in the
    result."""
    mentor_ids = list(mentor_ids)
    records = {pk: MentorTotals() for pk in mentor_ids}
    mentor_of: dict[int, int] = {}
    for row in (
        MentorRelationship.objects.filter(any_of("mentor_id", mentor_ids))
        .order_by("pk")
        .values_list(
            "pk",
            "mentor_id",
            "entitlement__career_guidance",
            "entitlement__internship_guidance",
            "entitlement__job_referral",
            "entitlement__total",
        )
    ):
        relationship_id, mentor_id = row[0], row[1]
        mentor_of[relationship_id] = mentor_id
        mine = records[mentor_id]
        mine.relationship_ids.append(relationship_id)
        mine.stored[relationship_id] = None if row[5] is None else row[2:]
    for totals in service_totals_of_relationships(list(mentor_of), schedules=schedules):
        records[mentor_of[totals.relationship_id]].totals.append(totals)
    for mentor_id, activity_id, date in (
        ActivityInvitation.objects.filter(any_of("mentor_id", mentor_ids), attended=True)
        .order_by()
        .values_list("mentor_id", "activity_id", "activity__date")
    ):
        records[mentor_id].attendances.append(rules.AttendanceRecord(activity_id, date))
    return records


def service_totals_of_relationships(
    relationship_ids: list[int], *, schedules: list[rules.Rates]
) -> list[rules.ServiceTotals]:
    """The relationships' services summed per relationship and rate-schedule period, in one
    query: the same records as `rules.service_totals` makes from the services one by one.

    The period is the number of schedules that start on or before the date (`CASE WHEN date >=
    <the last start> THEN n ... ELSE 0 END`): services before the first schedule get period 0
    and those of the first schedule period 1, both valued at the first schedule's rates, as
    `rules.rates_on` does.
    Only grouping, counting and summing here: the money is `rules.compute_entitlement_from_totals`.
    Read by relationship id (the index on service.relationship_id), not through a join on the
    mentor, which let the planner scan every service for each chunk."""
    starts = sorted(rates.effective_from for rates in schedules)
    period = Case(
        *(When(date__gte=start, then=Value(number)) for number, start in reversed(list(enumerate(starts, 1)))),
        default=Value(0),
    )
    rows = (
        Service.objects.filter(any_of("relationship_id", relationship_ids))
        .annotate(period=period)
        .order_by()
        .values("relationship_id", "period")
        .annotate(
            first_date=Min("date"),
            career_sessions=Count("pk", filter=Q(kind=rules.CAREER_GUIDANCE)),
            internship_days=Coalesce(Sum("days", filter=Q(kind=rules.INTERNSHIP_GUIDANCE)), 0),
            referral_months=Max(
                Coalesce("insured_months", 0), filter=Q(kind=rules.JOB_REFERRAL, hired_on__isnull=False)
            ),
            unknown_services=Count("pk", filter=~Q(kind__in=rules.KNOWN_KINDS)),
        )
        .values_list(*rules.ServiceTotals._fields)
    )
    make = rules.ServiceTotals._make
    return [make(row) for row in rows]


class RelationshipAmounts(TypedDict):
    career_guidance: Decimal
    internship_guidance: Decimal
    job_referral: Decimal
    total: Decimal
    being_recomputed: bool


def _being_recomputed(computed_at: dt.datetime | None, *changes: dt.datetime | None) -> bool:
    """A recomputation is pending when a record changed after the stored amounts were computed,
    or when there are records and nothing is stored yet (the task enqueued on commit, or the
    nightly run, will write them)."""
    latest = max((change for change in changes if change is not None), default=None)
    if latest is None:
        return False
    return computed_at is None or computed_at < latest


def _last_service_change(**lookup: object) -> Subquery:
    return Subquery(
        Service.objects.filter(**lookup).order_by("-changed_at").values("changed_at")[:1],
        output_field=Service._meta.get_field("changed_at"),
    )


def relationship_entitlement(relationship: MentorRelationship) -> RelationshipAmounts:
    """What is stored for one relationship (zero when nothing is yet), and whether it is being
    recomputed: one query (the stored row joined, the latest change to its services)."""
    row = (
        MentorRelationship.objects.filter(pk=relationship.pk)
        .annotate(last_change=_last_service_change(relationship_id=OuterRef("pk")))
        .values_list(
            "entitlement__career_guidance",
            "entitlement__internship_guidance",
            "entitlement__job_referral",
            "entitlement__total",
            "entitlement__computed_at",
            "last_change",
        )
        .first()
    )
    career, internship, referral, total, computed_at, last_change = row or (None,) * 6
    return {
        "career_guidance": career if career is not None else ZERO,
        "internship_guidance": internship if internship is not None else ZERO,
        "job_referral": referral if referral is not None else ZERO,
        "total": total if total is not None else ZERO,
        "being_recomputed": _being_recomputed(computed_at, last_change),
    }


class RelationshipEntitlementRow(TypedDict):
    relationship_id: int
    mentee_name: str
    start_date: NotRequired[dt.date]  # not in mentor_entitlement_summary
    career_guidance: Decimal
    internship_guidance: Decimal
    job_referral: Decimal
    total: Decimal


class EntitlementSummary(TypedDict):
    career_guidance: Decimal
    internship_guidance: Decimal
    job_referral: Decimal
    public_welfare: Decimal
    total: Decimal
    claimed: Decimal
    claimable: Decimal
    computed_at: NotRequired[dt.datetime | None]  # not in mentor_entitlement_summary
    being_recomputed: NotRequired[bool]  # not in mentor_entitlement_summary
    relationships: list[RelationshipEntitlementRow]


def mentor_entitlement(mentor: Mentor) -> EntitlementSummary:
    """The stored entitlement of a mentor (zero when none is stored yet), with what was claimed
    and what is left to claim, and whether it is being recomputed (a service or an attendance
    newer than it). Two queries: the stored row with the latest changes, the relationships'."""
    row = (
        Mentor.objects.filter(pk=mentor.pk)
        .annotate(
            last_service=_last_service_change(relationship__mentor_id=OuterRef("pk")),
            last_attendance=Subquery(
                ActivityInvitation.objects.filter(mentor_id=OuterRef("pk"), attended=True)
                .order_by(F("attendance_recorded_at").desc(nulls_last=True))
                .values("attendance_recorded_at")[:1]
            ),
        )
        .values_list(
            "entitlement__career_guidance",
            "entitlement__internship_guidance",
            "entitlement__job_referral",
            "entitlement__public_welfare",
            "entitlement__total",
            "entitlement__claimed",
            "entitlement__computed_at",
            "last_service",
            "last_attendance",
        )
        .first()
    )
    *amounts, computed_at, last_service, last_attendance = row or (None,) * 9
    career, internship, referral, public_welfare, total, claimed = (
        amount if amount is not None else ZERO for amount in amounts
    )
    relationships: list[RelationshipEntitlementRow] = [
        {
            "relationship_id": row.relationship_id,
            "mentee_name": str(row.relationship.mentee.user),
            "start_date": row.relationship.start_date,
            "career_guidance": row.career_guidance,
            "internship_guidance": row.internship_guidance,
            "job_referral": row.job_referral,
            "total": row.total,
        }
        for row in RelationshipEntitlement.objects.filter(relationship__mentor_id=mentor.pk)
        .select_related("relationship__mentee__user")
        .order_by("relationship__start_date", "relationship_id")
    ]
    return {
        "career_guidance": career,
        "internship_guidance": internship,
        "job_referral": referral,
        "public_welfare": public_welfare,
        "total": total,
        "claimed": claimed,
        "claimable": rules.claimable(total=total, claimed=claimed),
        "computed_at": computed_at,
        "being_recomputed": _being_recomputed(computed_at, last_service, last_attendance),
        "relationships": relationships,
    }


def mentor_entitlement_summary(*, mentor_user_id: int) -> EntitlementSummary:
    """For the subsidies app: the mentor's stored entitlement as Decimals.

    {"career_guidance", "internship_guidance", "job_referral", "public_welfare", "total", "claimed",
    "claimable", "relationships": [{"relationship_id", "mentee_name", "career_guidance",
    "internship_guidance", "job_referral", "total"}]}; all zero for a user who is not a mentor.
    What is stored may lag a change of a moment ago (a service logged, not yet recomputed): it
    is never more than the records give, since services are only added and insured months only
    grow.
    """
    mentor = Mentor.objects.filter(user_id=mentor_user_id).first()
    if mentor is None:
        return {
            "career_guidance": ZERO,
            "internship_guidance": ZERO,
            "job_referral": ZERO,
            "public_welfare": ZERO,
            "total": ZERO,
            "claimed": ZERO,
            "claimable": ZERO,
            "relationships": [],
        }
    summary = mentor_entitlement(mentor)
    summary.pop("computed_at")
    summary.pop("being_recomputed")
    for row in summary["relationships"]:
        row.pop("start_date")
    return summary


def mentor_relationships_with_entitlement(mentor: Mentor) -> QuerySet[MentorRelationship]:
    """The mentor's relationships, each with its mentee, stored entitlement and service count."""
    return (
        MentorRelationship.objects.filter(mentor=mentor)
        .select_related("mentee__user", "entitlement")
        .annotate(service_count=Count("services"))
        .annotate(last_day_db=Coalesce("ended_on", "end_date"))
        .order_by("-start_date", "pk")
    )


def _event_what(action: str, detail: dict[str, object], relationship: MentorRelationship) -> str | Promise:
    if action == "relationship_created":
        return format_lazy(
            _("Matched for one year: {start} to {end}"),
            start=relationship.start_date.isoformat(),
            end=relationship.end_date.isoformat(),
        )
    if action == "service_logged":
        kind = str(detail.get("kind", ""))
        label = Service.Kind(kind).label if kind in Service.Kind.values else kind
        return format_lazy(_("Service logged: {kind} on {date}"), kind=label, date=detail.get("date", ""))
    if action == "insurance_updated":
        return format_lazy(_("Months of social insurance updated to {months}"), months=detail.get("months", ""))
    if action == "relationship_ended":
        return format_lazy(_("Ended early on {date}"), date=detail.get("ended_on", ""))
    return action


def relationship_timeline(relationship: MentorRelationship) -> list[TimelineEntry]:
    """The relationship's timeline for its page (its mentor, its mentee and staff see it), oldest
    first: the `MentorshipEvent`s its use cases wrote, in words. Who acted is shown as the reader
    may see them: the mentor by their public name, the mentee, or the HR bureau for staff (never a
    staff member's name). The reason for ending early is read from the relationship, where it
    is kept (events hold no free text). `relationship` with its mentor and mentee's user loaded:
    one query."""
    mentor, mentee = relationship.mentor, relationship.mentee
    entries = []
    for at, action, actor_id, detail in (
        MentorshipEvent.objects.filter(relationship_id=relationship.pk)
        .order_by("created_at", "pk")
        .values_list("created_at", "action", "actor_id", "detail")
    ):
        if actor_id is None:
            who: str | Promise = ""
        elif actor_id == mentor.user_id:
            who = mentor.display_name
        elif actor_id == mentee.user_id:
            who = str(mentee.user)
        else:
            who = _("HR bureau")
        note = relationship.end_reason if action == "relationship_ended" else ""
        entries.append(TimelineEntry(at=at, what=_event_what(action, detail or {}, relationship), who=who, note=note))
    return entries
