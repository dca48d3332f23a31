"""Measurement 2 (and its share of 5): the statistics API for one period over all bases, against
the single hand-written SQL query computing the same totals, through psycopg, in the same run.

Data: 300 bases × 60 monthly project-count reports at 1x (3x: 900 bases, 10x: 3,000), figures
that keep every constraint of the model (HK/Macau part ≤ whole, incubating ≤ incubated, ...).
Each base is generated from its own index, so growing the data adds bases, never rebuilds.
"""

from __future__ import annotations

import datetime
import importlib.util
import random
from decimal import Decimal

from django.db import connection
from django.test import Client

from bench.context import Context, Target
from bench.db import analyze, copy_models, next_id, reset_sequences

TITLE = "Incubator bases: statistics API vs one SQL query"
BASE_SIZE = 300  # bases at 1x (QUICK: a tenth); each has MONTHS reports
MONTHS = 60
FIRST_PERIOD = datetime.date(2021, 1, 1)
PERIOD = "2025-06"  # the month asked for: every base has reported it
REGION_SLUG = "bench-place-"  # the generated bases' cities and districts (portal.Region)
CITIES = [
    ("深圳", "深圳", "Shenzhen", ["前海", "福田", "南山", "罗湖"]),
    ("广州", "廣州", "Guangzhou", ["南沙", "天河", "黄埔"]),
    ("珠海", "珠海", "Zhuhai", ["横琴", "香洲"]),
    ("东莞", "東莞", "Dongguan", ["松山湖", "南城"]),
    ("佛山", "佛山", "Foshan", ["南海", "顺德"]),
]
LEVELS = ["national_maker_space", "municipal", "district", "none"]
SQL = """
SELECT count(DISTINCT base_id), sum(incubated_total), sum(incubated_hkmo), sum(incubating),
       sum(incubating_hkmo), sum(members), sum(members_hkmo), sum(ip_items), sum(financing_rmb)
FROM incubators_projectcountreport
WHERE period = %s
"""
COLUMNS = (
    "bases",
    "incubated_total",
    "incubated_hkmo",
    "incubating",
    "incubating_hkmo",
    "members",
    "members_hkmo",
    "ip_items",
    "financing_rmb",
)


def available() -> str | None:
    if importlib.util.find_spec("incubators.selectors") is None:
        return "the incubators app is not on this branch yet"
    return None


def size_at(scale: float, *, quick: bool) -> int:
    return max(1, round(BASE_SIZE * scale / (10 if quick else 1)))


def _month(offset: int) -> datetime.date:
    year, month = divmod(FIRST_PERIOD.month - 1 + offset, 12)
    return datetime.date(FIRST_PERIOD.year + year, month + 1, 1)


def bench_regions() -> dict[tuple[str, str], object]:
    """The cities and districts of CITIES as Regions (portal.Region), by (English city, district):
    looked up by slug, created once."""
    from portal.models import Region

    regions: dict[tuple[str, str], object] = {}
    for city_hans, city_hant, city_en, districts in CITIES:
        city, _created = Region.objects.get_or_create(
            slug=f"{REGION_SLUG}{city_en.lower()}",
            defaults={
                "kind": Region.Kind.CITY,
                "name_zh_hans": city_hans,
                "name_zh_hant": city_hant,
                "name_en": city_en,
            },
        )
        for number, district in enumerate(districts):
            regions[(city_en, district)] = Region.objects.get_or_create(
                slug=f"{REGION_SLUG}{city_en.lower()}-{number}",
                defaults={
                    "kind": Region.Kind.DISTRICT,
                    "parent": city,
                    "name_zh_hans": district,
                    "name_zh_hant": district,
                    "name_en": district,
                },
            )[0]
    return regions


