"""The benchmark runner: `make bench` (or `make bench QUICK=1`).

Needs DATABASE_URL and REDIS_URL of a private PostgreSQL and Redis (the Makefile runs it under
scripts/with-test-services.sh). Steps: migrate and collect static files; then for each data
scale (1x, 3x, 10x): grow every suite's data to that scale (fixed seed, COPY), start gunicorn
with 2 workers, let every suite measure side by side with the floor, stop gunicorn. Finally
print the table and write bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, shorter runs")
    parser.add_argument("--scales", default="1,3,10", help="data multiples, comma-separated (default 1,3,10)")
    parser.add_argument("--seconds", type=float, help="length of one wrk run (default 5, quick 2)")
    parser.add_argument("--repetitions", type=int, default=3, help="wrk runs per URL; medians are reported")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_HTTP_PORT", "18000")))
    parser.add_argument("--suites", help="comma-separated suite names (default: all)")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must point at a PostgreSQL (run through `make bench`)", file=sys.stderr)
        return 2
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from bench import load, report, server, suites
    from bench.context import Context

    if not load.wrk_available():
        print("wrk is missing (Debian package wrk; `make bench` installs it)", file=sys.stderr)
        return 2
    started = time.monotonic()
    machine = report.machine()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    setup_seconds = time.monotonic() - started
    scales = [float(value) for value in args.scales.split(",")]
    seconds = args.seconds or (2 if args.quick else 5)
    modules = suites.load(args.suites.split(",") if args.suites else None)
    results = report.Results(quick=args.quick, seed=args.seed, seconds=seconds, repetitions=args.repetitions)
    results.setup_seconds = setup_seconds
    log = ROOT / ".run" / "bench-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    for module in modules:
        reason = module.available()
        if reason:
            results.skipped[module.TITLE] = reason
    live = [module for module in modules if not module.available()]
    for scale in scales:
        for module in live:
            size = module.size_at(scale, quick=args.quick)
            _say(started, f"{module.__name__}: generating {size:,} at {scale:g}x")
            began = time.monotonic()
            rows = module.generate(size, seed=args.seed)
            results.generation(
                module.TITLE, scale, size, rows, time.monotonic() - began, full_size=module.size_at(1, quick=False)
            )
        with server.gunicorn(args.port, log=log) as base_url:
            for module in live:
                _say(started, f"{module.__name__}: measuring at {scale:g}x")
                ctx = Context(
                    suite=module.TITLE,
                    scale=scale,
                    quick=args.quick,
                    base_url=base_url,
                    seconds=seconds,
                    repetitions=args.repetitions,
                    is_largest_scale=scale == max(scales),
                    is_smallest_scale=scale == min(scales),
                )
                module.measure(ctx)
                results.add(ctx, size=module.size_at(scale, quick=args.quick))
    results.total_seconds = time.monotonic() - started
    results.machine = {**machine, **report.load_average("end")}
    text = report.markdown(results)
    Path(args.output).write_text(text, encoding="utf-8")
    print(report.table(results))
    print(f"\nWritten to {args.output} in {results.total_seconds:.0f} s")
    return 0


def _say(started: float, text: str) -> None:
    print(f"[{time.monotonic() - started:5.0f} s] {text}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
