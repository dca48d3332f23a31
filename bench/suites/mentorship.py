"""Measurement 3 (and its share of 5): the nightly recomputation of every mentor's entitlement on
a real Celery worker (Redis broker), against one SQL aggregate computing the same totals.

Data at 1x: 5,000 mentors, 20,000 relationships (four mentees each), 200,000 service records
(ten a relationship: career guidance sessions, internship guidance days, job referrals with
insured months), 50 public-welfare activities with invitations and attendances. Services are
dated after the launch schedule (the migration's only RateSchedule), so one schedule applies and
the SQL stays one statement: per relationship the capped career and internship amounts and the
referral amounts, per mentor the distinct activities attended; summed over every mentor.

The recomputation runs in chunks of 500 mentors (`services.entitlement_recompute_all`). What
limits the run is now the data generation (about 10 s per 1,000 mentors on the shared machine),
so full mode measures it at 1x only (5,000 mentors) and QUICK mode at 1x, 3x and 10x (500, 1,500
and 5,000 mentors): the slope and the worker's peak RSS as the data grows are read in the QUICK
run, and 5,000 mentors appear in both (see FINDINGS.md).
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from django.db import connection

from bench.context import Context, Target
from bench.db import analyze, copy_models, next_id, reset_sequences

TITLE = "Mentorship: nightly entitlement recomputation (Celery) vs one SQL aggregate"
BASE_SIZE = 5_000  # mentors at 1x
# Beyond these the data generation alone would take a large share of the run's time budget.
MAX_MENTORS = {False: 5_000, True: 5_000}
MENTEES_PER_MENTOR = 4
SERVICES_PER_RELATIONSHIP = 10
ACTIVITIES = 50
EMAIL = "bench-mentor-{}@bench.gba-youth.example"
ROOT = Path(__file__).resolve().parent.parent.parent

SQL = """
WITH rates AS (SELECT * FROM mentorship_rateschedule ORDER BY effective_from DESC LIMIT 1),
per_relationship AS (
    SELECT
        LEAST(count(*) FILTER (WHERE s.kind = 'career_guidance') * r.career_guidance_rate,
              r.career_guidance_cap) AS career,
        LEAST(coalesce(sum(s.days) FILTER (WHERE s.kind = 'internship_guidance'), 0)
              * r.internship_guidance_rate, r.internship_guidance_cap) AS internship,
        CASE WHEN bool_or(s.kind = 'job_referral' AND s.hired_on IS NOT NULL
                          AND s.insured_months >= r.referral_first_months)
             THEN r.referral_first_amount ELSE 0 END
        + CASE WHEN bool_or(s.kind = 'job_referral' AND s.hired_on IS NOT NULL
                            AND s.insured_months >= r.referral_further_months)
               THEN r.referral_further_amount ELSE 0 END AS referral
    FROM mentorship_service s CROSS JOIN rates r
    GROUP BY s.relationship_id, r.career_guidance_rate, r.career_guidance_cap, r.internship_guidance_rate,
             r.internship_guidance_cap, r.referral_first_months, r.referral_first_amount,
             r.referral_further_months, r.referral_further_amount
),
welfare AS (
    SELECT count(DISTINCT (i.mentor_id, i.activity_id)) * (SELECT public_welfare_rate FROM rates) AS amount
    FROM mentorship_activityinvitation i WHERE i.attended
)
SELECT coalesce(sum(career), 0), coalesce(sum(internship), 0), coalesce(sum(referral), 0),
       (SELECT amount FROM welfare)
