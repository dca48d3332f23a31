"""The holiday calendars a place's hours bend to, as `rules.DayException`s.

- Hong Kong: the general holidays of the `holidays` library (holidays.HongKong).
- The mainland: its public holidays, including the days off in lieu, from `holidays`
  (holidays.China), and its make-up working days (调休: a Saturday or Sunday worked as a working
  day) from `chinese-calendar`, whose data comes year by year with the State Council's notice.
  For a year `chinese-calendar` does not know yet, the make-up days come from `holidays` alone
  (which may not know them either): the year is returned in `unknown_makeup_years` and the
  place's page says so.

No year is written here: both libraries are maintained; upgrading them brings the new years.
Calendars are built once per (calendar, year, language) and kept in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
import holidays
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .rules import DayException, DayKind

HONG_KONG = "hk"
MAINLAND = "cn"

# The `holidays` library's language for each portal language, per calendar.
_HOLIDAY_LANGUAGES = {
    HONG_KONG: {"zh-hant": "zh_HK", "zh-hans": "zh_CN", "en": "en_HK"},
    MAINLAND: {"zh-hant": "zh_TW", "zh-hans": "zh_CN", "en": "en_US"},
}

# chinese-calendar names the festival a make-up day belongs to (its Holiday enum, in English).
_FESTIVALS = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("70th anniversary of the victory of the War of Resistance"),
}


@dataclass(frozen=True)
class CalendarExceptions:
    exceptions: list[DayException]
    unknown_makeup_years: frozenset[int]  # mainland years whose make-up days chinese-calendar lacks


def _language(calendar: str) -> str:
    current = (get_language() or "zh-hant").lower()
    table = _HOLIDAY_LANGUAGES[calendar]
    return table.get(current, table["zh-hant"])


@lru_cache(maxsize=64)
def _holidays_of(calendar: str, year: int, language: str) -> dict[date, str]:
    if calendar == HONG_KONG:
        found = holidays.country_holidays("HK", years=year, language=language)
    else:
        found = holidays.country_holidays("CN", years=year, language=language)
    return dict(found.items())


@lru_cache(maxsize=32)
def _fallback_makeup_days(year: int) -> frozenset[date]:
    """The `holidays` library's own list of the mainland's worked weekend days, for a year."""
    return frozenset(day for day in holidays.country_holidays("CN", years=year).weekend_workdays if day.year == year)


def _makeup_day(day: date) -> tuple[bool | None, str]:
    """(is a make-up working day, festival) from chinese-calendar; (None, "") when it has no data
    for the year."""
    try:
        working = chinese_calendar.is_workday(day)
        _on_holiday, festival = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None, ""
    return bool(working), festival or ""


def _makeup_name(festival: str) -> str:
    label = _FESTIVALS.get(festival)
    if label is None:
        return str(_("Make-up working day"))
    return str(format_lazy(_("Make-up working day ({festival})"), festival=label))


def calendar_exceptions(calendar: str, start: date, end: date) -> CalendarExceptions:
    """The holidays (and, on the mainland, make-up working days) from `start` to `end` inclusive,
    named in the active language."""
    if calendar not in (HONG_KONG, MAINLAND):
        raise ValueError(f"unknown calendar {calendar!r}")
    language = _language(calendar)
    found: list[DayException] = []
    unknown: set[int] = set()
    for year in range(start.year, end.year + 1):
        for day, name in _holidays_of(calendar, year, language).items():
            if start <= day <= end:
                found.append(DayException(day, DayKind.HOLIDAY, name))
    if calendar == MAINLAND:
        day = start
        while day <= end:
            if day.weekday() >= 5:
                working, festival = _makeup_day(day)
                if working is None:
                    unknown.add(day.year)
                    working = day in _fallback_makeup_days(day.year)
                if working:
                    found.append(DayException(day, DayKind.MAKEUP_WORKDAY, _makeup_name(festival)))
            day += timedelta(days=1)
    return CalendarExceptions(sorted(found, key=lambda e: e.day), frozenset(unknown))
