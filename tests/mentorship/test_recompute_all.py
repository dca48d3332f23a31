"""The nightly recomputation in chunks (`services.entitlement_recompute_all`) against the
per-mentor one (`services.entitlement_recompute`): same rows, a fixed number of queries a chunk,
idempotent, and serialised with a per-mentor change by the mentor row locks."""

from __future__ import annotations

import datetime as dt
import random
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mentorship import rules, selectors, services
from mentorship.models import (
    ActivityInvitation,
    Mentor,
    MentorEntitlement,
    MentorRelationship,
    PublicWelfareActivity,
    RateSchedule,
    RelationshipEntitlement,
    Service,
)

from .factories import MentorFactory, RelationshipFactory

LAUNCH = dt.date(2023, 7, 1)


def _second_schedule() -> None:
    """A later schedule with other figures, so that services straddle two rate schedules."""
    base = RateSchedule.objects.order_by("effective_from").first()
    base.pk = None
    base.effective_from = dt.date(2024, 3, 1)
    base.career_guidance_rate = Decimal("250")
    base.career_guidance_cap = Decimal("1200")
    base.internship_guidance_rate = Decimal("120")
    base.referral_first_amount = Decimal("1100")
    base.public_welfare_rate = Decimal("900")
    base.save()


def _claim(claimed: dict[int, Decimal]) -> None:
    """What each mentor (by user id) has been approved, stored as the subsidies app stores it."""
    for user_id, amount in claimed.items():
        if amount:
            services.entitlement_claimed_set(mentor_user_id=user_id, claimed=amount)


def _generate(seed: int, mentors: int = 14) -> tuple[dict[int, Decimal], dict[int, dt.date | None]]:
    """Varied records from a seed: mentors with 0-6 relationships, every kind of service across
    the two schedules (caps reached or not, referrals below and above the thresholds, several
    referrals per mentee), attendances; claimed totals below, at and above the total; previous
    stored `claimable_since` dates or none. Returns (claimed by user id, previous since by mentor)."""
    rng = random.Random(seed)
    activities = [
        PublicWelfareActivity.objects.create(title=f"Activity {n}", date=LAUNCH + dt.timedelta(days=60 * n))
        for n in range(6)
    ]
    claimed: dict[int, Decimal] = {}
    previous: dict[int, dt.date | None] = {}
    for _ in range(mentors):
        mentor = MentorFactory()
        for _ in range(rng.randrange(7)):
            start = LAUNCH + dt.timedelta(days=rng.randrange(400))
            relationship = RelationshipFactory(mentor=mentor, start_date=start)
            for _ in range(rng.randrange(12)):
                kind = rng.choice(["career_guidance", "career_guidance", "internship_guidance", "job_referral"])
                day = start + dt.timedelta(days=rng.randrange(365))
                fields = {}
                if kind == "internship_guidance":
                    fields["days"] = rng.randint(1, 15)
                elif kind == "job_referral":
                    fields = {
                        "employer": f"Employer {rng.randrange(3)}",
                        "hired_on": day,
                        "insured_months": rng.randint(0, 9),
                    }
                Service.objects.create(relationship=relationship, kind=kind, date=day, **fields)
        for activity in rng.sample(activities, rng.randrange(4)):
            ActivityInvitation.objects.create(activity=activity, mentor=mentor, attended=rng.random() < 0.7)
        claimed[mentor.user_id] = Decimal(rng.choice([0, 0, 500, 1000, 3000, 100000]))
        previous[mentor.pk] = rng.choice([None, None, dt.date(2024, 1, 15), dt.date(2025, 6, 1)])
    return claimed, previous


def _store_previous(previous: dict[int, dt.date | None], claimed: dict[int, Decimal]) -> None:
    """The rows a former run left: some with a `claimable_since`, some without, some missing
    (never for a mentor with claims: approving one stores the row); each with what was claimed."""
    RelationshipEntitlement.objects.all().delete()
    MentorEntitlement.objects.all().delete()
    user_of = dict(Mentor.objects.values_list("pk", "user_id"))
    for mentor_id, since in previous.items():
        amount = claimed.get(user_of[mentor_id], Decimal("0"))
        if mentor_id % 3 or amount:
            MentorEntitlement.objects.create(
                mentor_id=mentor_id,
                claimable_since=since,
                claimed=amount,
                computed_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            )


