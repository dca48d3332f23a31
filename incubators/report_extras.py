"""What other apps know of a base's month, shown on its monthly report so that the operator does
not count it again: the bookings app registers the use of the base's free desks and laboratory
(bookings.apps). Each provider takes the base and the month and returns figures; the incubators
app imports none of them (the apps that know more depend on this one, not the other way round)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class MonthFigures:
    heading: str  # e.g. the resource's name
    rows: list[tuple[str, str]]  # (what, how much), in the reader's language


Provider = Callable[[Any, date], list[MonthFigures]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def for_report(base: Any, period: date) -> list[MonthFigures]:
    return [figures for provider in PROVIDERS for figures in provider(base, period)]
