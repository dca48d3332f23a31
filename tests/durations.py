"""A pytest plugin of `make test`: each pass appends its tests' durations (setup, call and teardown
together, and the CPU time the test process spent on them) to the file named by
PORTAL_TEST_DURATIONS, one JSON object a line; scripts/test-suite.sh then prints the ten slowest
of both passes. Under pytest-xdist the reports reach the controlling process, which alone writes.
It also lists, in PORTAL_FAULT_TESTS, the fault tests a `-m "not faults"` pass leaves out, for the
serial pass to run exactly those. And it puts the long tests first (those marked `heavy`, then the
browser tests), so that `--dist load` hands them out one a worker at the start and the pass ends on
short tests on every worker together, not on one long test while the others wait."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

_durations: dict[str, float] = defaultdict(float)
_cpu: dict[str, float] = {}
_ended: dict[str, tuple[str, float]] = {}


def pytest_runtest_setup(item) -> None:
    item.stash[_started] = time.process_time()


_started = pytest.StashKey[float]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "teardown" and _started in item.stash:
        outcome.get_result().user_properties.append(("cpu", time.process_time() - item.stash[_started]))


def pytest_runtest_logreport(report) -> None:
    _durations[report.nodeid] += report.duration
    for key, value in report.user_properties:
        if key == "cpu":
            _cpu[report.nodeid] = value
    if report.when == "teardown":
        node = getattr(report, "node", None)
        _ended[report.nodeid] = (getattr(getattr(node, "gateway", None), "id", "-"), time.time())


def pytest_collection_modifyitems(items) -> None:
    def weight(item) -> int:
        if item.get_closest_marker("heavy"):
            return 0
        return 1 if item.get_closest_marker("browser") else 2

    items.sort(key=weight)  # stable: the order within each group is kept


def pytest_deselected(items) -> None:
    target = os.environ.get("PORTAL_FAULT_TESTS")
    if target and os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0":  # every worker collects the same
        with open(target, "a", encoding="utf-8") as out:
            out.writelines(item.nodeid + "\n" for item in items if item.get_closest_marker("faults"))


def pytest_sessionfinish(session) -> None:
    target = os.environ.get("PORTAL_TEST_DURATIONS")
    if not target or hasattr(session.config, "workerinput"):  # an xdist worker: the controller writes
        return
    with open(target, "a", encoding="utf-8") as out:
        for nodeid, seconds in _durations.items():
            worker, ended = _ended.get(nodeid, ("-", 0.0))
            line = {"test": nodeid, "seconds": round(seconds, 2), "cpu": round(_cpu.get(nodeid, 0.0), 2)}
            line |= {"worker": worker, "ended": round(ended, 2)}
            out.write(json.dumps(line) + "\n")


def print_slowest(path: str, count: int = 10) -> None:
    lines = Path(path).read_text(encoding="utf-8").splitlines() if Path(path).exists() else []
    tests = sorted((json.loads(line) for line in lines), key=lambda t: t["seconds"], reverse=True)
    total = sum(t["seconds"] for t in tests)
    print(f"\nThe {count} slowest tests of both passes ({len(tests)} tests, {total:.0f} s of test time in all):")
    for test in tests[:count]:
        print(f"  {test['seconds']:7.1f} s  {test['test']}")


if __name__ == "__main__":
    print_slowest(sys.argv[1])