def _snapshot():
    mentors = {row[0]: row[1:] for row in MentorEntitlement.objects.values_list("mentor_id", *services.MENTOR_AMOUNTS)}
    relationships = {
        row[0]: row[1:]
        for row in RelationshipEntitlement.objects.values_list(
            "relationship_id", "career_guidance", "internship_guidance", "job_referral", "total"
        )
    }
    return mentors, relationships


@pytest.mark.heavy
@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_chunked_equals_mentor_by_mentor(seed):
    """Four seeds of varied records, each recomputed in chunks of 1 (every mentor its own chunk),
    4 (chunks that split a seed's mentors unevenly) and 500 (all in one): the same data for the
    three sizes, since generating it is most of the cost and the sizes are what differs."""
    _second_schedule()
    claimed, previous = _generate(seed)

    _store_previous(previous, claimed)
    for mentor_id in Mentor.objects.order_by("pk").values_list("pk", flat=True):
        services.entitlement_recompute(mentor_id=mentor_id)
    expected_mentors, expected_relationships = _snapshot()

    for chunk_size in (1, 4, 500):
        _store_previous(previous, claimed)
        assert services.entitlement_recompute_all(chunk_size=chunk_size) == len(previous)
        mentors, relationships = _snapshot()

        for mentor_id, row in expected_mentors.items():
            assert mentors[mentor_id] == row, f"mentor {mentor_id}, chunks of {chunk_size}"
        for relationship_id, row in expected_relationships.items():
            assert relationships[relationship_id] == row, f"relationship {relationship_id}, chunks of {chunk_size}"
        assert mentors.keys() == expected_mentors.keys() and relationships.keys() == expected_relationships.keys()
    # the data is varied enough to mean something: money of every kind, both outcomes of the claim
    totals = [row[4] for row in mentors.values()]
    assert any(row[0] for row in mentors.values()) and any(row[1] for row in mentors.values())
    assert any(row[2] for row in mentors.values()) and any(row[3] for row in mentors.values())
    assert any(row[5] is None for row in mentors.values()) and any(row[5] for row in mentors.values())
    assert sum(totals) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("mentors", [3, 30])
def test_a_chunk_makes_the_same_number_of_queries_whatever_its_size(mentors, django_assert_num_queries):
    """A chunk of 3 or of 30 mentors (each with relationships, services and attendances):
    SAVEPOINT (the chunk's transaction inside the test's), the mentors locked in pk order, their
    relationships (with the amounts stored for them), their services summed per relationship and
    schedule period, attendances, claimed totals (stored on the entitlements), the stored
    mentor entitlements, the upsert of relationship rows, the upsert of mentor rows (each run
    even when no row changed), RELEASE SAVEPOINT."""
    for index in range(mentors):
        relationship = RelationshipFactory()
        Service.objects.create(relationship=relationship, kind="career_guidance", date=dt.date(2024, 2, 1))
        activity = PublicWelfareActivity.objects.create(title=f"A{index}", date=dt.date(2024, 2, 1))
        ActivityInvitation.objects.create(activity=activity, mentor=relationship.mentor, attended=True)
    schedules = selectors.rate_schedules()
    with django_assert_num_queries(10):
        done, last = services._entitlement_recompute_chunk(after=0, size=500, schedules=schedules)
    assert done == mentors and last == Mentor.objects.order_by("-pk").values_list("pk", flat=True)[0]
    assert MentorEntitlement.objects.filter(total=Decimal("1200")).count() == mentors
    with django_assert_num_queries(10):  # nothing changed: the same queries, nothing written
        services._entitlement_recompute_chunk(after=0, size=500, schedules=schedules)


@pytest.mark.django_db
def test_the_whole_run_is_chunks_plus_a_constant(django_assert_num_queries):
    """11 mentors in chunks of 4: the rate schedules once, 3 chunks of 10 queries (see above), and the lock query that finds no more mentors
    (inside its own SAVEPOINT/RELEASE)."""
    for _ in range(11):
        relationship = RelationshipFactory()
        Service.objects.create(relationship=relationship, kind="career_guidance", date=dt.date(2024, 2, 1))
    schedules_queries = CaptureQueriesContext(connection)
    with schedules_queries:
        selectors.rate_schedules()
    with django_assert_num_queries(len(schedules_queries.captured_queries) + 3 * 10 + 3):
        assert services.entitlement_recompute_all(chunk_size=4) == 11


