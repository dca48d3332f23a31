"""The soak's report in Markdown: the run, per-endpoint latencies, statuses, reconciliation."""

from __future__ import annotations

import os
import statistics


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def render(*, stats, checks, args, plan, started, load_seconds, drained, pending) -> str:
    total = sum(len(v) for v in stats.latencies.values())
    server_errors = sum(n for by in stats.statuses.values() for s, n in by.items() if s >= 500)
    transport = sum(by.get(0, 0) for by in stats.statuses.values())
    lines = [
        "# Soak results (`make soak`)",
        "",
        f"Run of {started:%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores: {load_seconds:.0f} s of load at most "
        f"{args.rate:g} requests/s; gunicorn with 2 sync workers and a Celery worker (2 processes, beat "
        "embedded), production's settings over http on loopback (`bench.settings`), PostgreSQL 15 and Redis "
        "of their own.",
        "",
        f"People: {len(plan['youths'])} youths (claims with documents), {len(plan['mentors'])} mentors "
        f"(services logged, gba-mentor claims), {len(plan['operators'])} base operators (monthly reports "
        f"through the form), {len(plan['reviewers'])} reviewers, {len(plan['approvers'])} approvers (approvals, "
        "payment batches), 3 anonymous visitors (zh-hant, zh-hans, en); each in a thread of its own, signed in "
        "through the login form, CSRF token on every write.",
        "",
        f"Load average of the machine at the end (shared with other work): "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        f"**{total} requests ({total / max(load_seconds, 1):.1f}/s): {server_errors} × 5xx, {transport} transport "
        f"errors.** Celery finished its work {drained:.1f} s after the load stopped"
        + (f" (left undone: {pending})" if any(pending.values()) else "")
        + ".",
        "",
        "What the people did: " + ", ".join(f"{n} {a}" for a, n in sorted(stats.actions.items())) + ".",
        "",
        "## Latency per endpoint",
        "",
        "| endpoint | count | p50 ms | p95 ms | max ms | statuses |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name in sorted(stats.latencies, key=lambda n: (n.split(" ", 1)[1], n)):
        values = stats.latencies[name]
        by_status = ", ".join(f"{s or 'error'}×{n}" for s, n in sorted(stats.statuses[name].items()))
        lines.append(
            f"| `{name}` | {len(values)} | {statistics.median(values) * 1000:.0f} | "
            f"{percentile(values, 95) * 1000:.0f} | {max(values) * 1000:.0f} | {by_status} |"
        )
    lines += ["", "## Reconciliation", "", "| check | figure | result |", "|---|---|---|"]
    for name, figure, problems in checks:
        lines.append(f"| {name} | {figure} | {'ok' if not problems else f'**{len(problems)} problems**'} |")
    for name, _figure, problems in checks:
        if problems:
            lines += ["", f"Problems of “{name}” (first 20):", ""] + [f"- {p}" for p in problems[:20]]
    if stats.errors:
        lines += ["", "## Errors (first 30)", ""] + [f"- {e}" for e in stats.errors[:30]]
    lines += [
        "",
        "4xx answers are the portal refusing what it must refuse (a recommendation before Celery computed "
        "the eligible amount: 409; an approval above a person's cap or the budget: 400, then rejected; two "
        "approvers batching the same claims at once: 409); they are counted, not errors.",
        "",
    ]
    return "\n".join(lines)
