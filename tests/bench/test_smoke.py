"""The benchmark's own code, on tiny data, inside `make test`, so that it does not rot: the data
generators (COPY into the test database), each suite's measurement through the test client
(no gunicorn, no wrk), the wrk report parser and the RESULTS.md writer."""

from __future__ import annotations

import pytest
from django.db import connection

from bench import load, report
from bench.context import Context
from bench.suites import SUITES
from bench.suites import load as load_suites

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the benchmark runs on PostgreSQL (COPY)"),
]


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


def test_policy_guides_are_generated_reproducibly_and_incrementally():
    from bench.suites import policies
    from policies import selectors
    from policies.models import Policy
    from policies.services import search_fields_of

    rows = policies.generate(40, seed=7)
    assert rows["policy guides"] == 40
    first = {p.slug: (p.title_zh_hans, p.search_text) for p in Policy.objects.all()}
    rows = policies.generate(60, seed=7)  # grows: the first 40 are kept as they were
    assert rows["policy guides"] == 60
    assert {p.slug: (p.title_zh_hans, p.search_text) for p in Policy.objects.filter(slug__in=first)} == first
    # the search columns are the app's own (search_fields_of), so the app's search finds them
    guide = Policy.objects.select_related("issuer", "region").order_by("pk").first()
    assert (guide.search_title, guide.search_text) == search_fields_of(guide)
    assert rows["guide-category rows"] >= 60 and rows["guide-target group rows"] >= 60
    found = selectors.policy_list(user=None, search=policies.SEARCH_QUERY).count()
    assert found == policies.expected_search_hits()
    # ids come from COPY, the sequence follows: a guide saved by the ORM does not collide
    assert (
        Policy.objects.create(slug="after-copy", title="x", issuer=guide.issuer, region=guide.region).pk
        == Policy.objects.order_by("-pk").values_list("pk", flat=True).first()
    )


@pytest.mark.parametrize("name", SUITES)
def test_every_suite_measures_on_tiny_data(name, bench_urls):
    (module,) = load_suites([name])
    if module.available():
        pytest.skip(module.available())
    size = max(10, module.size_at(1, quick=True) // 50)
    module.generate(size, seed=3)
    ctx = Context(suite=module.TITLE, scale=1, quick=True, base_url=None, repetitions=2, is_largest_scale=True)
    module.measure(ctx)
    assert ctx.targets
    assert all(stats.rps > 0 for stats in ctx.http.values())
    # the app's figures and the hand-written SQL's agree (a difference is a note and a miss)
    assert all(target.met for target in ctx.targets if "identical" in target.name), ctx.notes
    results = report.Results(quick=True, seed=3, seconds=1, repetitions=2)
    results.add(ctx, size=size)
    text = report.markdown(results)
    assert "## Targets" in text and ctx.targets[0].name in text
    assert ctx.targets[0].name in report.table(results)


def test_floor_is_a_constant_page(client, bench_urls):
    response = client.get("/bench/floor", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert b"Floor" in response.content


def test_wrk_report_is_parsed():
    output = (
        "Running 2s test @ http://127.0.0.1:18000/bench/floor\n"
        'BENCH_JSON {"requests": 5000, "duration_us": 2000000, "socket_errors": 0, "non_2xx": 3, '
        '"p50_us": 1500, "p95_us": 4000, "p99_us": 9000, "mean_us": 1800.0}\n'
    )
    run = load.parse_wrk(output)
    assert run.rps == 2500
    assert (run.p50_ms, run.p95_ms, run.p99_ms, run.errors) == (1.5, 4.0, 9.0, 3)
    stats = load.median_stats([run, load.Run(1000, 1.0, 0, 1.0, 2.0, 3.0), load.Run(9000, 1.0, 0, 9.0, 9.0, 9.0)])
    assert (stats.rps, stats.p50_ms, stats.errors) == (2500, 1.5, 3)
    with pytest.raises(RuntimeError):
        load.parse_wrk("wrk: connection refused")


def test_slope_is_zero_when_flat_and_one_when_linear():
    results = report.Results(quick=True, seed=1, seconds=1, repetitions=1)
    for scale, size in ((1, 1_000), (10, 10_000)):
        ctx = Context(suite="s", scale=scale, quick=True, base_url=None)
        ctx.cost("flat", 2.0)
        ctx.cost("linear", size / 100)
        results.add(ctx, size=size)
    slopes = {row["cost"]: row["slope"] for row in results.slopes()}
    assert slopes["flat"] == pytest.approx(0)
    assert slopes["linear"] == pytest.approx(1)
    assert connection.vendor == "postgresql"
