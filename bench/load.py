"""Load generation with wrk from loopback, parsed into numbers."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPORT_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    errors: int  # socket errors plus non-2xx answers: any of them spoils the run
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Stats:
    """Medians over the repetitions of one URL."""

    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    runs: int


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def parse_wrk(output: str) -> Run:
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line.removeprefix("BENCH_JSON "))
            return Run(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                errors=data["socket_errors"] + data["non_2xx"],
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
            )
    raise RuntimeError(f"wrk printed no report:\n{output}")


def wrk(url: str, *, seconds: float, connections: int = 4, threads: int = 1) -> Run:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(REPORT_SCRIPT),
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    return parse_wrk(result.stdout)


def median_stats(runs: list[Run]) -> Stats:
    return Stats(
        rps=statistics.median(run.rps for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p95_ms=statistics.median(run.p95_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        errors=sum(run.errors for run in runs),
        runs=len(runs),
    )


def drain(base_url: str, *, connections: int = 4) -> None:
    """Wait until the server has finished what wrk left queued: when wrk stops, the sync workers
    still answer the requests already sent (up to one per connection), which would otherwise
    land in the next URL's figures. Requests sent now queue behind them; when they are all
    answered, the queue is empty."""

    def fetch(_: int) -> None:
        with urllib.request.urlopen(base_url + "/bench/floor", timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(fetch, range(connections)))


def side_by_side(base_url: str, paths: dict[str, str], *, seconds: float, repetitions: int) -> dict[str, Stats]:
    """Each URL in turn, repetition after repetition (interleaved, so that a burst of noise from
    the machine's other users hits every URL alike), after a few warm-up requests each; the
    server's queue is drained between runs."""
    for path in paths.values():
        for _ in range(3):
            with urllib.request.urlopen(base_url + path, timeout=30) as response:
                response.read()
    runs: dict[str, list[Run]] = {name: [] for name in paths}
    for _ in range(repetitions):
        for name, path in paths.items():
            runs[name].append(wrk(base_url + path, seconds=seconds))
            drain(base_url)
    return {name: median_stats(name_runs) for name, name_runs in runs.items()}
