"""What a suite gets to measure with, and what it records.

A suite's `measure(ctx)` asks for side-by-side HTTP figures (the floor is always in the same
run), in-process page renders with their queries, EXPLAIN ANALYZE plans, and records figures,
targets and cost ratios (for the slope across data sizes).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import load

FLOOR_PATH = "/bench/floor"


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    op: str  # ">=" or "<="
    limit: float
    detail: str = ""

    @property
    def met(self) -> bool:
        return self.value >= self.limit if self.op == ">=" else self.value <= self.limit


@dataclass(frozen=True)
class Page:
    status: int
    text: str
    queries: int
    sql: list[str]


@dataclass
class Context:
    suite: str
    scale: float
    quick: bool
    base_url: str | None  # None: no server (smoke test), timings are taken in-process
    seconds: float = 5
    repetitions: int = 3
    is_largest_scale: bool = False
    is_smallest_scale: bool = True
    figures: list[tuple[str, float, str]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    costs: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    plans: list[tuple[str, str]] = field(default_factory=list)
    http: dict[str, load.Stats] = field(default_factory=dict)

    def figure(self, name: str, value: float, unit: str = "") -> None:
        self.figures.append((name, value, unit))

    def target(self, target: Target) -> None:
        self.targets.append(target)

    def cost(self, name: str, value: float) -> None:
        """A cost that should stay flat (or at most linear) as the data grows."""
        self.costs[name] = value

    def note(self, text: str) -> None:
        self.notes.append(text)

    def explain(self, title: str, sql: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.plans.append((title, plan))
        return plan

    def in_process(self, path: str) -> Page:
        """One request through Django in this process, with the queries it ran."""
        client = Client(HTTP_HOST="127.0.0.1")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return Page(
            status=response.status_code,
            text=response.content.decode(),
            queries=len(queries.captured_queries),
            sql=[query["sql"] for query in queries.captured_queries],
        )

    def interleaved(self, calls: dict[str, Callable[[], object]], *, rounds: int) -> dict[str, float]:
        """Median milliseconds of each call, in-process, one call of each per round (so that the
        machine's noise weighs on all alike), after one warm-up round."""
        timings: dict[str, list[float]] = {name: [] for name in calls}
        for round_number in range(rounds + 1):
            for name, call in calls.items():
                started = time.perf_counter()
                call()
                if round_number:
                    timings[name].append((time.perf_counter() - started) * 1000)
        return {name: statistics.median(values) for name, values in timings.items()}

    def side_by_side(self, paths: dict[str, str]) -> dict[str, load.Stats]:
        """Medians for the floor and each path, measured in the same run, interleaved."""
        paths = {"floor": FLOOR_PATH, **paths}
        if self.base_url is None:
            stats = {name: _in_process_stats(path, self.repetitions) for name, path in paths.items()}
        else:
            stats = load.side_by_side(self.base_url, paths, seconds=self.seconds, repetitions=self.repetitions)
        for name, value in stats.items():
            if value.errors:
                self.note(f"{name}: {value.errors} failed requests (socket errors or non-2xx)")
            self.http[name] = value
        return stats


def _in_process_stats(path: str, requests: int) -> load.Stats:
    """Timings without a server (the smoke test): a few requests through the test client."""
    client = Client(HTTP_HOST="127.0.0.1")
    timings = []
    for _ in range(max(requests, 2)):
        started = time.perf_counter()
        status = client.get(path).status_code
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    timings.sort()
    return load.Stats(
        rps=1000 / statistics.mean(timings),
        p50_ms=statistics.median(timings),
        p95_ms=timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
        p99_ms=timings[-1],
        errors=0,
        runs=1,
    )