FROM per_relationship
"""


def available() -> str | None:
    if importlib.util.find_spec("mentorship.tasks") is None:
        return "the mentorship app is not on this branch yet"
    return None


def size_at(scale: float, *, quick: bool) -> int:
    return min(MAX_MENTORS[quick], _wanted(scale, quick))


def _wanted(scale: float, quick: bool) -> int:
    return max(1, round(BASE_SIZE * scale / (10 if quick else 1)))


def generate(size: int, *, seed: int) -> dict[str, int]:
    """Bring the benchmark's mentors up to `size`, each with their mentees, relationships,
    services and invitations (mentor number i is generated from its own seed)."""
    from django.utils import timezone

    from accounts.models import User
    from mentorship.models import (
        ActivityInvitation,
        Mentee,
        Mentor,
        MentorRelationship,
        PublicWelfareActivity,
        Service,
    )

    now = timezone.now()
    launch = datetime.date(2023, 7, 1)
    activities = list(PublicWelfareActivity.objects.filter(title__startswith="bench-").order_by("pk"))
    if not activities:
        PublicWelfareActivity.objects.bulk_create(
            PublicWelfareActivity(title=f"bench-{n}", date=launch + datetime.timedelta(days=7 * n))
            for n in range(ACTIVITIES)
        )
        activities = list(PublicWelfareActivity.objects.filter(title__startswith="bench-").order_by("pk"))
    have = Mentor.objects.filter(user__email__startswith="bench-mentor-").count()
    pks = {model: next_id(model) for model in (User, Mentor, Mentee, MentorRelationship, Service, ActivityInvitation)}

    def take(model):
        pks[model] += 1
        return pks[model] - 1

    chunk = 500
    for start in range(have, size, chunk):
        rows: dict[type, list] = {model: [] for model in pks}
        for index in range(start, min(size, start + chunk)):
            rng = random.Random(seed * 1_000_003 + index)
            user = User(pk=take(User), email=EMAIL.format(index), password="!", date_joined=now)
            mentor = Mentor(
                pk=take(Mentor), user=user, status="approved", display_name=f"Mentor {index}", applied_at=now
            )
            rows[User].append(user)
            rows[Mentor].append(mentor)
            for mentee_number in range(MENTEES_PER_MENTOR):
                mentee_user = User(
                    pk=take(User),
                    email=f"bench-mentee-{index}-{mentee_number}@bench.gba-youth.example",
                    password="!",
                    date_joined=now,
                )
                status = rng.choice(["employed", "unemployed"])
                mentee = Mentee(pk=take(Mentee), user=mentee_user, status=status, status_since=launch, created_at=now)
                begin = launch + datetime.timedelta(days=rng.randrange(300))
                relationship = MentorRelationship(
                    pk=take(MentorRelationship),
                    mentor=mentor,
                    mentee=mentee,
                    start_date=begin,
                    end_date=begin + datetime.timedelta(days=364),
                    created_at=now,
                )
                rows[User].append(mentee_user)
                rows[Mentee].append(mentee)
                rows[MentorRelationship].append(relationship)
                for _ in range(SERVICES_PER_RELATIONSHIP):
                    kind = rng.choices(["career_guidance", "internship_guidance", "job_referral"], [6, 3, 1])[0]
                    day = begin + datetime.timedelta(days=rng.randrange(364))
                    service = Service(pk=take(Service), relationship=relationship, kind=kind, date=day, created_at=now)
                    if kind == "internship_guidance":
                        service.days = rng.randint(1, 10)
                    elif kind == "job_referral":
                        service.employer, service.position = f"Employer {rng.randrange(100)}", "Analyst"
                        service.hired_on, service.insured_months = day, rng.randint(0, 12)
                    rows[Service].append(service)
            for activity in rng.sample(activities, 3):
                rows[ActivityInvitation].append(
                    ActivityInvitation(
                        pk=take(ActivityInvitation),
                        activity=activity,
                        mentor=mentor,
                        invited_at=now,
                        attended=rng.random() < 0.7,
                    )
                )
        for model in (User, Mentor, Mentee, MentorRelationship, Service, ActivityInvitation):
            copy_models(model, rows[model])
    reset_sequences(User, Mentor, Mentee, MentorRelationship, Service, ActivityInvitation)
    analyze(User, Mentor, Mentee, MentorRelationship, Service, ActivityInvitation)
    return {
        "mentors": Mentor.objects.count(),
        "relationships": MentorRelationship.objects.count(),
        "service records": Service.objects.count(),
        "invitations": ActivityInvitation.objects.count(),
    }


def sql_totals() -> tuple[Decimal, ...]:
    connection.ensure_connection()
    return tuple(connection.connection.execute(SQL).fetchone())


def app_totals() -> tuple[Decimal, ...]:
    from django.db.models import Sum

    from mentorship.models import MentorEntitlement

    row = MentorEntitlement.objects.aggregate(
        career=Sum("career_guidance"),
        internship=Sum("internship_guidance"),
        referral=Sum("job_referral"),
        welfare=Sum("public_welfare"),
    )
    return tuple(row[name] or Decimal(0) for name in ("career", "internship", "referral", "welfare"))


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


STEADY_RUNS = 3


def _forget_stored_entitlements() -> None:
    """The first run writes every row, at every size (in QUICK mode the smaller sizes' mentors
    would otherwise already have theirs)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE mentorship_relationshipentitlement, mentorship_mentorentitlement")


