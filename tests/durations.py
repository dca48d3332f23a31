"""A pytest plugin of `make test`: each pass appends its tests' durations (setup, call and teardown
together) to the file named by PORTAL_TEST_DURATIONS, one JSON object a line; scripts/test-suite.sh
then prints the ten slowest of both passes. Under pytest-xdist the reports reach the controlling
process, which alone writes."""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

_durations: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report) -> None:
    _durations[report.nodeid] += report.duration


def pytest_sessionfinish(session) -> None:
    target = os.environ.get("PORTAL_TEST_DURATIONS")
    if not target or hasattr(session.config, "workerinput"):  # an xdist worker: the controller writes
        return
    with open(target, "a", encoding="utf-8") as out:
        for nodeid, seconds in _durations.items():
            out.write(json.dumps({"test": nodeid, "seconds": round(seconds, 2)}) + "\n")


def print_slowest(path: str, count: int = 10) -> None:
    lines = Path(path).read_text(encoding="utf-8").splitlines() if Path(path).exists() else []
    tests = sorted((json.loads(line) for line in lines), key=lambda t: t["seconds"], reverse=True)
    total = sum(t["seconds"] for t in tests)
    print(f"\nThe {count} slowest tests of both passes ({len(tests)} tests, {total:.0f} s of test time in all):")
    for test in tests[:count]:
        print(f"  {test['seconds']:7.1f} s  {test['test']}")


if __name__ == "__main__":
    print_slowest(sys.argv[1])
