"""The table printed at the end and bench/RESULTS.md."""

from __future__ import annotations

import datetime
import math
import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bench.context import Context, Target

FINDINGS = Path(__file__).resolve().parent / "FINDINGS.md"
GENERATION_LIMIT_SECONDS = 180
SLOPE_LIMIT = 1.0  # no cost may grow faster than linearly in the data
FLAT_SLOPE = 0.25  # below this, "nearly flat"


@dataclass
class Results:
    quick: bool
    seed: int
    seconds: float
    repetitions: int
    setup_seconds: float = 0.0
    total_seconds: float = 0.0
    started: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(datetime.UTC))
    machine: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    generations: list[dict] = field(default_factory=list)
    contexts: list[tuple[Context, int]] = field(default_factory=list)
    targets: list[tuple[str, float, Target]] = field(default_factory=list)  # (suite, scale, target)

    def generation(self, suite: str, scale: float, size: int, rows: dict[str, int], seconds: float, full_size: int):
        cumulative = seconds + sum(g["seconds"] for g in self.generations if g["suite"] == suite)
        self.generations.append(
            {"suite": suite, "scale": scale, "size": size, "rows": rows, "seconds": seconds, "cumulative": cumulative}
        )
        already = any(suite == name and target.name.startswith("data generation") for name, _, target in self.targets)
        if size == full_size and not already:
            self.targets.append(
                (
                    suite,
                    scale,
                    Target(
                        f"data generation up to {full_size:,} (s)",
                        cumulative,
                        "<=",
                        GENERATION_LIMIT_SECONDS,
                        f"{sum(rows.values()):,} rows",
                    ),
                )
            )

    def add(self, ctx: Context, *, size: int) -> None:
        self.contexts.append((ctx, size))
        self.targets.extend((ctx.suite, ctx.scale, target) for target in ctx.targets)

    def slopes(self) -> list[dict]:
        """Log-log slope of each cost between the smallest and the largest data size:
        0 is flat, 1 is linear in the data."""
        by_cost: dict[tuple[str, str], list[tuple[int, float]]] = {}
        for ctx, size in self.contexts:
            for name, value in ctx.costs.items():
                by_cost.setdefault((ctx.suite, name), []).append((size, value))
        rows = []
        for (suite, name), points in by_cost.items():
            points.sort()
            (small, first), (large, last) = points[0], points[-1]
            if large == small:
                continue  # measured at one size only: no slope
            slope = math.log(last / first) / math.log(large / small) if large > small and first > 0 else 0.0
            rows.append({"suite": suite, "cost": name, "points": points, "slope": slope})
        return rows


