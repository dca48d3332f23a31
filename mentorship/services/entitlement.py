"""The mentors' entitlements: recomputed per mentor after each change, and nightly for all."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import InvalidInput, NotFound
from portal.lookups import any_of

from .. import rules, selectors
from ..models import Mentor, MentorEntitlement, RelationshipEntitlement
from ._common import _event


def entitlement_recompute(*, mentor_id: int) -> MentorEntitlement:
    """Recompute and store a mentor's entitlement from the records (idempotent): the task run on
    commit after every change to the mentor's records, and the demo. The mentor row is locked so
    two recomputations of the same mentor do not interleave, nor one with a change of what was
    claimed (`entitlement_claimed_set`).

    Not durable: the demo loads inside a transaction of its own (portal.demo), and the task's
    call is a transaction by itself."""
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().get(pk=mentor_id)
        return _recompute_locked(mentor)


def _recompute_locked(mentor: Mentor) -> MentorEntitlement:
    """The recomputation of `mentor`, whose row the caller has locked. `computed_at` is taken
    once the lock is held: a record changed before it is counted (a stored row older than a
    change is "being recomputed", `selectors.relationship_entitlement`)."""
    now = timezone.now()
    relationship_ids, services, attendances = selectors.mentor_records(mentor.pk)
    result = rules.compute_entitlement(
        services=services,
        attendances=attendances,
        schedules=selectors.rate_schedules(),
        relationship_ids=relationship_ids,
    )
    for relationship_id, amounts in result.relationships.items():
        RelationshipEntitlement.objects.update_or_create(
            relationship_id=relationship_id,
            defaults={
                "career_guidance": amounts.career_guidance,
                "internship_guidance": amounts.internship_guidance,
                "job_referral": amounts.job_referral,
                "total": amounts.total,
                "computed_at": now,
            },
        )
    previous = MentorEntitlement.objects.filter(mentor=mentor).first()
    claimed = selectors.mentor_claimed_total(mentor_user_id=mentor.user_id)
    since = _claimable_since(
        total=result.total, claimed=claimed, previous=previous.claimable_since if previous else None, now=now
    )
    stored, _created = MentorEntitlement.objects.update_or_create(
        mentor=mentor,
        defaults={
            "career_guidance": result.career_guidance,
            "internship_guidance": result.internship_guidance,
            "job_referral": result.job_referral,
            "public_welfare": result.public_welfare,
            "total": result.total,
            "claimable_since": since,
            "computed_at": now,
        },
    )
    return stored


def _claimable_since(*, total: Decimal, claimed: Decimal, previous: dt.date | None, now: dt.datetime) -> dt.date | None:
    """The day the unclaimed amount became positive: kept while something is left to claim."""
    if rules.claimable(total=total, claimed=claimed) > 0:
        return previous or timezone.localdate(now)
    return None


def entitlement_claimed_set(*, mentor_user_id: int, claimed: Decimal) -> MentorEntitlement:
    """What the mentor has been approved in all under gba-mentor subsidy claims, stored on their
    entitlement (`MentorEntitlement.claimed`): the subsidies app calls this inside the
    transaction that approves (or pays, or takes back) a claim, with the mentor's new approved
    total, so the claimed amount and the claim commit or roll back together.

    Not durable, for that reason. Locks the mentor row, then the entitlement row (the order of
    every recomputation, so the two never deadlock), and keeps `claimable_since` true to the new
    amount left to claim. A mentor without a stored entitlement yet gets it computed first, under
    the same lock. NotFound when the user is not a mentor."""
    if claimed < 0:
        raise InvalidInput.on("claimed", _("The amount claimed cannot be negative."))
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().filter(user_id=mentor_user_id).first()
        if mentor is None:
            raise NotFound(_("This person is not a mentor."))
        stored = MentorEntitlement.objects.select_for_update().filter(mentor=mentor).first()
        if stored is None:
            stored = _recompute_locked(mentor)
        stored.claimed = claimed
        stored.claimable_since = _claimable_since(
            total=stored.total, claimed=claimed, previous=stored.claimable_since, now=timezone.now()
        )
        stored.save(update_fields=["claimed", "claimable_since"])
        _event("entitlement_claimed_set", actor=None, mentor=mentor, claimed=claimed)
    return stored


# Mentors a chunk: its rows are per relationship and schedule period now (not per service), so a
# chunk of 2,000 holds less than one of 500 did; fewer chunks, fewer round trips (500: 3.3x the
# SQL aggregate in the steady state, 2,000: 2.7x, measured in-process at 5,000 mentors).
RECOMPUTE_CHUNK = 2000
# What the nightly run compares with the stored rows (and writes, with `computed_at`, when they differ).
RELATIONSHIP_AMOUNTS = ("career_guidance", "internship_guidance", "job_referral", "total")
MENTOR_AMOUNTS = (
    "career_guidance",
    "internship_guidance",
    "job_referral",
    "public_welfare",
    "total",
    "claimable_since",
)


def entitlement_recompute_all(*, chunk_size: int = RECOMPUTE_CHUNK) -> int:
    """Nightly: every mentor's entitlement, the same as `entitlement_recompute` mentor by mentor
    but with the I/O done per chunk of mentors (bounded memory, a fixed number of queries a
    chunk whatever its size). The rate schedules are read once per run; each chunk is its own
    transaction, which locks its mentor rows in pk order first, so a per-mentor recomputation
    (which locks its one mentor row) or a relationship being created waits for the chunk, or the
    chunk for it, and the last to commit wrote from what the other committed. Returns the number
    of mentors recomputed.

    The money comes from the services summed per relationship and rate-schedule period
    (`rules.compute_entitlement_from_totals`, held equal to `rules.compute_entitlement` by the
    tests). Only the rows whose amounts (or `claimable_since`) differ from the stored ones are
    written, with `computed_at` = this run: on a night when nothing changed, nothing is written,
    and `computed_at` stays the time of the last recomputation that wrote the row (see
    `MentorEntitlement`)."""
    schedules = selectors.rate_schedules()
    count = 0
    last = 0
    while True:
        done, last = _entitlement_recompute_chunk(after=last, size=chunk_size, schedules=schedules)
        if not done:
            return count
        count += done


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """A chunk makes tens of thousands of short-lived objects (records, amounts, rows), none in a cycle:
    each allocation burst would trigger the cyclic collector's scans for nothing (a quarter of
    the run's time when measured). Reference counting frees them all the same; the collector
    is back on between chunks."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _entitlement_recompute_chunk(*, after: int, size: int, schedules: list[rules.Rates]) -> tuple[int, int]:
    """Recompute the next `size` mentors after pk `after`: (mentors done, last pk). Queries: the
    locked mentors, their relationships (with the amounts stored for them), their services
    summed per relationship and schedule period, attendances, claimed totals and stored mentor
    entitlements, then one upsert of relationship rows and one of mentor rows, each carrying
    only the rows whose values differ from the stored ones (none on a night when nothing
    changed; every row on the first run)."""
    now = timezone.now()
    today = timezone.localdate(now)
    with _no_cyclic_gc(), transaction.atomic(durable=True):
        mentors = list(
            Mentor.objects.select_for_update().filter(pk__gt=after).order_by("pk").values_list("pk", "user_id")[:size]
        )
        if not mentors:
            return 0, after
        ids = [pk for pk, _user in mentors]
        records = selectors.totals_of_mentors(ids, schedules=schedules)
        claimed = selectors.mentor_claimed_totals(mentor_user_ids=[user for _pk, user in mentors])
        stored_mentors = {
            row[0]: row[1:]
            for row in MentorEntitlement.objects.filter(any_of("mentor_id", ids)).values_list(
                "mentor_id", *MENTOR_AMOUNTS
            )
        }
        # (key, *amounts) in the upserts' column order
        relationship_rows: list[tuple[int, Decimal, Decimal, Decimal, Decimal]] = []
        mentor_rows: list[tuple[int, Decimal, Decimal, Decimal, Decimal, Decimal, dt.date | None]] = []
        for mentor_id, user_id in mentors:
            mine = records[mentor_id]
            result = rules.compute_entitlement_from_totals(
                totals=mine.totals,
                attendances=mine.attendances,
                schedules=schedules,
                relationship_ids=mine.relationship_ids,
            )
            for relationship_id, amounts in result.relationships.items():
                values = (amounts.career_guidance, amounts.internship_guidance, amounts.job_referral, amounts.total)
                if mine.stored.get(relationship_id) != values:
                    relationship_rows.append((relationship_id, *values))
            stored = stored_mentors.get(mentor_id)
            amounts_by_kind = result.by_kind()
            left = rules.claimable(total=amounts_by_kind[-1], claimed=claimed[user_id])
            since = ((stored[-1] if stored else None) or today) if left > 0 else None
            mentor_values = (*amounts_by_kind, since)
            if stored != mentor_values:
                mentor_rows.append((mentor_id, *mentor_values))
        _upsert_changed(
            UPSERT_RELATIONSHIP_ENTITLEMENTS,
            relationship_rows,
            model=RelationshipEntitlement,
            key="relationship_id",
            fields=RELATIONSHIP_AMOUNTS,
            now=now,
        )
        _upsert_changed(
            UPSERT_MENTOR_ENTITLEMENTS,
            mentor_rows,
            model=MentorEntitlement,
            key="mentor_id",
            fields=MENTOR_AMOUNTS,
            now=now,
        )
    return len(mentors), ids[-1]


