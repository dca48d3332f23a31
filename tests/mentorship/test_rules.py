"""mentorship.rules: every rule at and around its boundary (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mentorship import rules
from mentorship.rules import AttendanceRecord, Rates, ServiceRecord

D = Decimal
LUOHU = Rates(
    effective_from=dt.date(2023, 6, 14),
    career_guidance_rate=D("200"),
    career_guidance_cap=D("1000"),
    internship_guidance_rate=D("100"),
    internship_guidance_cap=D("2000"),
    referral_first_amount=D("1000"),
    referral_first_months=1,
    referral_further_amount=D("4000"),
    referral_further_months=6,
    public_welfare_rate=D("1000"),
)
DAY = dt.date(2024, 3, 1)


def entitlement(services=(), attendances=(), schedules=(LUOHU,)):
    return rules.compute_entitlement(services=services, attendances=attendances, schedules=schedules)


def sessions(n, relationship_id=1):
    return [ServiceRecord(relationship_id, "career_guidance", DAY + dt.timedelta(days=i), pk=i) for i in range(n)]


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0"), (1, "200"), (4, "800"), (5, "1000"), (6, "1000"), (9, "1000")]
)
def test_career_guidance_200_a_session_capped_at_1000_per_mentee(count, expected):
    result = entitlement(sessions(count))
    assert result.career_guidance == D(expected)
    assert result.total == D(expected)


def test_career_guidance_cap_is_per_mentee():
    result = entitlement(sessions(6, relationship_id=1) + sessions(6, relationship_id=2))
    assert result.relationships[1].career_guidance == D("1000")
    assert result.relationships[2].career_guidance == D("1000")
    assert result.career_guidance == D("2000")


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([1], "100"),
        ([19], "1900"),
        ([20], "2000"),
        ([21], "2000"),
        ([10, 10], "2000"),
        ([10, 11], "2000"),
        ([15, 4], "1900"),
        ([15, 5, 1], "2000"),
    ],
)
def test_internship_guidance_100_a_day_capped_at_2000_per_mentee(days, expected):
    services = [
        ServiceRecord(1, "internship_guidance", DAY + dt.timedelta(days=i), days=n, pk=i) for i, n in enumerate(days)
    ]
    assert entitlement(services).internship_guidance == D(expected)


def referral(months, employer="Luohu Trading Ltd", day=DAY, pk=1, relationship_id=1):
    return ServiceRecord(
        relationship_id,
        "job_referral",
        day,
        employer=employer,
        hired_on=day + dt.timedelta(days=7),
        insured_months=months,
        pk=pk,
    )


@pytest.mark.parametrize(
    ("months", "expected"), [(0, "0"), (1, "1000"), (2, "1000"), (5, "1000"), (6, "5000"), (7, "5000"), (12, "5000")]
)
def test_job_referral_1000_at_one_month_and_4000_more_at_six_with_the_same_employer(months, expected):
    assert entitlement([referral(months)]).job_referral == D(expected)


def test_job_referral_change_of_employer_does_not_add_up_to_six_months():
    first = referral(3, employer="Employer A", pk=1)
    second = referral(3, employer="Employer B", day=DAY + dt.timedelta(days=120), pk=2)
    result = entitlement([first, second])
    assert result.job_referral == D("1000")  # 3 + 3 months with two employers: no further 4,000


def test_job_referral_six_months_with_the_second_employer_pays_the_further_amount_once():
    first = referral(3, employer="Employer A", pk=1)
    second = referral(6, employer="Employer B", day=DAY + dt.timedelta(days=120), pk=2)
    assert entitlement([first, second]).job_referral == D("5000")  # 1,000 once, 4,000 once
    third = referral(8, employer="Employer C", day=DAY + dt.timedelta(days=300), pk=3)
    assert entitlement([first, second, third]).job_referral == D("5000")


def test_job_referral_without_a_hiring_date_earns_nothing():
    record = ServiceRecord(1, "job_referral", DAY, employer="X", hired_on=None, insured_months=6)
    assert entitlement([record]).job_referral == D("0")


@pytest.mark.parametrize(("activities", "expected"), [(0, "0"), (1, "1000"), (3, "3000")])
def test_public_welfare_1000_per_activity_no_cap(activities, expected):
    attendances = [AttendanceRecord(i, DAY) for i in range(activities)]
    result = entitlement(attendances=attendances)
    assert result.public_welfare == D(expected)
    assert result.total == D(expected)


def test_public_welfare_same_activity_pays_once():
    assert entitlement(attendances=[AttendanceRecord(1, DAY), AttendanceRecord(1, DAY)]).public_welfare == D("1000")


def test_total_adds_every_kind_and_every_relationship():
    services = sessions(6, 1) + [ServiceRecord(2, "internship_guidance", DAY, days=21), referral(6, relationship_id=3)]
    result = rules.compute_entitlement(
        services=services, attendances=[AttendanceRecord(1, DAY)], schedules=[LUOHU], relationship_ids=[1, 2, 3, 4]
    )
    assert result.relationships[4].total == D("0")
    assert result.total == D("1000") + D("2000") + D("5000") + D("1000")


NEW = Rates(
    effective_from=dt.date(2025, 1, 1),
    career_guidance_rate=D("300"),
    career_guidance_cap=D("1500"),
    internship_guidance_rate=D("150"),
    internship_guidance_cap=D("3000"),
    referral_first_amount=D("1500"),
    referral_first_months=1,
    referral_further_amount=D("5000"),
    referral_further_months=6,
    public_welfare_rate=D("1200"),
)


def test_rates_in_force_on_the_service_date():
    before = ServiceRecord(1, "career_guidance", dt.date(2024, 12, 31), pk=1)
    after = ServiceRecord(1, "career_guidance", dt.date(2025, 1, 1), pk=2)
    result = entitlement([before, after], schedules=[NEW, LUOHU])
    assert result.career_guidance == D("500")
    assert rules.rates_on([LUOHU, NEW], dt.date(2024, 12, 31)) is LUOHU
    assert rules.rates_on([LUOHU, NEW], dt.date(2025, 1, 1)) is NEW
    assert rules.rates_on([LUOHU, NEW], dt.date(2020, 1, 1)) is LUOHU


def test_cap_in_force_when_the_cap_is_reached():
    # 5 sessions under the old cap (1,000 reached), then the new cap of 1,500 allows more.
    old = [ServiceRecord(1, "career_guidance", dt.date(2024, 12, 1) + dt.timedelta(days=i), pk=i) for i in range(5)]
    new = [ServiceRecord(1, "career_guidance", dt.date(2025, 2, 1) + dt.timedelta(days=i), pk=10 + i) for i in range(3)]
    assert entitlement(old + new, schedules=[LUOHU, NEW]).career_guidance == D("1500")


def test_no_schedule_is_an_error():
    with pytest.raises(ValueError):
        rules.rates_on([], DAY)


@pytest.mark.parametrize(
    ("total", "claimed", "expected"),
    [("5000", "0", "5000"), ("5000", "4000", "1000"), ("5000", "5000", "0"), ("5000", "6000", "0")],
)
def test_claimable_never_negative(total, claimed, expected):
    assert rules.claimable(total=D(total), claimed=D(claimed)) == D(expected)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2023, 3, 1), dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 1), dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 27)),
        (dt.date(2024, 6, 15), dt.date(2025, 6, 14)),
    ],
)
def test_relationship_lasts_one_year(start, end):
    assert rules.relationship_end_date(start) == end


def year(start):
    return (start, rules.relationship_end_date(start))


@pytest.mark.parametrize(("existing", "refused"), [(4, False), (5, True), (6, True)])
def test_capacity_4_5_6_mentees(existing, refused):
    intervals = [year(DAY)] * existing
    start = DAY + dt.timedelta(days=30)
    assert (
        bool(rules.capacity_refusal(existing=intervals, start=start, end=rules.relationship_end_date(start))) is refused
    )


def test_capacity_counts_only_days_that_overlap():
    # five relationships ending the day before the new one starts: free
    intervals = [(dt.date(2023, 3, 1), dt.date(2024, 2, 29))] * 5
    assert rules.capacity_refusal(existing=intervals, start=dt.date(2024, 3, 1), end=dt.date(2025, 2, 28)) is None
    # ... but on their last day they are still active
    assert rules.capacity_refusal(existing=intervals, start=dt.date(2024, 2, 29), end=dt.date(2025, 2, 27))


def test_capacity_ended_relationships_count_up_to_their_end():
    ended_early = [(DAY, DAY + dt.timedelta(days=10))] * 5
    assert (
        rules.capacity_refusal(
            existing=ended_early, start=DAY + dt.timedelta(days=11), end=DAY + dt.timedelta(days=400)
        )
        is None
    )
    assert rules.capacity_refusal(
        existing=ended_early, start=DAY + dt.timedelta(days=10), end=DAY + dt.timedelta(days=400)
    )


def test_capacity_looks_at_every_day_of_the_new_period():
    # 5 relationships starting later, inside the new period: on that day there would be 6
    later = [year(DAY + dt.timedelta(days=100))] * 5
    assert rules.capacity_refusal(existing=later, start=DAY, end=rules.relationship_end_date(DAY))
    # staggered: never more than 4 at once even though 8 overlap the year
    staggered = [(DAY + dt.timedelta(days=40 * i), DAY + dt.timedelta(days=40 * i + 100)) for i in range(8)]
    assert rules.max_active_on_any_day(staggered, DAY, rules.relationship_end_date(DAY)) == 3
    assert rules.capacity_refusal(existing=staggered, start=DAY, end=rules.relationship_end_date(DAY)) is None


STATUS = [(dt.date(2024, 1, 1), "unemployed"), (dt.date(2024, 6, 1), "employed")]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 12, 31), None),
        (dt.date(2024, 1, 1), "unemployed"),
        (dt.date(2024, 5, 31), "unemployed"),
        (dt.date(2024, 6, 1), "employed"),
    ],
)
def test_status_on_a_date(day, expected):
    assert rules.status_on(STATUS, day) == expected


def refusal(**kwargs):
    values = {
        "kind": "career_guidance",
        "day": DAY,
        "today": DAY + dt.timedelta(days=400),
        "relationship_start": DAY - dt.timedelta(days=10),
        "relationship_last_day": rules.relationship_end_date(DAY - dt.timedelta(days=10)),
        "status": "employed",
    }
    values.update(kwargs)
    return rules.service_refusal(**values)


def test_service_inside_the_relationship_dates():
    start, last = DAY, rules.relationship_end_date(DAY)
    assert refusal(day=start, relationship_start=start, relationship_last_day=last) is None
    assert refusal(day=last, relationship_start=start, relationship_last_day=last) is None
    assert "date" in refusal(day=start - dt.timedelta(days=1), relationship_start=start, relationship_last_day=last)
    assert "date" in refusal(day=last + dt.timedelta(days=1), relationship_start=start, relationship_last_day=last)


def test_service_not_in_the_future():
    assert "date" in refusal(today=DAY - dt.timedelta(days=1))
    assert refusal(today=DAY) is None


@pytest.mark.parametrize(
    ("kind", "status", "extra", "ok"),
    [
        ("career_guidance", "employed", {}, True),
        ("career_guidance", "unemployed", {}, False),
        ("career_guidance", None, {}, False),
        ("internship_guidance", "unemployed", {"days": 1}, True),
        ("internship_guidance", "employed", {"days": 1}, False),
        ("internship_guidance", "unemployed", {"days": 0}, False),
        ("internship_guidance", "unemployed", {"days": None}, False),
        ("internship_guidance", "unemployed", {"days": 21}, True),
        ("job_referral", "unemployed", {"employer": "A", "hired_on": DAY, "insured_months": 1}, True),
        ("job_referral", "employed", {"employer": "A", "hired_on": DAY, "insured_months": 1}, False),
        ("job_referral", "unemployed", {"employer": " ", "hired_on": DAY, "insured_months": 1}, False),
        (
            "job_referral",
            "unemployed",
            {"employer": "A", "hired_on": DAY - dt.timedelta(days=1), "insured_months": 1},
            False,
        ),
        ("job_referral", "unemployed", {"employer": "A", "hired_on": None, "insured_months": 1}, False),
        ("job_referral", "unemployed", {"employer": "A", "hired_on": DAY, "insured_months": None}, False),
        ("gardening", "employed", {}, False),
    ],
)
def test_service_kind_matches_the_status_on_that_date(kind, status, extra, ok):
    assert (refusal(kind=kind, status=status, **extra) is None) is ok


def test_insured_months_not_longer_than_employment():
    today = DAY + dt.timedelta(days=70)  # hired on DAY: 2 whole months by today
    assert (
        refusal(kind="job_referral", status="unemployed", employer="A", hired_on=DAY, insured_months=3, today=today)
        is None
    )
    assert "insured_months" in refusal(
        kind="job_referral", status="unemployed", employer="A", hired_on=DAY, insured_months=4, today=today
    )


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2024, 1, 15), dt.date(2024, 2, 14), 0),
        (dt.date(2024, 1, 15), dt.date(2024, 2, 15), 1),
        (dt.date(2024, 1, 15), dt.date(2024, 7, 15), 6),
        (dt.date(2024, 1, 15), dt.date(2023, 7, 15), 0),
    ],
)
def test_months_between(start, end, months):
    assert rules.months_between(start, end) == months


# --- Properties, over many random records -------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

kinds = st.sampled_from(["career_guidance", "internship_guidance", "job_referral"])
records = st.lists(
    st.builds(
        lambda rel, kind, offset, days, months, pk: ServiceRecord(
            rel,
            kind,
            DAY + dt.timedelta(days=offset),
            days=days,
            employer="E",
            hired_on=DAY,
            insured_months=months,
            pk=pk,
        ),
        st.integers(1, 3),
        kinds,
        st.integers(0, 364),
        st.integers(1, 31),
        st.integers(0, 24),
        st.integers(1, 10_000),
    ),
    max_size=40,
)


@given(records)
def test_caps_always_hold_and_the_total_is_the_sum(services):
    result = entitlement(services)
    for amounts in result.relationships.values():
        assert D("0") <= amounts.career_guidance <= D("1000")
        assert D("0") <= amounts.internship_guidance <= D("2000")
        assert amounts.job_referral in (D("0"), D("1000"), D("5000"))
    assert result.total == result.career_guidance + result.internship_guidance + result.job_referral


@given(records, records)
def test_more_records_never_earn_less(services, more):
    assert entitlement(services + more).total >= entitlement(services).total


@given(records)
def test_the_order_of_the_records_does_not_matter(services):
    assert entitlement(services).total == entitlement(list(reversed(services))).total
