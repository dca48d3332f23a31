"""Every rule of the reports, as pure functions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from incubators import rules

from .factories import figures


def test_valid_report_has_no_errors():
    assert rules.report_errors(figures()) == {}


@pytest.mark.parametrize(
    ("part", "whole"),
    [
        ("incubated_hkmo", "incubated_total"),
        ("incubating", "incubated_total"),
        ("incubating_hkmo", "incubating"),
        ("incubating_hkmo", "incubated_hkmo"),
        ("members_hkmo", "members"),
    ],
)
def test_a_part_never_exceeds_its_whole(part, whole):
    values = figures()
    values[part] = values[whole] + 1
    # keep the other pairs valid where the part is itself a whole
    if part == "incubating":
        values["incubating_hkmo"] = 0
    if part == "incubated_hkmo":
        values["incubating_hkmo"] = 0
    errors = rules.report_errors(values)
    assert list(errors) == [part]
    assert str(values[part]) in errors[part][0]


def test_part_equal_to_whole_is_allowed():
    assert rules.report_errors(figures(incubated_hkmo=20, incubating=20, incubating_hkmo=10, members_hkmo=100)) == {}


@pytest.mark.parametrize("field", rules.FIGURE_FIELDS)
def test_every_figure_is_required(field):
    errors = rules.report_errors(figures(**{field: None}))
    assert list(errors) == [field]


@pytest.mark.parametrize("field", rules.FIGURE_FIELDS)
def test_no_figure_is_negative(field):
    errors = rules.report_errors(figures(**{field: -1}))
    assert field in errors


@pytest.mark.parametrize("field", rules.TO_DATE_FIELDS)
def test_to_date_count_cannot_fall_without_a_reason(field):
    previous = figures()
    current = figures(**{field: previous[field] - 1})
    errors = rules.report_errors(current, previous=previous)
    assert field in errors
    assert "correction_reason" in errors


def test_to_date_count_may_fall_with_a_reason_and_is_marked_for_staff():
    previous = figures()
    current = figures(incubated_total=19)
    assert rules.report_errors(current, previous=previous, correction_reason="Duplicate project removed") == {}
    assert rules.falling_to_date_fields(current, previous) == ["incubated_total"]


def test_blank_reason_is_no_reason():
    previous = figures()
    assert "correction_reason" in rules.report_errors(
        figures(incubated_total=19), previous=previous, correction_reason="  "
    )


def test_counts_now_may_fall():
    previous = figures()
    assert rules.report_errors(figures(incubating=2, incubating_hkmo=1, members=90), previous=previous) == {}


def test_messages_follow_the_language():
    values = figures(incubated_hkmo=30)
    with translation.override("en"):
        english = rules.report_errors(values)["incubated_hkmo"][0]
    with translation.override("zh-hant"):
        chinese = rules.report_errors(values)["incubated_hkmo"][0]
    assert "cannot be more than" in english
    assert chinese != english


# --- anomalies ----------------------------------------------------------------------------


def kinds(anomalies):
    return {(a.kind, a.field) for a in anomalies}


def test_no_anomaly_without_previous_or_for_small_moves():
    assert rules.report_anomalies(figures(), None) == []
    assert rules.report_anomalies(figures(incubated_total=25, members=140), figures()) == []


def test_a_count_jumping_by_more_than_half_is_flagged():
    assert ("jump", "members") in kinds(rules.report_anomalies(figures(members=151), figures()))
    assert ("jump", "members") not in kinds(rules.report_anomalies(figures(members=150), figures()))
    assert ("jump", "ip_items") in kinds(rules.report_anomalies(figures(ip_items=5), figures()))


def test_financing_falling_is_flagged():
    found = rules.report_anomalies(figures(financing_rmb=Decimal("999999.99")), figures())
    assert kinds(found) == {("financing_fall", "financing_rmb")}


def test_share_moving_by_more_than_20_points_is_flagged():
    # members: 30 % before; 51 % now (members_hkmo 51 of 100): 21 points
    found = rules.report_anomalies(figures(members_hkmo=51), figures())
    assert ("share_shift", "members_hkmo") in kinds(found)
    assert ("share_shift", "members_hkmo") not in kinds(rules.report_anomalies(figures(members_hkmo=50), figures()))


# --- periods and reminders ------------------------------------------------------------------


def test_parse_period():
    assert rules.parse_period("2023-06") == date(2023, 6, 1)
    for bad in ["2023-13", "2023-6", "23-06", "", None, "2023-06-01", "abcd-ef"]:
        assert rules.parse_period(bad) is None
    assert rules.format_period(date(2023, 6, 1)) == "2023-06"


def test_future_period_is_refused():
    assert rules.period_errors(date(2023, 7, 1), today=date(2023, 6, 30))
    # a month is reported once it has ended: June from 1 July, never during June
    assert rules.period_errors(date(2023, 6, 1), today=date(2023, 6, 30))
    assert rules.period_errors(date(2023, 6, 1), today=date(2023, 7, 1)) == []
    assert rules.months_between(date(2020, 2, 1), date(2023, 6, 1)) == 40
    assert rules.months_between(date(2023, 5, 1), date(2023, 6, 1)) == 1
    assert rules.period_errors(None, today=date(2023, 6, 1))


def test_reminders_due_after_the_due_day_and_staff_a_week_later():
    period = date(2023, 5, 1)
    assert rules.report_due_date(period, due_day=10) == date(2023, 6, 10)
    assert rules.reminders_due(period, today=date(2023, 6, 10), due_day=10, staff_after_days=7) == (False, False)
    assert rules.reminders_due(period, today=date(2023, 6, 11), due_day=10, staff_after_days=7) == (True, False)
    assert rules.reminders_due(period, today=date(2023, 6, 17), due_day=10, staff_after_days=7) == (True, False)
    assert rules.reminders_due(period, today=date(2023, 6, 18), due_day=10, staff_after_days=7) == (True, True)
    assert rules.periods_to_check(date(2023, 1, 5)) == [date(2022, 11, 1), date(2022, 12, 1)]


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx"])
def test_formula_cells_are_neutralised(text):
    assert rules.neutralise_cell(text) == "'" + text


def test_plain_cells_and_numbers_are_kept():
    assert rules.neutralise_cell("福田區") == "福田區"
    assert rules.neutralise_cell(-5) == -5


@pytest.mark.parametrize("field", rules.TO_DATE_FIELDS)
def test_changing_an_earlier_month_cannot_exceed_the_following_month(field):
    following = figures()
    errors = rules.report_errors(figures(**{field: following[field] + 1, "incubated_total": 21}), following=following)
    assert field in errors
    assert rules.report_errors(figures(), following=following) == {}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 4), date(2026, 10, 1)),  # November's reports are due on 10 December
        (date(2026, 12, 10), date(2026, 10, 1)),  # the due day itself: still open
        (date(2026, 12, 11), date(2026, 11, 1)),
        (date(2027, 1, 1), date(2026, 11, 1)),
    ],
)
def test_last_complete_period(today, expected):
    assert rules.last_complete_period(today=today, due_day=10) == expected


def test_carried_forward_counts_each_base_with_its_latest_report():
    def made(total):
        return {field: (Decimal(total) if field == "financing_rmb" else total) for field in rules.FIGURE_FIELDS}

    reports = [
        (2, date(2023, 6, 1), made(25)),
        (1, date(2023, 3, 1), made(100)),
        (2, date(2023, 3, 1), made(20)),
        (1, date(2023, 5, 1), made(110)),
    ]
    rows = rules.carried_forward(reports)
    assert [(r["period"].month, r["incubated_total"], r["bases"], r["bases_reported"]) for r in rows] == [
        (3, 120, 2, 2),
        (4, 120, 2, 0),
        (5, 130, 2, 1),
        (6, 135, 2, 1),
    ]
    assert rows[-1]["financing_rmb"] == Decimal(135)
    assert rules.carried_forward([]) == []