@pytest.mark.django_db
def test_idempotent_and_claimable_since_kept():
    _second_schedule()
    claimed, previous = _generate(9)
    _store_previous(previous, claimed)
    services.entitlement_recompute_all(chunk_size=5)
    first = _snapshot()
    pks = sorted(MentorEntitlement.objects.values_list("pk", flat=True))
    relationship_pks = sorted(RelationshipEntitlement.objects.values_list("pk", flat=True))
    services.entitlement_recompute_all(chunk_size=3)
    assert _snapshot() == first
    assert sorted(MentorEntitlement.objects.values_list("pk", flat=True)) == pks
    assert sorted(RelationshipEntitlement.objects.values_list("pk", flat=True)) == relationship_pks
    # a stored date is kept while something is left to claim; it goes once all is claimed
    kept = [
        mentor_id
        for mentor_id, since in previous.items()
        if since and mentor_id % 3 and first[0][mentor_id][5] is not None
    ]
    assert kept and all(first[0][mentor_id][5] == previous[mentor_id] for mentor_id in kept)
    mentor = Mentor.objects.get(pk=kept[0])
    services.entitlement_claimed_set(mentor_user_id=mentor.user_id, claimed=first[0][mentor.pk][4])
    services.entitlement_recompute_all()
    assert MentorEntitlement.objects.get(mentor=mentor).claimable_since is None


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_while_the_chunk_waits_is_counted():
    """A per-mentor write holds the mentor's row lock (as `relationship_create` does) and adds a
    service; the nightly run started meanwhile waits for the lock and then counts the service:
    it never stores totals read before a change it then overwrites."""
    assert connection.vendor == "postgresql"
    relationship = RelationshipFactory()
    Service.objects.create(relationship=relationship, kind="career_guidance", date=dt.date(2024, 2, 1))
    locked, release = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                Mentor.objects.select_for_update().get(pk=relationship.mentor_id)
                locked.set()
                release.wait(10)
                Service.objects.create(relationship=relationship, kind="career_guidance", date=dt.date(2024, 2, 2))
        finally:
            connection.close()

    result = {}

    def nightly():
        try:
            result["count"] = services.entitlement_recompute_all()
        finally:
            connection.close()

    first = threading.Thread(target=writer)
    first.start()
    assert locked.wait(10)
    second = threading.Thread(target=nightly)
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting for the mentor's row lock
    release.set()
    first.join(10)
    second.join(10)
    assert result["count"] == 1
    assert MentorEntitlement.objects.get(mentor_id=relationship.mentor_id).total == Decimal("400")


@pytest.mark.django_db
def test_the_collector_is_back_on_after_a_run():
    import gc

    RelationshipFactory()
    assert gc.isenabled()
    services.entitlement_recompute_all()
    assert gc.isenabled()


def _third_schedule() -> None:
    """A third schedule after the second, lowering the caps and moving the referral thresholds
    and amounts: caps and thresholds that change between periods."""
    base = RateSchedule.objects.order_by("effective_from").first()
    base.pk = None
    base.effective_from = dt.date(2024, 9, 1)
    base.career_guidance_rate = Decimal("150")
    base.career_guidance_cap = Decimal("800")
    base.internship_guidance_cap = Decimal("1500")
    base.referral_first_months = 2
    base.referral_first_amount = Decimal("1300")
    base.referral_further_months = 4
    base.referral_further_amount = Decimal("3500")
    base.save()


