"""Facts the code before has made sure of, checked explicitly: `assert` vanishes under `python -O`."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def known(value: T | None, what: str) -> T:
    """`value`, which the caller's earlier checks (or a database constraint) guarantee is set."""
    if value is None:
        raise RuntimeError(f"{what} is missing where it cannot be")
    return value