def build_base(index: int, *, pk: int, seed: int, now: datetime.datetime, regions: dict[tuple[str, str], object]):
    """Base number `index` and its monthly reports (cumulative figures grow month by month)."""
    from incubators.models import Base, ProjectCountReport

    rng = random.Random(seed * 1_000_003 + index)
    city_hans, city_hant, city_en, districts = rng.choice(CITIES)
    district = rng.choice(districts)
    base = Base(
        pk=pk,
        name_zh_hans=f"{city_hans}{district}港澳青年创新创业基地{index}号",
        name_zh_hant=f"{city_hant}{district}港澳青年創新創業基地{index}號",
        name_en=f"{city_en} {district} HK/Macau Youth Innovation Base No. {index}",
        region=regions[(city_en, district)],
        address_zh_hans=f"{city_hans}{district}创业路{index}号",
        recognition_level=rng.choice(LEVELS),
        opened_on=datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randrange(1000)),
        created_at=now,
    )
    reports = []
    incubated, hkmo, financing = rng.randint(5, 40), 0, Decimal(rng.randint(0, 2_000_000))
    hkmo = rng.randint(0, incubated)
    for month in range(MONTHS):
        incubated += rng.randint(0, 3)
        hkmo = min(incubated, hkmo + rng.randint(0, 2))
        incubating = rng.randint(0, incubated)
        incubating_hkmo = min(incubating, hkmo, rng.randint(0, incubating))
        members = rng.randint(incubating, incubating * 8 + 5)
        financing += Decimal(rng.randint(0, 500_000)) + Decimal(rng.randint(0, 99)) / 100
        reports.append(
            ProjectCountReport(
                base=base,
                period=_month(month),
                incubated_total=incubated,
                incubated_hkmo=hkmo,
                incubating=incubating,
                incubating_hkmo=incubating_hkmo,
                members=members,
                members_hkmo=rng.randint(0, members),
                ip_items=rng.randint(0, 30),
                financing_rmb=financing,
                created_at=now,
            )
        )
    return base, reports


def generate(size: int, *, seed: int) -> dict[str, int]:
    """Bring the benchmark's bases up to `size`, each with MONTHS reports."""
    from django.utils import timezone

    from incubators.models import Base, ProjectCountReport

    have = Base.objects.filter(name_en__contains="HK/Macau Youth Innovation Base No.").count()
    now = timezone.now()
    base_pk, report_pk = next_id(Base), next_id(ProjectCountReport)
    regions = bench_regions()
    chunk = 500
    for start in range(have, size, chunk):
        bases, reports = [], []
        for index in range(start, min(size, start + chunk)):
            base, base_reports = build_base(index, pk=base_pk, seed=seed, now=now, regions=regions)
            base_pk += 1
            bases.append(base)
            for report in base_reports:
                report.pk = report_pk
                report_pk += 1
            reports.extend(base_reports)
        copy_models(Base, bases)
        copy_models(ProjectCountReport, reports)
    reset_sequences(Base, ProjectCountReport)
    analyze(Base, ProjectCountReport)
    # COPY sends no signal: move the statistics cache's version as the app's writes do
    from incubators.cache import stats_changed

    stats_changed()
    return {"bases": Base.objects.count(), "monthly reports": ProjectCountReport.objects.count()}


def sql_totals(period: datetime.date) -> dict[str, object]:
    """The hand-written query, straight through psycopg (Django's raw connection, so that it
    sees the same data in the smoke test's transaction too; no ORM, no Django cursor)."""
    connection.ensure_connection()
    row = connection.connection.execute(SQL, [period]).fetchone()
    return dict(zip(COLUMNS, row, strict=True))


def _expected_json(totals: dict[str, object]) -> dict[str, object]:
    """The API's fields computed from the SQL row (shares in points, rounded to 0.1)."""

    def share(part, whole):
        return None if not whole else round(float(Decimal(part) * 100 / Decimal(whole)), 1)

    expected = {name: totals[name] or 0 for name in COLUMNS if name != "financing_rmb"}
    expected["financing_rmb"] = f"{totals['financing_rmb'] or Decimal(0):.2f}"
    expected["incubated_hkmo_share"] = share(totals["incubated_hkmo"], totals["incubated_total"])
    expected["incubating_hkmo_share"] = share(totals["incubating_hkmo"], totals["incubating"])
    expected["members_hkmo_share"] = share(totals["members_hkmo"], totals["members"])
    return expected