def recompute_with_worker(ctx: Context) -> tuple[float, list[float], float]:
    """Start a real worker (solo pool: tasks run in its own process, whose peak RSS we read),
    send the nightly task through Redis and wait for its result: once with no entitlement stored
    (the first run, which writes every row), then STEADY_RUNS times more (the nightly steady
    state: nothing changed since the run before, nothing is written). Returns (first run's
    seconds, the steady runs' seconds, peak MB)."""
    from mentorship.tasks import recompute_all_entitlements

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    log = ROOT / ".run" / "bench-celery.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "-P",
        "solo",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("ab") as output:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        from portal.celery import app

        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start (see .run/bench-celery.log)")
        runs = []
        for _ in range(1 + STEADY_RUNS):
            started = time.perf_counter()
            count = recompute_all_entitlements.delay().get(timeout=1200)
            runs.append(time.perf_counter() - started)
        ctx.figure("mentors recomputed by the task", count, "mentors")
        return runs[0], runs[1:], peak_rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def measure(ctx: Context) -> None:
    if size_at(ctx.scale, quick=ctx.quick) < _wanted(ctx.scale, ctx.quick):
        ctx.note(f"not measured at {ctx.scale:g}x: over {MAX_MENTORS[ctx.quick]:,} mentors exceeds the time budget")
        return
    _forget_stored_entitlements()
    if ctx.base_url is None:  # smoke test: the task in-process (the test settings run it eagerly)
        from mentorship.tasks import recompute_all_entitlements

        runs = []
        for _ in range(1 + STEADY_RUNS):
            started = time.perf_counter()
            recompute_all_entitlements.delay().get()
            runs.append(time.perf_counter() - started)
        first_seconds, steady_runs, peak = runs[0], runs[1:], 0.0
    else:
        first_seconds, steady_runs, peak = recompute_with_worker(ctx)
    seconds = sorted(steady_runs)[len(steady_runs) // 2]
    from django.test.utils import CaptureQueriesContext

    from mentorship import selectors, services
    from mentorship.models import Mentor
    from mentorship.services import entitlement_recompute

    one = Mentor.objects.filter(user__email__startswith="bench-mentor-").order_by("pk").values_list("pk", flat=True)[0]
    with CaptureQueriesContext(connection) as queries:
        entitlement_recompute(mentor_id=one)
    ctx.figure(
        "queries to recompute one mentor (4 relationships), the daytime task", len(queries.captured_queries), "queries"
    )
    schedules = selectors.rate_schedules()
    for size in (50, services.RECOMPUTE_CHUNK):
        with CaptureQueriesContext(connection) as queries:
            services._entitlement_recompute_chunk(after=one - 1, size=size, schedules=schedules)
        ctx.figure(f"queries for a chunk of {size} mentors, the nightly task", len(queries.captured_queries), "queries")
    sql_times = []
    for _ in range(3):
        started = time.perf_counter()
        expected = sql_totals()
        sql_times.append(time.perf_counter() - started)
    sql_seconds = sorted(sql_times)[1]
    got = app_totals()
    if got != expected:
        ctx.note(f"entitlement totals differ: task {got} vs SQL {expected}")
    ctx.figure("entitlement total (SQL)", sum(expected), "RMB")
    ctx.figure("first recomputation with the worker (no row stored: every row written)", round(first_seconds, 2), "s")
    ctx.figure(
        f"nightly recomputation with the worker, steady state (nothing changed: nothing written; median of "
        f"{len(steady_runs)})",
        round(seconds, 2),
        "s",
    )
    ctx.figure("one SQL aggregate", round(sql_seconds, 3), "s")
    ctx.figure("first recomputation ÷ SQL aggregate (reported, not judged)", round(first_seconds / sql_seconds, 1), "×")
    ctx.figure("worker peak RSS", round(peak, 1), "MB")
    ctx.target(Target("3. entitlement totals identical to the SQL", 1 if got == expected else 0, ">=", 1, "1 = yes"))
    ctx.target(
        Target(
            "3. nightly recomputation (Celery, steady state) ÷ SQL aggregate",
            seconds / sql_seconds,
            "<=",
            3.0,
            f"{seconds:.2f} s vs {sql_seconds * 1000:.0f} ms; the first run (every row written): "
            f"{first_seconds:.2f} s, {first_seconds / sql_seconds:.1f}×, not judged",
        )
    )
    if ctx.base_url is not None:
        ctx.target(Target("3. worker peak RSS (MB)", peak, "<=", 300, ""))
    ctx.cost("recomputation (s)", seconds)
    ctx.cost("first recomputation (s)", first_seconds)
    ctx.cost("worker peak RSS (MB)", max(peak, 1.0))
    if ctx.is_largest_scale:
        ctx.explain(f"entitlement SQL at {ctx.scale:g}x", SQL)
