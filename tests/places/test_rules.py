"""Opening hours: open now and next open at given instants, in the place's time zone, with the
holidays of its calendar and the mainland's make-up working days; parsing of the rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from places import rules
from places.calendars import HONG_KONG, MAINLAND, calendar_exceptions
from places.rules import DayException, DayKind, WeeklyRule

SHANGHAI = ZoneInfo("Asia/Shanghai")
HK = ZoneInfo("Asia/Hong_Kong")
WEEKDAYS = frozenset(range(5))
# A government hall: 09:00-12:00 and 14:00-18:00 on working days.
HALL = [WeeklyRule(WEEKDAYS, time(9), time(12)), WeeklyRule(WEEKDAYS, time(14), time(18))]
# A reverse enclave: 10:00-18:00, Monday to Saturday.
ENCLAVE = [WeeklyRule(frozenset(range(6)), time(10), time(18))]


def at(tz: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=tz)


def mainland(start: date, end: date) -> dict[date, DayException]:
    return rules.merge_exceptions(calendar_exceptions(MAINLAND, start, end).exceptions)


def hong_kong(start: date, end: date) -> dict[date, DayException]:
    return rules.merge_exceptions(
        e for e in calendar_exceptions(HONG_KONG, start, end).exceptions if e.kind == DayKind.HOLIDAY
    )


# --- open now ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (at(SHANGHAI, 2024, 3, 4, 8, 59, 59), False),  # Monday, before opening
        (at(SHANGHAI, 2024, 3, 4, 9, 0), True),  # opening minute
        (at(SHANGHAI, 2024, 3, 4, 11, 59), True),
        (at(SHANGHAI, 2024, 3, 4, 12, 0), False),  # lunch break: closes_at is exclusive
        (at(SHANGHAI, 2024, 3, 4, 13, 30), False),
        (at(SHANGHAI, 2024, 3, 4, 14, 0), True),
        (at(SHANGHAI, 2024, 3, 4, 17, 59, 59), True),
        (at(SHANGHAI, 2024, 3, 4, 18, 0), False),
        (at(SHANGHAI, 2024, 3, 9, 10, 0), False),  # an ordinary Saturday
        (at(SHANGHAI, 2024, 3, 10, 10, 0), False),  # an ordinary Sunday
        (datetime(2024, 3, 4, 1, 30, tzinfo=UTC), True),  # 09:30 in Shenzhen
        (datetime(2024, 3, 3, 23, 30, tzinfo=UTC), False),  # 07:30 Monday in Shenzhen, Sunday in UTC
    ],
)
def test_open_now_on_ordinary_days(instant, expected):
    assert rules.is_open(HALL, {}, instant, SHANGHAI) is expected


def test_a_mainland_make_up_working_day_opens_a_government_hall():
    # Sunday 4 February 2024 was worked (调休 for the Spring Festival): the hall opens with
    # Monday's hours, though its weekly rules say nothing of Sundays.
    sunday = date(2024, 2, 4)
    exceptions = mainland(sunday, sunday)
    assert exceptions[sunday].kind == DayKind.MAKEUP_WORKDAY
    assert rules.is_open(HALL, exceptions, at(SHANGHAI, 2024, 2, 4, 10, 0), SHANGHAI)
    assert not rules.is_open(HALL, exceptions, at(SHANGHAI, 2024, 2, 4, 13, 0), SHANGHAI)  # lunch, as on Mondays
    assert not rules.is_open(HALL, {}, at(SHANGHAI, 2024, 2, 4, 10, 0), SHANGHAI)  # without the calendar: shut


def test_a_mainland_public_holiday_closes_the_hall_on_a_weekday():
    # Thursday 15 February 2024: a day off of the Spring Festival week (in lieu of 4 February).
    day = date(2024, 2, 15)
    exceptions = mainland(day, day)
    assert exceptions[day].kind == DayKind.HOLIDAY
    assert not rules.is_open(HALL, exceptions, at(SHANGHAI, 2024, 2, 15, 10, 0), SHANGHAI)
    assert rules.is_open(HALL, {}, at(SHANGHAI, 2024, 2, 15, 10, 0), SHANGHAI)


def test_a_hong_kong_public_holiday_closes_a_reverse_enclave():
    # Tuesday 1 October 2024, National Day, a Hong Kong general holiday: the enclave is closed;
    # the Monday before and the Wednesday after it opens.
    exceptions = hong_kong(date(2024, 9, 30), date(2024, 10, 2))
    assert exceptions[date(2024, 10, 1)].kind == DayKind.HOLIDAY
    assert not rules.is_open(ENCLAVE, exceptions, at(HK, 2024, 10, 1, 11, 0), HK)
    assert rules.is_open(ENCLAVE, exceptions, at(HK, 2024, 9, 30, 11, 0), HK)
    assert rules.is_open(ENCLAVE, exceptions, at(HK, 2024, 10, 2, 11, 0), HK)


def test_hong_kong_places_ignore_the_mainlands_make_up_days():
    # 29 September 2024 (a Sunday) was worked on the mainland, not in Hong Kong.
    assert date(2024, 9, 29) in mainland(date(2024, 9, 29), date(2024, 9, 29))
    assert date(2024, 9, 29) not in hong_kong(date(2024, 9, 29), date(2024, 9, 29))


def test_the_instant_is_read_in_the_places_own_zone():
    # 17:30 UTC on Monday is 01:30 on Tuesday in Hong Kong and Shenzhen.
    instant = datetime(2024, 3, 4, 17, 30, tzinfo=UTC)
    late = [WeeklyRule(frozenset({1}), time(0), time(2))]  # Tuesdays 00:00-02:00
    assert rules.is_open(late, {}, instant, HK)
    assert rules.is_open(late, {}, instant, SHANGHAI)
    assert not rules.is_open(late, {}, instant, ZoneInfo("UTC"))


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match="aware"):
        rules.is_open(HALL, {}, datetime(2024, 3, 4, 10, 0), SHANGHAI)


def test_a_closure_beats_a_make_up_day_and_a_holiday_beats_a_make_up_day():
    day = date(2024, 2, 4)
    makeup = DayException(day, DayKind.MAKEUP_WORKDAY, "m")
    holiday = DayException(day, DayKind.HOLIDAY, "h")
    closure = DayException(day, DayKind.CLOSURE, "c")
    assert rules.merge_exceptions([makeup], [closure])[day].kind == DayKind.CLOSURE
    assert rules.merge_exceptions([closure], [makeup])[day].kind == DayKind.CLOSURE
    assert rules.merge_exceptions([makeup, holiday])[day].kind == DayKind.HOLIDAY
    merged = rules.merge_exceptions(mainland(day, day).values(), rules.closure_days(day, day, "Typhoon"))
    assert not rules.is_open(HALL, merged, at(SHANGHAI, 2024, 2, 4, 10, 0), SHANGHAI)


def test_closures_cover_every_day_of_their_range():
    days = rules.closure_days(date(2024, 3, 4), date(2024, 3, 6), "Renovation")
    assert [d.day for d in days] == [date(2024, 3, 4), date(2024, 3, 5), date(2024, 3, 6)]
    merged = rules.merge_exceptions(days)
    assert not rules.is_open(HALL, merged, at(SHANGHAI, 2024, 3, 5, 10, 0), SHANGHAI)
    assert rules.is_open(HALL, merged, at(SHANGHAI, 2024, 3, 7, 10, 0), SHANGHAI)


def test_rules_outside_their_validity_do_not_apply():
    summer = [WeeklyRule(WEEKDAYS, time(9), time(18), valid_from=date(2024, 7, 1), valid_to=date(2024, 8, 31))]
    assert rules.is_open(summer, {}, at(SHANGHAI, 2024, 7, 1, 10, 0), SHANGHAI)
    assert not rules.is_open(summer, {}, at(SHANGHAI, 2024, 6, 28, 10, 0), SHANGHAI)
    assert not rules.is_open(summer, {}, at(SHANGHAI, 2024, 9, 2, 10, 0), SHANGHAI)


def test_no_rules_means_never_open():
    assert not rules.is_open([], {}, at(SHANGHAI, 2024, 3, 4, 10, 0), SHANGHAI)
    assert rules.next_open([], {}, at(SHANGHAI, 2024, 3, 4, 10, 0), SHANGHAI) is None


# --- next open ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (at(SHANGHAI, 2024, 3, 4, 10, 0), at(SHANGHAI, 2024, 3, 4, 10, 0)),  # open now: now
        (at(SHANGHAI, 2024, 3, 4, 7, 0), at(SHANGHAI, 2024, 3, 4, 9, 0)),  # later today
        (at(SHANGHAI, 2024, 3, 4, 12, 30), at(SHANGHAI, 2024, 3, 4, 14, 0)),  # after lunch
        (at(SHANGHAI, 2024, 3, 4, 18, 0), at(SHANGHAI, 2024, 3, 5, 9, 0)),  # tomorrow
        (at(SHANGHAI, 2024, 3, 8, 19, 0), at(SHANGHAI, 2024, 3, 11, 9, 0)),  # Friday night: Monday
    ],
)
def test_next_open(instant, expected):
    assert rules.next_open(HALL, {}, instant, SHANGHAI) == expected


def test_next_open_skips_the_spring_festival_and_finds_the_make_up_sunday():
    # Friday 9 February 2024 evening: the week of holidays (10-17 Feb) follows; Sunday 18 Feb is a
    # make-up working day, so the hall next opens then, not on Monday 19.
    start, end = date(2024, 2, 9), date(2024, 2, 29)
    exceptions = mainland(start, end)
    assert rules.next_open(HALL, exceptions, at(SHANGHAI, 2024, 2, 9, 19, 0), SHANGHAI) == at(
        SHANGHAI, 2024, 2, 18, 9, 0
    )


def test_next_open_after_a_hong_kong_holiday():
    exceptions = hong_kong(date(2024, 12, 24), date(2025, 1, 5))
    # Christmas Day and the first weekday after it (26 Dec) are general holidays in Hong Kong.
    assert rules.next_open(ENCLAVE, exceptions, at(HK, 2024, 12, 24, 19, 0), HK) == at(HK, 2024, 12, 27, 10, 0)


def test_next_opening_gives_the_current_stretch_and_the_horizon_bounds_the_search():
    opening = rules.next_opening(HALL, {}, at(SHANGHAI, 2024, 3, 4, 10, 0), SHANGHAI)
    assert opening is not None
    assert (opening.starts, opening.ends) == (at(SHANGHAI, 2024, 3, 4, 9, 0), at(SHANGHAI, 2024, 3, 4, 12, 0))
    weekends = [WeeklyRule(frozenset({5}), time(9), time(10))]
    assert rules.next_open(weekends, {}, at(SHANGHAI, 2024, 3, 4, 10, 0), SHANGHAI, horizon_days=3) is None
    assert rules.next_open(weekends, {}, at(SHANGHAI, 2024, 3, 4, 10, 0), SHANGHAI, horizon_days=5) == at(
        SHANGHAI, 2024, 3, 9, 9, 0
    )


# --- schedule ------------------------------------------------------------------------------------


def test_schedule_of_14_days_marks_holidays_and_make_up_days():
    start = date(2024, 9, 28)
    exceptions = mainland(start, start + timedelta(days=13))
    days = rules.schedule(HALL, exceptions, start, 14)
    assert len(days) == 14
    by_day = {d.day: d for d in days}
    assert by_day[date(2024, 9, 29)].kind == DayKind.MAKEUP_WORKDAY  # Sunday worked
    assert by_day[date(2024, 9, 29)].opens_at == time(9)
    assert by_day[date(2024, 10, 1)].kind == DayKind.HOLIDAY and by_day[date(2024, 10, 1)].closed
    assert by_day[date(2024, 10, 1)].name  # named
    assert by_day[date(2024, 10, 8)].periods == ((time(9), time(12)), (time(14), time(18)))


def test_overlapping_rules_merge():
    overlapping = [WeeklyRule(WEEKDAYS, time(9), time(13)), WeeklyRule(WEEKDAYS, time(12), time(18))]
    assert rules.day_hours(overlapping, {}, date(2024, 3, 4)).periods == ((time(9), time(18)),)


# --- calendars -----------------------------------------------------------------------------------


def test_a_year_chinese_calendar_does_not_know_falls_back_to_holidays_and_says_so():
    import chinese_calendar

    from places import calendars

    known_until = max(day.year for day in chinese_calendar.holidays)
    year = known_until + 1
    found = calendar_exceptions(MAINLAND, date(year, 1, 1), date(year, 12, 31))
    assert found.unknown_makeup_years == frozenset({year})
    assert any(e.kind == DayKind.HOLIDAY for e in found.exceptions)  # holidays still known
    fallback = calendars._fallback_makeup_days(year)
    assert {e.day for e in found.exceptions if e.kind == DayKind.MAKEUP_WORKDAY} == set(fallback)
    assert calendar_exceptions(MAINLAND, date(2024, 1, 1), date(2024, 1, 31)).unknown_makeup_years == frozenset()


def test_holiday_names_follow_the_language():
    from django.utils import translation

    day = date(2024, 10, 1)
    names = {}
    for language in ("zh-hant", "zh-hans", "en"):
        with translation.override(language):
            names[language] = calendar_exceptions(HONG_KONG, day, day).exceptions[0].name
    assert names["en"] == "National Day"
    assert names["zh-hant"] != names["en"] and names["zh-hans"] != names["en"]


def test_an_unknown_calendar_is_refused():
    with pytest.raises(ValueError):
        calendar_exceptions("mo", date(2024, 1, 1), date(2024, 1, 2))


# --- parsing -------------------------------------------------------------------------------------


def test_byday_round_trip_and_refusals():
    assert rules.parse_byday("MO,tu, WE") == frozenset({0, 1, 2})
    assert rules.format_byday({4, 0, 6}) == "MO,FR,SU"
    for bad in ("", "XX", "MO,XX"):
        with pytest.raises(ValueError):
            rules.parse_byday(bad)


def test_rules_text_as_operators_type_it():
    parsed, bad = rules.parse_rules_text(
        "MO-FR 09:00-12:00\n\nMO-FR 14:00–18:00\nSA,SU 10:00-16:00\nsometimes\nFR 18:00-09:00"
    )
    assert bad == [5, 6]
    assert [rule.byday for rule in parsed] == ["MO,TU,WE,TH,FR", "MO,TU,WE,TH,FR", "SA,SU"]
    assert rules.format_rules_text(parsed).splitlines()[2] == "SA,SU 10:00-16:00"


def test_a_weekly_rule_must_close_after_it_opens():
    with pytest.raises(ValueError):
        WeeklyRule(WEEKDAYS, time(18), time(9))
    with pytest.raises(ValueError):
        WeeklyRule(frozenset(), time(9), time(18))


# --- confirmation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 12, 15), -6, date(2024, 6, 15)),
        (date(2024, 3, 1), 12, date(2025, 3, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_confirmation_is_due_six_months_after_the_last_one_or_the_listing():
    assert rules.confirmation_due_on(date(2024, 1, 10), date(2023, 1, 1)) == date(2024, 7, 10)
    assert rules.confirmation_due_on(None, date(2024, 1, 10)) == date(2024, 7, 10)
    assert not rules.confirmation_overdue(date(2024, 1, 10), date(2023, 1, 1), date(2024, 7, 9))
    assert rules.confirmation_overdue(date(2024, 1, 10), date(2023, 1, 1), date(2024, 7, 10))
