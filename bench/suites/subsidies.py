"""Measurement 4 (and its share of 5): the staff review queue of subsidy claims, 50 a page,
filtered and sorted, through gunicorn beside the floor, for a signed-in reviewer.

Data: 10,000 claims at 1x (3x: 30,000; 10x: 100,000, the size the issue names; QUICK a tenth)
over the five schemes of the demo, in every state (draft to paid) with their timelines (one
transition row per step, dated between submission and the last change), two claims per
applicant (same identity number: the double-claim flags have something to find), companies
shared by a few start-up and base claims. Claim number i is generated from its own seed, so
growing the data adds claims, never rebuilds.

Measured at each scale: the queue's query count in-process (target: the same at every scale),
its cost in-process beside the floor, its requests per second with wrk beside the floor (the
reviewer's session and CSRF cookies passed with -H), and at the largest scale EXPLAIN ANALYZE of the
queue's count, page and double-claim queries.
"""

from __future__ import annotations

import datetime
import importlib.util
import random
import subprocess
import urllib.request
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import load
from bench.context import FLOOR_PATH, Context, Target
from bench.db import analyze, copy_values, next_id, reset_sequences

TITLE = "Subsidies: staff review queue (50 a page) vs the floor"
BASE_SIZE = 10_000  # claims at 1x (QUICK: a tenth)
CLAIMS_PER_APPLICANT = 2
COMPANY_GROUP = 7  # consecutive claims that share a company name (start-up and base claims)
EMAIL = "bench-applicant-{}@bench.gba-youth.example"
STAFF = {"reviewer": "bench-reviewer@bench.gba-youth.example", "approver": "bench-approver@bench.gba-youth.example"}
# The queue as the brief names it (claims submitted, waiting longest first), and as it opens
# (every claim waiting for staff: submitted, in review, resubmitted, recommended).
QUEUE = "/zh-hant/subsidies/review/?state=submitted&sort=waiting"
DEFAULT_QUEUE = "/zh-hant/subsidies/review/"
# Pinned in tests/subsidies/test_queue.py: schemes (filter choices), count, page, exclusive
# schemes, the page's people's and companies' other claims. The session and the user with its
# roles come from Redis (2 more queries, the user and its roles, on the first request after any
# user or group is written). Every request renders the page (no page cache).
QUEUE_QUERIES = 5
SCHEME_WEIGHTS = {
    "futian-internship": 40,
    "luohu-living": 25,
    "futian-landing": 15,
    "municipal-base-award": 5,
    "gba-mentor": 15,
}
STATE_WEIGHTS = {
    "draft": 5,
    "submitted": 15,
    "in_review": 15,
    "returned": 5,
    "resubmitted": 5,
    "recommended": 10,
    "approved": 15,
    "rejected": 10,
    "withdrawn": 5,
    "paid": 15,
}
_REVIEW = ["draft", "submitted", "in_review"]
PATHS = {
    "draft": ["draft"],
    "submitted": ["draft", "submitted"],
    "in_review": _REVIEW,
    "returned": [*_REVIEW, "returned"],
    "resubmitted": [*_REVIEW, "returned", "resubmitted"],
    "recommended": [*_REVIEW, "recommended"],
    "approved": [*_REVIEW, "recommended", "approved"],
    "rejected": [*_REVIEW, "rejected"],
    "withdrawn": ["draft", "submitted", "withdrawn"],
    "paid": [*_REVIEW, "recommended", "approved", "paid"],
}
BY_APPLICANT = {"draft", "submitted", "resubmitted", "withdrawn"}
BY_APPROVER = {"approved", "paid"}
MONTHLY = {"associate": 1000, "bachelor": 1500, "master": 2500, "phd": 4500}


def available() -> str | None:
    if importlib.util.find_spec("subsidies.selectors") is None:
        return "the subsidies app is not on this branch yet"
    return None


def size_at(scale: float, *, quick: bool) -> int:
    size = max(2, round(BASE_SIZE * scale / (10 if quick else 1)))
    return size + size % CLAIMS_PER_APPLICANT