def _services_on_the_boundaries() -> None:
    """Services on each schedule's first day and the day before it, for a few relationships."""
    starts = list(RateSchedule.objects.order_by("effective_from").values_list("effective_from", flat=True))
    for relationship in MentorRelationship.objects.order_by("pk")[:6]:
        for start in starts[1:]:
            for day in (start - dt.timedelta(days=1), start):
                if relationship.start_date <= day <= relationship.end_date:
                    Service.objects.create(relationship=relationship, kind="career_guidance", date=day)
                    Service.objects.create(relationship=relationship, kind="internship_guidance", date=day, days=3)
                    Service.objects.create(
                        relationship=relationship,
                        kind="job_referral",
                        date=day,
                        employer="Boundary Ltd",
                        hired_on=day,
                        insured_months=4,
                    )


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [5, 6, 7])
def test_the_sql_sums_the_services_as_the_rule_does(seed):
    """`selectors.service_totals_of_relationships` (SQL) gives exactly the records
    `rules.service_totals` makes from the services one by one, over three schedules."""
    _second_schedule()
    _third_schedule()
    _generate(seed)
    _services_on_the_boundaries()
    schedules = selectors.rate_schedules()
    relationship_ids = list(MentorRelationship.objects.values_list("pk", flat=True))
    services_one_by_one = [
        service
        for mentor_id in Mentor.objects.values_list("pk", flat=True)
        for service in selectors.mentor_records(mentor_id)[1]
    ]
    expected = sorted(rules.service_totals(services_one_by_one, schedules))
    assert sorted(selectors.service_totals_of_relationships(relationship_ids, schedules=schedules)) == expected
    assert len({(t.relationship_id, t.first_date) for t in expected}) == len(expected)
    assert len(expected) > len({t.relationship_id for t in expected})  # relationships over several periods


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [5, 6])
def test_chunked_equals_mentor_by_mentor_when_caps_and_thresholds_change(seed):
    _second_schedule()
    _third_schedule()
    claimed, previous = _generate(seed, mentors=20)
    _services_on_the_boundaries()

    _store_previous(previous, claimed)
    for mentor_id in Mentor.objects.order_by("pk").values_list("pk", flat=True):
        services.entitlement_recompute(mentor_id=mentor_id)
    expected = _snapshot()
    _store_previous(previous, claimed)
    services.entitlement_recompute_all(chunk_size=6)
    assert _snapshot() == expected


def _versions() -> dict[tuple[str, int], tuple[str, dt.datetime]]:
    """Each stored entitlement row's (xmin, computed_at): xmin is the transaction that last
    wrote the row, so it changes on any UPDATE, even one that writes the same values."""
    found = {}
    with connection.cursor() as cursor:
        for table, key in (
            ("mentorship_mentorentitlement", "mentor_id"),
            ("mentorship_relationshipentitlement", "relationship_id"),
        ):
            cursor.execute(f"SELECT {key}, xmin::text, computed_at FROM {table}")  # noqa: S608 - fixed names
            for pk, xmin, computed_at in cursor.fetchall():
                found[(table, pk)] = (xmin, computed_at)
    return found


@pytest.mark.django_db(transaction=True)
def test_a_second_run_writes_only_what_changed():
    """Committed runs, as at night: a run over unchanged records rewrites no row (same xmin,
    same computed_at); a new service rewrites exactly its relationship's row and its mentor's;
    a new approved claim (stored by the subsidies app at once) exactly its mentor's row
    (claimed, claimable_since), and the next run nothing more."""
    _second_schedule()
    claimed, previous = _generate(11)
    _claim(claimed)
    services.entitlement_recompute_all(chunk_size=4)
    before = _versions()
    assert before and len(before) == Mentor.objects.count() + MentorRelationship.objects.count()

    services.entitlement_recompute_all(chunk_size=4)
    assert _versions() == before

    relationship = (
        MentorRelationship.objects.filter(entitlement__career_guidance__lt=Decimal("800")).order_by("pk").first()
    )
    Service.objects.create(relationship=relationship, kind="career_guidance", date=relationship.start_date)
    services.entitlement_recompute_all(chunk_size=4)
    after = _versions()
    changed = {key for key in before if after[key] != before[key]}
    assert changed == {
        ("mentorship_relationshipentitlement", relationship.pk),
        ("mentorship_mentorentitlement", relationship.mentor_id),
    }
    assert (
        after[("mentorship_mentorentitlement", relationship.mentor_id)][1]
        > before[("mentorship_mentorentitlement", relationship.mentor_id)][1]
    )

    mentor = Mentor.objects.filter(entitlement__total__gt=0, entitlement__claimable_since__isnull=False).first()
    services.entitlement_claimed_set(mentor_user_id=mentor.user_id, claimed=mentor.entitlement.total)
    services.entitlement_recompute_all(chunk_size=4)
    last = _versions()
    assert {key for key in after if last[key] != after[key]} == {("mentorship_mentorentitlement", mentor.pk)}
    assert MentorEntitlement.objects.get(mentor=mentor).claimable_since is None