def _command(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def load_average(when: str) -> dict[str, str]:
    one, five, _ = os.getloadavg()
    return {f"load average at {when} (1 min, 5 min)": f"{one:.2f}, {five:.2f}"}


def machine() -> dict[str, str]:
    cpu_model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return {
        "CPUs (nproc)": _command("nproc"),
        "memory": f"{total_kb / 1024 / 1024:.1f} GiB",
        "CPU model": cpu_model,
        "kernel": platform.release(),
        **load_average("start"),
    }


def versions() -> dict[str, str]:
    import django
    import gunicorn
    import psycopg
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis_version = "?"
    try:
        import redis

        redis_version = redis.Redis.from_url(os.environ["REDIS_URL"]).info()["redis_version"]
    except Exception:  # noqa: BLE001 - a missing version must not lose the figures
        pass
    return {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": postgres,
        "psycopg": psycopg.__version__,
        "Redis": redis_version,
        "gunicorn": gunicorn.__version__,
        "wrk": _command("wrk", "-v").splitlines()[0] if _command("wrk", "-v") else "?",
    }


def _number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


def _yes(met: bool) -> str:
    return "yes" if met else "**NO**"


def target_rows(results: Results) -> list[list[str]]:
    sizes = {(ctx.suite, ctx.scale): size for ctx, size in results.contexts}
    rows = []
    for suite, scale, target in results.targets:
        size = sizes.get((suite, scale))
        rows.append(
            [
                target.name,
                f"{scale:g}x" + (f" ({size:,})" if size else ""),
                _number(target.value),
                f"{target.op} {_number(target.limit)}",
                _yes(target.met),
                target.detail,
            ]
        )
    return rows


def _markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def markdown(results: Results) -> str:
    mode = "QUICK (a tenth of the data, 2 s wrk runs)" if results.quick else "full"
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `make bench{' QUICK=1' if results.quick else ''}` (bench/run.py) on "
        f"{results.started:%Y-%m-%d %H:%M} UTC. Mode: {mode}. Seed {results.seed}. Each URL: "
        f"{results.repetitions} wrk runs of {results.seconds:g} s (1 thread, 4 connections, loopback), "
        f"interleaved, medians reported. Setup (migrate, collectstatic) {results.setup_seconds:.0f} s; "
        f"whole run {results.total_seconds:.0f} s.",
        "",
        "**Noise.** This machine is shared with other engineers running test suites and benchmarks: "
        "absolute req/s and milliseconds move from run to run. Every figure that is judged is a ratio "
        "of two URLs (or of the app and raw SQL) measured side by side in the same run, interleaved "
        "repetition by repetition, so that the load of the others weighs on both sides alike. wrk "
        "itself runs on the same 2 cores as gunicorn (loopback), which lowers every req/s alike.",
        "",
        "## Machine and versions",
        "",
    ]
    lines += _markdown_table(["", ""], [[k, v] for k, v in {**results.machine, **versions()}.items()])
    lines += ["", "## Targets", ""]
    lines += _markdown_table(["target", "data", "measured", "target", "met", "detail"], target_rows(results))
    lines += [
        "",
        "## Scaling (measurement 5)",
        "",
        f"Costs ending in '÷ floor' are a median latency divided by the floor's in the same run (noise "
        f"cancels); the others are plain medians. The data is the suite's main rows (guides, bases). Slope = "
        f"log(cost at largest ÷ cost at smallest) ÷ log(data ratio): 0 is flat, 1 linear. Target: "
        f"≤ {SLOPE_LIMIT:g} (never faster than linear); pages should be nearly flat (< {FLAT_SLOPE:g}).",
        "",
    ]
    slope_rows = []
    for row in results.slopes():
        points = ", ".join(f"{value:.2f} at {size:,}" for size, value in row["points"])
        flat = "nearly flat" if row["slope"] < FLAT_SLOPE else "grows"
        slope_rows.append([row["cost"], points, f"{row['slope']:.2f}", f"{_yes(row['slope'] <= SLOPE_LIMIT)}, {flat}"])
    lines += _markdown_table(["cost", "values", "slope", "≤ 1"], slope_rows)
    lines += ["", "## HTTP figures (medians)", ""]
    http_rows = []
    for ctx, size in results.contexts:
        for name, stats in ctx.http.items():
            http_rows.append(
                [
                    f"{ctx.scale:g}x ({size:,})",
                    name,
                    f"{stats.rps:,.0f}",
                    f"{stats.p50_ms:.1f}",
                    f"{stats.p95_ms:.1f}",
                    f"{stats.p99_ms:.1f}",
                    str(stats.errors),
                ]
            )
    lines += _markdown_table(["data", "URL", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed"], http_rows)
    lines += ["", "## Other figures", ""]
    other = [
        [f"{ctx.scale:g}x ({size:,})", name, _number(value), unit]
        for ctx, size in results.contexts
        for name, value, unit in ctx.figures
    ]
    lines += _markdown_table(["data", "figure", "value", "unit"], other)
    lines += ["", "## Data generation (fixed seed, COPY)", ""]
    generation_rows = [
        [
            g["suite"],
            f"{g['scale']:g}x",
            f"{g['seconds']:.1f}",
            f"{g['cumulative']:.1f}",
            ", ".join(f"{name}: {count:,}" for name, count in g["rows"].items()),
        ]
        for g in results.generations
    ]
    lines += _markdown_table(["suite", "up to", "seconds", "cumulative s", "rows in the database"], generation_rows)
    notes = [f"- {ctx.suite} at {ctx.scale:g}x: {note}" for ctx, _ in results.contexts for note in ctx.notes]
    if notes:
        lines += ["", "## Notes", "", *notes]
    if results.skipped:
        lines += ["", "## Not measured in this run", ""]
        lines += [f"- {title}: {reason}" for title, reason in results.skipped.items()]
    plans = [(title, plan) for ctx, _ in results.contexts for title, plan in ctx.plans]
    if plans:
        lines += ["", "## Query plans (EXPLAIN ANALYZE, largest data)", ""]
        for title, plan in plans:
            lines += [f"**{title}**", "", "```text", plan, "```", ""]
    if FINDINGS.exists():
        lines += ["", FINDINGS.read_text(encoding="utf-8").strip()]
    return "\n".join(lines).rstrip() + "\n"


def table(results: Results) -> str:
    rows = [["target", "data", "measured", "target", "met", "detail"], *target_rows(results)]
    rows += [
        [
            f"5. slope: {row['cost']}",
            "1x→max",
            f"{row['slope']:.2f}",
            f"<= {SLOPE_LIMIT:g}",
            _yes(row["slope"] <= SLOPE_LIMIT),
            "",
        ]
        for row in results.slopes()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows)