API_PATH = f"/api/v1/incubators/stats/?period={PERIOD}"


def measure(ctx: Context) -> None:
    """The API as the public gets it (totals kept in Redis, incubators/cache.py) and cold (the
    cache's version moved before every call, so each call computes and stores again), against
    the raw SQL; the numbers compared both cold and from the cache."""
    from incubators import selectors
    from incubators.cache import stats_changed

    period = datetime.date.fromisoformat(PERIOD + "-01")
    client = Client(HTTP_HOST="127.0.0.1")
    expected = _expected_json(sql_totals(period))
    stats_changed()
    differences = {}
    for state in ("cold", "cached"):
        api = client.get(API_PATH).json()
        differences.update(
            {f"{name} ({state})": (api.get(name), value) for name, value in expected.items() if api.get(name) != value}
        )
    if differences:
        ctx.note(f"API and SQL differ: {differences}")
    ctx.target(Target("2. statistics API totals identical to the SQL", 0 if differences else 1, ">=", 1, "1 = yes"))
    ctx.figure("statistics: bases in the period", expected["bases"], "bases")
    stats_changed()
    ctx.figure("statistics API: queries per call, cold", ctx.in_process(API_PATH).queries, "queries")
    ctx.figure("statistics API: queries per call, cached", ctx.in_process(API_PATH).queries, "queries")

    def cold(call):
        def run():
            stats_changed()
            return call()

        return run

    times = ctx.interleaved(
        {
            "floor": lambda: client.get("/bench/floor"),
            # each cold call moves the version: the cached calls come right after the cold call
            # of the same question, which stored it again
            "api, cold": cold(lambda: client.get(API_PATH)),
            "api": lambda: client.get(API_PATH),
            "selector, cold": cold(lambda: selectors.stats_totals(period=period)),
            "selector": lambda: selectors.stats_totals(period=period),
            "sql": lambda: sql_totals(period),
        },
        rounds=40 if ctx.quick else 100,
    )
    for name, value in times.items():
        ctx.figure(f"statistics, in-process median: {name}", round(value, 3), "ms")
    ctx.target(
        Target(
            "2. statistics API (whole request, in-process) ÷ raw SQL",
            times["api"] / times["sql"],
            "<=",
            3.0,
            f"{times['api']:.2f} vs {times['sql']:.2f} ms",
        )
    )
    ctx.target(
        Target(
            "2. statistics selector (kept in Redis) ÷ raw SQL",
            times["selector"] / times["sql"],
            "<=",
            3.0,
            f"{times['selector']:.2f} vs {times['sql']:.2f} ms",
        )
    )
    ctx.figure(
        "statistics API, cold (cache miss: the ORM query, then stored) ÷ raw SQL",
        round(times["api, cold"] / times["sql"], 2),
        "",
    )
    ctx.figure("statistics selector, cold ÷ raw SQL", round(times["selector, cold"] / times["sql"], 2), "")
    ctx.figure(
        "statistics API minus the floor (the app's own share of a request) ÷ raw SQL",
        round((times["api"] - times["floor"]) / times["sql"], 2),
        "",
    )
    ctx.cost("statistics API (in-process ÷ floor)", times["api"] / times["floor"])
    ctx.cost("statistics API, cold (in-process ÷ floor)", times["api, cold"] / times["floor"])
    ctx.cost("statistics SQL (ms)", times["sql"])
    if ctx.is_largest_scale:
        ctx.explain(f"statistics SQL at {ctx.scale:g}x", connection.ops.compose_sql(SQL, [period]))
    stats = ctx.side_by_side({"statistics API": API_PATH})
    ctx.figure(
        "statistics API req/s ÷ floor req/s (HTTP)", round(stats["statistics API"].rps / stats["floor"].rps, 3), ""
    )
