"""The rules as pure functions: every branch, with the figures of DOMAIN.md."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from subsidies import rules
from subsidies.rules import ClaimFacts, RuleParams

FUTIAN = RuleParams(
    kind=rules.MONTHLY_BY_EDUCATION, rates={"associate": "1000", "bachelor": "1500", "master": "2500", "phd": "4500"}
)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 1), date(2026, 3, 31), 3),
        (date(2026, 1, 15), date(2026, 4, 14), 3),
        (date(2026, 1, 15), date(2026, 4, 13), 2),
        (date(2026, 1, 1), date(2026, 1, 30), 0),
        (date(2026, 1, 1), date(2026, 1, 31), 1),
        (date(2026, 1, 31), date(2026, 2, 27), 0),
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2025, 11, 1), date(2026, 2, 28), 4),
        (date(2026, 3, 1), date(2026, 2, 1), 0),
        (date(2026, 3, 1), date(2027, 2, 28), 12),
        (date(2026, 3, 5), date(2026, 3, 5), 0),
    ],
)
def test_whole_months(start, end, months):
    assert rules.whole_months(start, end) == months


def test_add_months_rolls_to_first_of_next_month_when_day_is_missing():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 3, 1)
    assert rules.add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 3, 1)  # no 30 February
    assert rules.add_months(date(2026, 11, 30), 1) == date(2026, 12, 30)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("associate", "3000.00"), ("bachelor", "4500.00"), ("master", "7500.00"), ("phd", "13500.00")],
)
def test_futian_internship_by_education(level, expected):
    facts = ClaimFacts(education_level=level, start_date=date(2026, 1, 1), end_date=date(2026, 3, 31))
    result = rules.eligible_amount(FUTIAN, facts)
    assert result.amount == Decimal(expected)
    assert result.calculation["months"] == 3


def test_calculation_words_in_english_and_chinese():
    facts = ClaimFacts(education_level="master", start_date=date(2026, 1, 1), end_date=date(2026, 3, 31))
    calc = rules.eligible_amount(FUTIAN, facts).calculation
    with translation.override("en"):
        assert rules.calculation_words(calc) == "master, 3 whole months × 2,500 = 7,500"
    with translation.override("zh-hant"):
        assert "7,500" in rules.calculation_words(calc)


def test_monthly_rule_ceiling_caps_and_says_so():
    params = RuleParams(kind=rules.MONTHLY_BY_EDUCATION, rates={"phd": "4500"}, ceiling=Decimal("20000"))
    facts = ClaimFacts(education_level="phd", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    result = rules.eligible_amount(params, facts)
    assert result.amount == Decimal("20000.00")
    with translation.override("en"):
        assert rules.calculation_words(result.calculation) == "PhD, 12 whole months × 4,500 = 54,000; capped at 20,000"


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        (ClaimFacts(start_date=date(2026, 1, 1), end_date=date(2026, 2, 1)), "education_level"),
        (ClaimFacts(education_level="master", end_date=date(2026, 2, 1)), "start_date"),
        (ClaimFacts(education_level="master", start_date=date(2026, 1, 1)), "end_date"),
        (ClaimFacts(education_level="master", start_date=date(2026, 3, 1), end_date=date(2026, 2, 1)), "end_date"),
    ],
)
def test_monthly_rule_needs_its_facts(facts, field):
    with pytest.raises(rules.RuleError) as error:
        rules.eligible_amount(FUTIAN, facts)
    assert field in error.value.errors


def test_monthly_rule_without_rate_for_level():
    with pytest.raises(rules.RuleError):
        rules.eligible_amount(
            RuleParams(kind=rules.MONTHLY_BY_EDUCATION, rates={"master": "2500"}),
            ClaimFacts(education_level="phd", start_date=date(2026, 1, 1), end_date=date(2026, 5, 1)),
        )


def test_fixed_living_subsidy_and_base_award():
    luohu = rules.eligible_amount(RuleParams(kind=rules.FIXED, amount=Decimal("60000")), ClaimFacts())
    assert luohu.amount == Decimal("60000.00")
    base = rules.eligible_amount(RuleParams(kind=rules.FIXED, amount=Decimal("500000")), ClaimFacts())
    assert base.amount == Decimal("500000.00")
    with translation.override("en"):
        assert rules.calculation_words(luohu.calculation) == "one-time amount of 60,000"


def test_up_to_landing_support():
    result = rules.eligible_amount(RuleParams(kind=rules.UP_TO, ceiling=Decimal("1000000")), ClaimFacts())
    assert result.amount == Decimal("1000000.00")
    with translation.override("en"):
        assert rules.calculation_words(result.calculation) == "up to 1,000,000"


@pytest.mark.parametrize(
    ("financing", "expected"),
    [
        ("2000000", "200000.00"),
        ("10000000", "1000000.00"),
        ("50000000", "1000000.00"),
        ("0", "0.00"),
        ("1234.56", "123.45"),
    ],
)
def test_up_to_proportional(financing, expected):
    params = RuleParams(kind=rules.UP_TO_PROPORTIONAL, ceiling=Decimal("1000000"), proportion=Decimal("0.1"))
    result = rules.eligible_amount(params, ClaimFacts(financing_amount=Decimal(financing)))
    assert result.amount == Decimal(expected)


def test_up_to_proportional_needs_financing():
    params = RuleParams(kind=rules.UP_TO_PROPORTIONAL, ceiling=Decimal("1000000"), proportion=Decimal("0.1"))
    with pytest.raises(rules.RuleError):
        rules.eligible_amount(params, ClaimFacts())
    with pytest.raises(rules.RuleError):
        rules.eligible_amount(params, ClaimFacts(financing_amount=Decimal("-1")))


def test_mentor_services_from_the_mentors_entitlement():
    params = RuleParams(kind=rules.MENTOR_SERVICES)
    result = rules.eligible_amount(
        params,
        ClaimFacts(),
        mentor_summary={"total": Decimal("3000"), "claimed": Decimal("1000"), "claimable": Decimal("2000")},
    )
    assert result.amount == Decimal("2000.00")
    with translation.override("en"):
        assert "claimable 2,000" in rules.calculation_words(result.calculation)
    with pytest.raises(RuntimeError):  # the service always reads the mentorship app's summary
        rules.eligible_amount(params, ClaimFacts(), mentor_summary=None)


def test_the_version_in_force_is_the_latest_started_never_a_later_one():
    from dataclasses import dataclass
    from datetime import date

    @dataclass
    class Version:
        effective_from: date

    old, current, future = Version(date(2023, 1, 1)), Version(date(2025, 1, 1)), Version(date(2027, 1, 1))
    versions = [future, old, current]
    assert rules.version_in_force(versions, date(2026, 6, 1)) is current
    assert rules.version_in_force(versions, date(2025, 1, 1)) is current
    assert rules.version_in_force(versions, date(2024, 12, 31)) is old
    assert rules.version_in_force(versions, date(2022, 1, 1)) is None
    assert rules.version_in_force(versions, date(2027, 1, 1)) is future


def test_benefit_lines_are_what_eligible_amount_pays_for_one_unit():
    monthly = RuleParams(kind=rules.MONTHLY_BY_EDUCATION, rates={"master": "2500", "phd": "4500"})
    lines = rules.benefit_lines(monthly)
    assert [(line.education_level, line.amount, line.unit) for line in lines] == [
        ("master", Decimal("2500.00"), "per_month"),
        ("phd", Decimal("4500.00"), "per_month"),
    ]
    capped = rules.benefit_lines(
        RuleParams(kind=rules.MONTHLY_BY_EDUCATION, rates={"master": "2500"}, ceiling=Decimal("2000"))
    )
    assert (capped[0].amount, capped[0].ceiling) == (Decimal("2000.00"), Decimal("2000.00"))
    fixed = rules.benefit_lines(RuleParams(kind=rules.FIXED, amount=Decimal("60000"), ceiling=Decimal("60000")))
    assert [(line.amount, line.unit, line.ceiling) for line in fixed] == [(Decimal("60000.00"), "one_time", None)]
    up_to = rules.benefit_lines(RuleParams(kind=rules.UP_TO, ceiling=Decimal("1000000")))
    assert [(line.amount, line.ceiling) for line in up_to] == [(None, Decimal("1000000.00"))]
    proportional = rules.benefit_lines(
        RuleParams(kind=rules.UP_TO_PROPORTIONAL, ceiling=Decimal("1000000"), proportion=Decimal("0.1"))
    )
    assert [(line.amount, line.ceiling, line.proportion) for line in proportional] == [
        (None, Decimal("1000000.00"), Decimal("0.1"))
    ]
    assert rules.benefit_lines(RuleParams(kind=rules.MENTOR_SERVICES)) == []


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        rules.eligible_amount(RuleParams(kind="lottery"), ClaimFacts())


def test_cap_left_and_approval_limit():
    assert rules.cap_left(None, Decimal("5")) is None
    assert rules.cap_left(Decimal("60000"), Decimal("0")) == Decimal("60000.00")
    assert rules.cap_left(Decimal("60000"), Decimal("60000")) == Decimal("0.00")
    assert rules.cap_left(Decimal("60000"), Decimal("70000")) == Decimal("0.00")
    assert rules.approval_limit(
        eligible=Decimal("7500"), requested=Decimal("5000"), cap_remaining=None, budget_remaining=None
    ) == Decimal("5000.00")
    assert rules.approval_limit(
        eligible=Decimal("7500"), requested=None, cap_remaining=Decimal("3000"), budget_remaining=Decimal("4000")
    ) == Decimal("3000.00")
    assert rules.approval_limit(
        eligible=Decimal("7500"), requested=None, cap_remaining=None, budget_remaining=Decimal("1000")
    ) == Decimal("1000.00")


@pytest.mark.parametrize(
    ("amount", "kwargs", "count"),
    [
        ("7500", {}, 0),
        ("7500.01", {}, 1),
        ("0", {}, 1),
        ("-5", {}, 1),
        ("100.001", {}, 1),
        ("7000", {"requested": Decimal("6000")}, 1),
        ("7000", {"cap_remaining": Decimal("6999")}, 1),
        ("7000", {"budget_remaining": Decimal("6999")}, 1),
        ("7000", {"cap_remaining": Decimal("7000"), "budget_remaining": Decimal("7000")}, 0),
    ],
)
def test_approval_errors(amount, kwargs, count):
    args = {"eligible": Decimal("7500"), "requested": None, "cap_remaining": None, "budget_remaining": None, **kwargs}
    assert len(rules.approval_errors(amount=Decimal(amount), **args)) == count


def test_hkid_check_digit_known_number():
    # A123456(3) is the Immigration Department's published example
    assert rules.hkid_is_valid("A123456(3)")
    assert rules.hkid_is_valid("a1234563")
    assert not rules.hkid_is_valid("A123456(4)")


@pytest.mark.parametrize("letters", ["A", "Z", "AB", "XA", "WX"])
def test_hkid_every_check_digit_computed_is_the_only_valid_one(letters):
    digits = "987654"
    good = rules.hkid_check_digit(letters, digits)
    for candidate in "0123456789A":
        assert rules.hkid_is_valid(f"{letters}{digits}({candidate})") is (candidate == good)


def test_hkid_check_digit_a_for_ten():
    # find a number whose check digit is A and one whose is 0: both branches
    digits_for = {rules.hkid_check_digit("A", f"{n:06d}"): n for n in range(200)}
    assert "A" in digits_for and "0" in digits_for
    assert rules.hkid_is_valid(f"A{digits_for['A']:06d}A")


@pytest.mark.parametrize(
    ("kind", "number", "ok"),
    [
        ("hkid", "A123456(3)", True),
        ("hkid", "A123456(9)", False),
        ("hkid", "123456(3)", False),
        ("hkid", "", False),
        ("home_return_permit", "H12345678", True),
        ("home_return_permit", "M1234567801", True),
        ("home_return_permit", "X12345678", False),
        ("home_return_permit", "H1234", False),
        ("passport", "K12345678", True),
        ("passport", "K1", False),
        ("driving_licence", "A123", False),
    ],
)
def test_identity_error(kind, number, ok):
    assert (rules.identity_error(kind, number) is None) is ok


def test_canonical_and_mask():
    assert rules.canonical_identity("hkid", " a123456(3) ") == "A1234563"
    assert rules.mask_identity("A1234563") == "••••4563"
    assert rules.mask_identity("") == ""
    assert rules.mask_identity("123") == "123"


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"])
def test_spreadsheet_safe_neutralises_formulas(value):
    assert rules.spreadsheet_safe(value) == "'" + value


def test_spreadsheet_safe_leaves_other_values():
    assert rules.spreadsheet_safe("陳嘉欣") == "陳嘉欣"
    assert rules.spreadsheet_safe(Decimal("-5")) == Decimal("-5")
    assert rules.spreadsheet_safe("") == ""


def test_working_days_and_months_covered():
    # Friday 2026-11-20 to Monday 2026-11-30: 6 working days
    assert rules.working_days_between(date(2026, 11, 20), date(2026, 11, 30)) == 6
    assert rules.working_days_between(date(2026, 11, 30), date(2026, 11, 20)) == 0
    assert rules.months_covered(date(2025, 12, 15), date(2026, 2, 1)) == {(2025, 12), (2026, 1), (2026, 2)}
    assert rules.periods_overlap(date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 1), date(2026, 3, 1))
    assert not rules.periods_overlap(date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), date(2026, 3, 1))


def test_format_amount():
    assert rules.format_amount(Decimal("7500")) == "7,500"
    assert rules.format_amount(Decimal("1234.5")) == "1,234.50"


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=0, max_value=60))
def test_whole_months_property_exact_spans(start, months):
    """A span ending the day before `start` + n months is exactly n whole months; one day less
    is n - 1."""
    end = rules.add_months(start, months) - timedelta(days=1)
    if months == 0:
        assert rules.whole_months(start, end) == 0
        return
    assert rules.whole_months(start, end) == months
    assert rules.whole_months(start, end - timedelta(days=1)) == months - 1


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
)
def test_whole_months_never_negative_and_monotonic(start, end):
    months = rules.whole_months(start, end)
    assert months >= 0
    assert rules.whole_months(start, end + timedelta(days=40)) >= months
