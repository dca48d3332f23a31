"""Prints the ten slowest tests of one or more JUnit XML reports (the passes of `make test`)."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET  # noqa: S405 - reports written by our own pytest run
from pathlib import Path


def main(paths: list[str]) -> None:
    cases: list[tuple[float, str]] = []
    total = 0.0
    for path in paths:
        if not Path(path).exists():
            continue
        root = ET.parse(path).getroot()  # noqa: S314
        for suite in root.iter("testsuite"):
            total += float(suite.get("time", 0))
        for case in root.iter("testcase"):
            name = f"{case.get('classname', '')}::{case.get('name', '')}"
            cases.append((float(case.get("time", 0)), name))
    cases.sort(reverse=True)
    print(f"\nThe ten slowest tests ({len(cases)} tests, {total:.0f} s of test time in all):")
    for seconds, name in cases[:10]:
        print(f"  {seconds:7.1f} s  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
