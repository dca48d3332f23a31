"""The measurements, one module each. A module provides:

- TITLE: str
- available() -> str | None: None when its app is there, else why it is skipped;
- size_at(scale, *, quick) -> int: its main row count at a data scale;
- generate(size, *, seed) -> dict[str, int]: bring its data up to `size` (add, never rebuild),
  reproducibly from `seed`, with COPY (bench.db); returns row counts for the report;
- measure(ctx: bench.context.Context) -> None: figures, targets and costs into `ctx`.

Adding a measurement is adding a module here and its name to SUITES.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Measurements 1-4 of issue 7, one module each (5, the scaling, is read across their scales).
SUITES = ["policies", "incubators", "mentorship", "subsidies"]


def load(names: list[str] | None = None) -> list[ModuleType]:
    return [importlib.import_module(f"bench.suites.{name}") for name in (names or SUITES)]
