"""The booking rules, as plain functions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from bookings import rules
from places.rules import DayHours, DayKind

TZ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


OPEN = DayHours(date(2026, 12, 7), ((time(9), time(12)), (time(14), time(18))))


def test_parse_period_hours_on_the_hour_and_end_after_start():
    assert rules.parse_period("hour", "2026-12-07T09:00", "2026-12-07T11:00", TZ) == (
        at("2026-12-07 09:00"),
        at("2026-12-07 11:00"),
    )
    with pytest.raises(ValueError) as error:
        rules.parse_period("hour", "2026-12-07T09:30", "2026-12-07T11:00", TZ)
    assert error.value.args[0] == "start"
    with pytest.raises(ValueError) as error:
        rules.parse_period("hour", "2026-12-07T11:00", "2026-12-07T11:00", TZ)
    assert error.value.args[0] == "end"
    with pytest.raises(ValueError):
        rules.parse_period("day", "tomorrow", "2026-12-08", TZ)


def test_parse_period_days_are_local_midnights_end_exclusive():
    starts, ends = rules.parse_period("night", "2026-12-07", "2026-12-10", TZ)
    assert (starts, ends) == (at("2026-12-07 00:00"), at("2026-12-10 00:00"))
    assert len(rules.slots("night", starts, ends)) == 3


def test_slots_by_the_hour():
    found = rules.slots("hour", at("2026-12-07 09:00"), at("2026-12-07 12:00"))
    assert [slot.start.hour for slot in found] == [9, 10, 11]


def test_day_slots_cut_the_opening_into_hours():
    found = rules.day_slots("hour", OPEN, OPEN, TZ)
    assert [slot.start.hour for slot in found] == [9, 10, 11, 14, 15, 16, 17]


def test_closed_reasons_name_both_calendars_closures_and_hours():
    slot = rules.Slot(at("2026-12-25 09:00"), at("2026-12-25 10:00"))
    holiday = DayHours(date(2026, 12, 25), (), DayKind.HOLIDAY, "Christmas Day")
    with translation.override("en"):
        assert (
            str(rules.closed_reason("hour", slot, holiday, "hk")) == "Closed: Hong Kong public holiday (Christmas Day)."
        )
        assert (
            str(rules.closed_reason("hour", slot, holiday, "cn")) == "Closed: mainland public holiday (Christmas Day)."
        )
        closure = DayHours(date(2026, 12, 25), (), DayKind.CLOSURE, "renovation")
        assert str(rules.closed_reason("hour", slot, closure, "cn")) == "Closed that day: renovation."
        weekend = DayHours(date(2026, 12, 26), ())
        assert str(rules.closed_reason("day", slot, weekend, "cn")) == "Closed on this day of the week."
        lunch = rules.Slot(at("2026-12-07 12:00"), at("2026-12-07 13:00"))
        assert str(rules.closed_reason("hour", lunch, OPEN, "cn")) == "Outside the opening hours."
        morning = rules.Slot(at("2026-12-07 11:00"), at("2026-12-07 12:00"))
        assert rules.closed_reason("hour", morning, OPEN, "cn") == ""


def test_closed_reason_is_translated():
    slot = rules.Slot(at("2026-12-25 09:00"), at("2026-12-25 10:00"))
    holiday = DayHours(date(2026, 12, 25), (), DayKind.HOLIDAY, "聖誕節")
    with translation.override("zh-hant"):
        assert "香港公眾假期" in str(rules.closed_reason("hour", slot, holiday, "hk"))


def test_eligibility():
    assert rules.eligible("youth", signed_in=False, verified_youth=False, team_member=False).reason == "not_eligible"
    assert rules.eligible("youth", signed_in=True, verified_youth=False, team_member=True).reason == "not_eligible"
    assert rules.eligible("youth", signed_in=True, verified_youth=True, team_member=False) is None
    assert rules.eligible("base_teams", signed_in=True, verified_youth=True, team_member=False) is not None
    assert rules.eligible("base_teams", signed_in=True, verified_youth=False, team_member=True) is None
    assert rules.eligible("signed_in", signed_in=True, verified_youth=False, team_member=False) is None


def test_three_no_shows_in_90_days_pause_30_days():
    now = at("2026-12-07 10:00")
    two = [now - timedelta(days=10), now - timedelta(days=5)]
    assert rules.paused_until(two, now) is None
    three = [*two, now - timedelta(days=1)]
    assert rules.paused_until(three, now) == now - timedelta(days=1) + timedelta(days=30)
    spread = [now - timedelta(days=200), now - timedelta(days=100), now - timedelta(days=1)]
    assert rules.paused_until(spread, now) is None
    old = [now - timedelta(days=60), now - timedelta(days=50), now - timedelta(days=40)]
    assert rules.paused_until(old, now) is None  # the pause ended ten days ago


def test_when_past_and_too_far_ahead():
    now = at("2026-12-07 10:00")
    assert rules.check_when(at("2026-12-07 09:00"), now, 14, TZ, "hour").reason == "past"
    assert rules.check_when(at("2026-12-07 00:00"), now, 14, TZ, "day") is None  # today's desk
    assert rules.check_when(at("2026-12-21 09:00"), now, 14, TZ, "hour") is None
    refusal = rules.check_when(at("2026-12-22 09:00"), now, 14, TZ, "hour")
    assert refusal.reason == "too_far_ahead"
    with translation.override("en"):
        assert "2026-12-21" in str(refusal.message)


def test_length_and_held_limits():
    assert rules.check_length(4, 4, "hour") is None
    assert rules.check_length(5, 4, "hour").reason == "limit"
    assert rules.check_held(6, 2, 8, "hour") is None
    assert rules.check_held(7, 2, 8, "hour").reason == "limit"


def test_capacity_per_unit():
    wanted = rules.slots("day", at("2026-12-07 00:00"), at("2026-12-10 00:00"))
    booked = [(at("2026-12-08 00:00"), at("2026-12-09 00:00"), 2), (at("2026-12-01 00:00"), at("2026-12-08 00:00"), 1)]
    taken = rules.taken_per_slot(wanted, booked)
    assert list(taken.values()) == [1, 2, 0]
    assert rules.first_full(wanted, taken, 3, 1) is None
    assert rules.first_full(wanted, taken, 3, 2).start == at("2026-12-08 00:00")
    assert rules.full_refusal(wanted[1], 1, TZ).reason == "full"


def test_allowance_split():
    assert rules.split_allowance(left=7, units=3, beyond_allowed=False, beyond_max=0, beyond_used=0) == rules.Split(
        3, 0
    )
    assert (
        rules.split_allowance(left=2, units=3, beyond_allowed=False, beyond_max=0, beyond_used=0).reason == "allowance"
    )
    assert rules.split_allowance(left=30, units=60, beyond_allowed=True, beyond_max=335, beyond_used=0) == rules.Split(
        30, 30
    )
    assert (
        rules.split_allowance(left=0, units=30, beyond_allowed=True, beyond_max=335, beyond_used=320).reason
        == "allowance"
    )


def test_beyond_price_is_exact():
    assert rules.beyond_price(30, Decimal("150.00"), Decimal("50")) == Decimal("2250.00")
    assert rules.beyond_price(1, Decimal("99.99"), Decimal("50")) == Decimal("50.00")
    assert rules.beyond_price(0, Decimal("150"), Decimal("50")) is None


def test_check_in_window_release_and_cancel_deadline():
    start, end = at("2026-12-07 09:00"), at("2026-12-07 10:00")
    assert not rules.check_in_open(start, end, at("2026-12-07 08:29"))
    assert rules.check_in_open(start, end, at("2026-12-07 08:30"))
    assert not rules.check_in_open(start, end, end)
    assert not rules.release_due(start, at("2026-12-07 09:14"))
    assert rules.release_due(start, at("2026-12-07 09:15"))
    assert rules.may_cancel(start, at("2026-12-07 07:00"), 2)
    assert not rules.may_cancel(start, at("2026-12-07 07:01"), 2)


def test_the_calendar_week_is_the_monday_of_the_week_asked_for_within_reach():
    from datetime import date

    from bookings.rules import calendar_week

    today = date(2026, 12, 8)  # a Tuesday
    assert calendar_week("", today) == date(2026, 12, 7)
    assert calendar_week("2026-12-20", today) == date(2026, 12, 14)
    assert calendar_week("2025-01-01", today) == date(2024, 12, 30)  # staff look back
    for text in ("9999-12-31", "0001-01-01", "2026-13-01", "next week", "\x00"):
        assert calendar_week(text, today) == date(2026, 12, 7), text