def _staff() -> dict:
    from accounts.models import User
    from accounts.roles import APPROVER, REVIEWER, role_group

    users = {}
    for role, email in STAFF.items():
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": f"Bench {role}"})
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(role_group(REVIEWER if role == "reviewer" else APPROVER))
        users[role] = user
    return users


def _claim_fields(code: str, index: int, rng: random.Random) -> dict:
    """The scheme's own facts, amounts as its rule computes them (eligible = requested here)."""
    if code == "futian-internship":
        level = rng.choice(list(MONTHLY))
        start = datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * rng.randrange(18))
        start = start.replace(day=1)
        months = rng.randint(1, 6)
        end_month = start.month - 1 + months
        end = datetime.date(start.year + end_month // 12, end_month % 12 + 1, 1) - datetime.timedelta(days=1)
        amount = Decimal(MONTHLY[level] * months)
        return {"education_level": level, "start_date": start, "end_date": end, "requested_amount": amount}
    if code == "luohu-living":
        return {"requested_amount": Decimal("60000")}
    if code == "futian-landing":
        financing = Decimal(rng.randrange(500_000, 15_000_000, 10_000))
        return {
            "financing_amount": financing,
            "requested_amount": min(financing / 10, Decimal("1000000")),
            "company_name": f"Bench Start-up {index // COMPANY_GROUP}",
        }
    if code == "municipal-base-award":
        return {"requested_amount": Decimal("500000"), "company_name": f"Bench Base {index // COMPANY_GROUP}"}
    return {"requested_amount": Decimal(rng.randrange(1000, 12000, 200))}


def generate(size: int, *, seed: int) -> dict[str, int]:
    """Bring the benchmark's claims up to `size`, each with its applicant (every second claim)
    and its transitions."""
    from django.utils import timezone

    from accounts.models import User
    from subsidies.demo import ensure_schemes
    from subsidies.models import Claim, ClaimTransition

    now = timezone.now()
    schemes = ensure_schemes()
    rule_of = {
        code: scheme.rules.order_by("-effective_from").values_list("pk", flat=True)[0]
        for code, scheme in schemes.items()
    }
    staff = _staff()
    have = Claim.objects.filter(applicant__email__startswith="bench-applicant-").count()
    pks = {model: next_id(model) for model in (User, Claim, ClaimTransition)}
    applicants: dict[int, int] = {}
    if have % CLAIMS_PER_APPLICANT:
        index = have // CLAIMS_PER_APPLICANT
        applicants[index] = User.objects.get(email=EMAIL.format(index)).pk

    def take(model):
        pks[model] += 1
        return pks[model] - 1

    codes, code_weights = list(SCHEME_WEIGHTS), list(SCHEME_WEIGHTS.values())
    states, state_weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    chunk = 2000
    for start in range(have, size, chunk):
        rows: dict[type, list] = {model: [] for model in pks}
        for index in range(start, min(size, start + chunk)):
            rng = random.Random(seed * 1_000_003 + index)
            person = index // CLAIMS_PER_APPLICANT
            if person not in applicants:
                user_id = take(User)
                rows[User].append(
                    {
                        "id": user_id,
                        "email": EMAIL.format(person),
                        "full_name": f"Applicant {person}",
                        "date_joined": now,
                    }
                )
                applicants[person] = user_id
            applicant_id = applicants[person]
            code = rng.choices(codes, code_weights)[0]
            state = rng.choices(states, state_weights)[0]
            fields = _claim_fields(code, index, rng)
            created = now - datetime.timedelta(days=rng.randrange(30, 400), minutes=rng.randrange(1440))
            submitted = None if state == "draft" else created + datetime.timedelta(days=rng.randrange(1, 20))
            last = submitted or created
            steps = PATHS[state]
            changed = min(now, last + datetime.timedelta(days=rng.randrange(0, 30) * (len(steps) > 2)))
            claim = {
                "id": take(Claim),
                "scheme_id": schemes[code].pk,
                "applicant_id": applicant_id,
                "state": state,
                "identity_number": f"B{person:06d}(7)",
                "period": str(rng.choice([2025, 2026])),
                "eligible_amount": fields["requested_amount"],
                "rule_id": rule_of[code],
                "eligibility_computed_at": created,
                "created_at": created,
                "updated_at": changed,
                "submitted_at": submitted,
                "state_changed_at": changed,
                **fields,
            }
            if "recommended" in steps:
                claim["recommended_by_id"] = staff["reviewer"].pk
            if state in BY_APPROVER:
                claim["approved_amount"] = claim["eligible_amount"]
                claim["decided_by_id"], claim["decided_at"] = staff["approver"].pk, changed
            elif state == "rejected":
                claim["decided_by_id"], claim["decided_at"] = staff["reviewer"].pk, changed
                claim["decision_reason"] = "Outside the scheme's conditions."
            rows[Claim].append(claim)
            previous, moments = "", [created, *_between(rng, last, changed, len(steps) - 1)]
            for step, moment in zip(steps, moments, strict=True):
                if step in BY_APPLICANT:
                    actor = applicant_id
                elif step in BY_APPROVER:
                    actor = staff["approver"].pk
                else:
                    actor = staff["reviewer"].pk
                rows[ClaimTransition].append(
                    {
                        "id": take(ClaimTransition),
                        "claim_id": claim["id"],
                        "actor_id": actor,
                        "from_state": previous,
                        "to_state": step,
                        "amount": claim.get("approved_amount") if step == "approved" else None,
                        "created_at": moment,
                    }
                )
                previous = step
        copy_values(User, User(email="template", password="!"), rows[User])
        copy_values(Claim, Claim(scheme_id=0, applicant_id=0), rows[Claim])
        copy_values(ClaimTransition, ClaimTransition(claim_id=0, to_state="draft"), rows[ClaimTransition])
    reset_sequences(User, Claim, ClaimTransition)
    analyze(User, Claim, ClaimTransition)
    return {
        "claims": Claim.objects.count(),
        "claim transitions": ClaimTransition.objects.count(),
        "claims waiting for staff": Claim.objects.filter(
            state__in=["submitted", "in_review", "resubmitted", "recommended"]
        ).count(),
    }


def _between(rng: random.Random, first: datetime.datetime, last: datetime.datetime, count: int):
    """`count` moments in order: `first` (the submission), random ones, `last` (the last change)."""
    if count <= 0:
        return []
    if count == 1:
        return [first]
    span = max((last - first).total_seconds(), 0)
    inner = sorted(rng.random() * span for _ in range(count - 2))
    return [first, *(first + datetime.timedelta(seconds=s) for s in inner), last]


def _signed_in_client():
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(_staff()["reviewer"])
    return client


def _get(client: Client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def _wrk(url: str, *, seconds: float, cookie: str | None) -> load.Run:
    command = ["wrk", "-t1", "-c4", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(load.REPORT_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60)
    return load.parse_wrk(result.stdout)


def _side_by_side(ctx: Context, paths: dict[str, str], cookie: str) -> dict[str, load.Stats]:
    """bench.load.side_by_side with the reviewer's cookies on the queue's requests (the
    floor is public): interleaved repetitions, warm-up, the server's queue drained between runs."""
    paths = {"floor": FLOOR_PATH, **paths}
    headers = {name: ({} if name == "floor" else {"Cookie": cookie}) for name in paths}
    for name, path in paths.items():
        for _ in range(3):
            request = urllib.request.Request(ctx.base_url + path, headers=headers[name])
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
    runs: dict[str, list[load.Run]] = {name: [] for name in paths}
    for _ in range(ctx.repetitions):
        for name, path in paths.items():
            runs[name].append(_wrk(ctx.base_url + path, seconds=ctx.seconds, cookie=headers[name].get("Cookie")))
            load.drain(ctx.base_url)
    stats = {name: load.median_stats(name_runs) for name, name_runs in runs.items()}
    for name, value in stats.items():
        if value.errors:
            ctx.note(f"{name}: {value.errors} failed requests (socket errors or non-2xx)")
        ctx.http[name] = value
    return stats


def _in_process_stats(client: Client, paths: dict[str, str], requests: int) -> dict[str, load.Stats]:
    """The smoke test's stand-in for wrk: a few requests through the signed-in test client."""
    import statistics
    import time

    stats = {}
    for name, path in {"floor": FLOOR_PATH, **paths}.items():
        timings = []
        for _ in range(max(requests, 2)):
            started = time.perf_counter()
            _get(client, path)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        stats[name] = load.Stats(
            rps=1000 / statistics.mean(timings),
            p50_ms=statistics.median(timings),
            p95_ms=timings[-1],
            p99_ms=timings[-1],
            errors=0,
            runs=1,
        )
    return stats


def _is_page_query(sql: str) -> bool:
    return 'FROM "subsidies_claim"' in sql and " LIMIT " in sql


def measure(ctx: Context) -> None:
    from django.conf import settings

    client = _signed_in_client()
    _get(client, FLOOR_PATH)  # the session in the cache, as on any later request
    pages = {"queue (submitted, waiting longest)": QUEUE, "queue (waiting for staff, as it opens)": DEFAULT_QUEUE}
    captured = {}
    for name, path in pages.items():
        _get(client, path)  # warm: the session, the user and the fragments
        with CaptureQueriesContext(connection) as queries:
            body = _get(client, path).content.decode()
        captured[name] = [query["sql"] for query in queries.captured_queries]
        count = len(queries.captured_queries)
        ctx.figure(f"{name}: queries", count, "queries")
        ctx.figure(f"{name}: rows on the page", body.count('name="claims"'), "claims")
        ctx.target(Target(f"4. {name}: query count, the same at every scale", count, "<=", QUEUE_QUERIES, ""))

    calls = {"floor": lambda: _get(client, FLOOR_PATH)}
    for name, path in pages.items():
        calls[name] = lambda p=path: _get(client, p)
    timings = ctx.interleaved(calls, rounds=5 if ctx.quick else 9)
    for name, ms in timings.items():
        ctx.figure(f"{name}, in-process (median)", round(ms, 2), "ms")
    for name in pages:
        ctx.figure(f"{name} ÷ floor (in-process medians)", round(timings[name] / timings["floor"], 1), "")
        ctx.cost(f"{name}, in-process (ms)", timings[name])

    name = "queue (submitted, waiting longest)"
    # The cookies a reviewer's browser sends back: the session, and the CSRF cookie the queue's
    # forms set (without it every request would make a new CSRF secret and set the cookie again).
    cookie = "; ".join(
        f"{name}={client.cookies[name].value}"
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        if name in client.cookies
    )
    if ctx.base_url is None:
        stats = _in_process_stats(client, {name: QUEUE}, ctx.repetitions)
        for key, value in stats.items():
            ctx.http[key] = value
    else:
        stats = _side_by_side(ctx, {name: QUEUE}, cookie)
    floor, queue = stats["floor"], stats[name]
    # Rendered for every request since the whole-page cache went (it was 0.36 of the floor from
    # that cache, 0.04 rendered with the row fragments kept): the target is the rendered page's.
    ctx.target(
        Target(
            "4. review queue req/s ÷ floor req/s (rendered, row fragments kept)",
            queue.rps / floor.rps,
            ">=",
            0.03,
            f"{queue.rps:.0f} vs {floor.rps:.0f} req/s",
        )
    )
    ctx.cost("review queue p50 (ms)", queue.p50_ms)

    if ctx.is_largest_scale:
        sql = captured[name]
        for title, test in (
            ("count", lambda q: "COUNT(*)" in q),
            ("page of 50", _is_page_query),
            ("the page's other claims (double-claim flags)", lambda q: "UPPER(" in q or 'identity_number" IN' in q),
        ):
            found = next((q for q in sql if test(q)), None)
            if found:
                ctx.explain(f"review queue, {title}, at {ctx.scale:g}x", found)
        default_page = next((q for q in captured["queue (waiting for staff, as it opens)"] if _is_page_query(q)), None)
        if default_page:
            ctx.explain(f"review queue as it opens, page of 50, at {ctx.scale:g}x", default_page)