# The two upserts of the nightly run: the rows to write as arrays, one per column (unnest), each
# stamped with the run's `computed_at`. The rows sent are those found to differ already; the WHERE
# makes sure that a row whose values are the stored ones is never rewritten. Raw SQL because
# `bulk_create(update_conflicts=True)` cannot say that WHERE, and builds a model instance per row.
UPSERT_RELATIONSHIP_ENTITLEMENTS = """
INSERT INTO mentorship_relationshipentitlement AS stored
    (relationship_id, career_guidance, internship_guidance, job_referral, total, computed_at)
SELECT *, %s FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[])
ON CONFLICT (relationship_id) DO UPDATE SET
    career_guidance = EXCLUDED.career_guidance, internship_guidance = EXCLUDED.internship_guidance,
    job_referral = EXCLUDED.job_referral, total = EXCLUDED.total, computed_at = EXCLUDED.computed_at
WHERE (stored.career_guidance, stored.internship_guidance, stored.job_referral, stored.total)
    IS DISTINCT FROM (EXCLUDED.career_guidance, EXCLUDED.internship_guidance, EXCLUDED.job_referral, EXCLUDED.total)
"""
UPSERT_MENTOR_ENTITLEMENTS = """
INSERT INTO mentorship_mentorentitlement AS stored
    (mentor_id, career_guidance, internship_guidance, job_referral, public_welfare, total, claimable_since,
     computed_at)
SELECT *, %s FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[],
                         %s::date[])
ON CONFLICT (mentor_id) DO UPDATE SET
    career_guidance = EXCLUDED.career_guidance, internship_guidance = EXCLUDED.internship_guidance,
    job_referral = EXCLUDED.job_referral, public_welfare = EXCLUDED.public_welfare, total = EXCLUDED.total,
    claimable_since = EXCLUDED.claimable_since, computed_at = EXCLUDED.computed_at
WHERE (stored.career_guidance, stored.internship_guidance, stored.job_referral, stored.public_welfare, stored.total,
       stored.claimable_since)
    IS DISTINCT FROM (EXCLUDED.career_guidance, EXCLUDED.internship_guidance, EXCLUDED.job_referral,
                      EXCLUDED.public_welfare, EXCLUDED.total, EXCLUDED.claimable_since)
"""


_Entitlement = TypeVar("_Entitlement", RelationshipEntitlement, MentorEntitlement)


def _upsert_changed(
    sql: str,
    rows: Sequence[tuple[object, ...]],
    *,
    model: type[_Entitlement],
    key: str,
    fields: tuple[str, ...],
    now: dt.datetime,
) -> None:
    """Run one of the upserts above with `rows` ((key, *fields) tuples, the statement's column
    order): one query even with no rows, so a chunk's query count is fixed. On SQLite (the
    embedded default, which has no arrays) `bulk_create(update_conflicts=True)` of the same rows."""
    if connection.vendor != "postgresql":
        if rows:
            model.objects.bulk_create(
                [model(**dict(zip((key, *fields), row, strict=True)), computed_at=now) for row in rows],
                update_conflicts=True,
                unique_fields=[key.removesuffix("_id")],
                update_fields=[*fields, "computed_at"],
            )
        return
    columns: list[list[object]] = (
        [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(1 + len(fields))]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, *columns])
