"""A guard every test runs under (tests/conftest.py): a selector never writes.

Installed on the test's database connection, it looks at each statement; an INSERT, UPDATE or
DELETE issued while a function of an app's `selectors` module is on the call stack fails the test
that made it. Selectors are the reads that pages and the API share: a read that writes (a default
row inserted, an amount recomputed and stored) turns a page view into a write, locks rows behind a
GET and hides the write from the services' audit and transactions.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITES = ("INSERT", "UPDATE", "DELETE")


class SelectorWrote(AssertionError):
    pass


@functools.cache  # one answer a file: resolving a path per frame per write was most of the guard's cost
def _is_selector(filename: str) -> bool:
    path = Path(filename)
    try:
        relative = path.resolve().relative_to(ROOT)
    except ValueError:
        return False
    parts = relative.parts
    if not parts or parts[0] in ("tests", "bench", ".venv"):
        return False
    return path.name == "selectors.py" or "selectors" in parts[:-1]


def writing_selector() -> str | None:
    """The selector on the current call stack, if any (as `path:function`)."""
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if _is_selector(code.co_filename):
            return f"{Path(code.co_filename).resolve().relative_to(ROOT)}:{code.co_name}"
        frame = frame.f_back
    return None


def no_selector_writes(execute, sql, params, many, context):
    if sql.lstrip()[:6].upper() in WRITES:
        selector = writing_selector()
        if selector is not None:
            raise SelectorWrote(f"the selector {selector} wrote: {sql[:200]}")
    return execute(sql, params, many, context)
