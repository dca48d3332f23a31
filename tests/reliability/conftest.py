"""Markers of the reliability suite (`-m faults`, `-m reliability`) and helpers shared by its tests."""

from __future__ import annotations

# The markers `reliability` and `faults` are declared in pyproject.toml (a narrowed run selects
# on them too).
