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


def capacity_refusal(*, existing, start, end):
    """The refusal `services.relationship_create` makes: the rule's count of the mentor's busiest
    day in the new period, against the limit, through the portal's capacity idiom."""
    from portal.capacity import require_room
    from portal.errors import CapacityFull

    try:
        require_room(
            capacity=rules.MAX_ACTIVE_MENTEES,
            taken=rules.max_active_on_any_day(existing, start, end),
            message=rules.capacity_message(),
        )
    except CapacityFull as full:
        return str(full.message)
    return None


@pytest.mark.parametrize(("existing", "refused"), [(4, False), (5, True), (6, True)])
def test_capacity_4_5_6_mentees(existing, refused):
    intervals = [year(DAY)] * existing
    start = DAY + dt.timedelta(days=30)
    assert bool(capacity_refusal(existing=intervals, start=start, end=rules.relationship_end_date(start))) is refused


def test_capacity_counts_only_days_that_overlap():
    # five relationships ending the day before the new one starts: free
    intervals = [(dt.date(2023, 3, 1), dt.date(2024, 2, 29))] * 5
    assert capacity_refusal(existing=intervals, start=dt.date(2024, 3, 1), end=dt.date(2025, 2, 28)) is None
    # ... but on their last day they are still active
    assert capacity_refusal(existing=intervals, start=dt.date(2024, 2, 29), end=dt.date(2025, 2, 27))


def test_capacity_ended_relationships_count_up_to_their_end():
    ended_early = [(DAY, DAY + dt.timedelta(days=10))] * 5
    assert (
        capacity_refusal(existing=ended_early, start=DAY + dt.timedelta(days=11), end=DAY + dt.timedelta(days=400))
        is None
    )
    assert capacity_refusal(existing=ended_early, start=DAY + dt.timedelta(days=10), end=DAY + dt.timedelta(days=400))


def test_capacity_looks_at_every_day_of_the_new_period():
    # 5 relationships starting later, inside the new period: on that day there would be 6
    later = [year(DAY + dt.timedelta(days=100))] * 5
    assert capacity_refusal(existing=later, start=DAY, end=rules.relationship_end_date(DAY))
    # staggered: never more than 4 at once even though 8 overlap the year
    staggered = [(DAY + dt.timedelta(days=40 * i), DAY + dt.timedelta(days=40 * i + 100)) for i in range(8)]
    assert rules.max_active_on_any_day(staggered, DAY, rules.relationship_end_date(DAY)) == 3
    assert capacity_refusal(existing=staggered, start=DAY, end=rules.relationship_end_date(DAY)) is None


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


# --- Services summed per schedule period: the same money as one by one ----------------------------

from hypothesis import settings as hypothesis_settings  # noqa: E402

FIRST_START = dt.date(2024, 1, 1)


def amounts_of(result):
    return (
        {pk: (a.career_guidance, a.internship_guidance, a.job_referral) for pk, a in result.relationships.items()},
        result.public_welfare,
    )


def both_ways(services, schedules, attendances=(), relationship_ids=()):
    """(service by service, summed per period) for the same records."""
    one_by_one = rules.compute_entitlement(
        services=services, attendances=attendances, schedules=schedules, relationship_ids=relationship_ids
    )
    summed = rules.compute_entitlement_from_totals(
        totals=rules.service_totals(services, schedules),
        attendances=attendances,
        schedules=schedules,
        relationship_ids=relationship_ids,
    )
    return amounts_of(one_by_one), amounts_of(summed)


money = st.integers(0, 3000).map(lambda cents: D(cents) / 2)  # 0 to 1,500.00 in steps of 0.50


@st.composite
def schedule_lists(draw):
    """One to four schedules starting at least a day apart, with any non-negative rates and caps
    and any thresholds (the database also keeps further >= first >= 1: not needed here)."""
    gaps = draw(st.lists(st.integers(1, 120), min_size=0, max_size=3))
    starts = [FIRST_START]
    for gap in gaps:
        starts.append(starts[-1] + dt.timedelta(days=gap))
    return [
        Rates(
            effective_from=start,
            career_guidance_rate=draw(money),
            career_guidance_cap=draw(money),
            internship_guidance_rate=draw(money),
            internship_guidance_cap=draw(money),
            referral_first_amount=draw(money),
            referral_first_months=draw(st.integers(0, 8)),
            referral_further_amount=draw(money),
            referral_further_months=draw(st.integers(0, 8)),
            public_welfare_rate=draw(money),
        )
        for start in draw(st.permutations(starts))  # the rules sort them
    ]


@st.composite
def records_over(draw, schedules):
    """Services on random days, many of them on a schedule's first day or the day before it
    (and some before the first schedule), of every kind, with or without days, hiring date,
    insured months; random pks (ties of date broken by pk)."""
    starts = sorted(rates.effective_from for rates in schedules)
    boundary_days = [day + dt.timedelta(days=delta) for day in starts for delta in (-1, 0, 1)]
    day = st.one_of(
        st.sampled_from(boundary_days),
        st.integers(-30, 400).map(lambda offset: FIRST_START + dt.timedelta(days=offset)),
    )
    service = st.builds(
        ServiceRecord,
        relationship_id=st.integers(1, 2),
        kind=st.sampled_from(["career_guidance", "internship_guidance", "job_referral"]),
        date=day,
        days=st.one_of(st.none(), st.integers(0, 31)),
        employer=st.sampled_from(["A", "B"]),
        hired_on=st.one_of(st.none(), st.just(FIRST_START)),
        insured_months=st.one_of(st.none(), st.integers(0, 12)),
        pk=st.integers(1, 10_000),
    )
    return draw(st.lists(service, max_size=60))


@pytest.mark.heavy
@hypothesis_settings(max_examples=400, deadline=None)
@given(st.data())
def test_summed_per_period_is_the_same_money_as_one_by_one(data):
    schedules = data.draw(schedule_lists())
    services = data.draw(records_over(schedules))
    attendances = data.draw(
        st.lists(
            st.builds(
                AttendanceRecord,
                st.integers(1, 5),
                st.integers(-30, 400).map(lambda offset: FIRST_START + dt.timedelta(days=offset)),
            ),
            max_size=6,
        )
    )
    one_by_one, summed = both_ways(services, schedules, attendances, relationship_ids=[1, 2, 3, 4])
    assert summed == one_by_one


@given(records)
def test_by_kind_is_the_properties_in_one_pass(services):
    result = entitlement(services)
    assert result.by_kind() == (
        result.career_guidance,
        result.internship_guidance,
        result.job_referral,
        result.public_welfare,
        result.total,
    )


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.data())
def test_totals_split_further_within_a_period_change_nothing(data):
    """The valuation of a period is a composition of the one-by-one steps: splitting a period's
    services over several records (in any order of the records) gives the same money."""
    schedules = data.draw(schedule_lists())
    services = data.draw(records_over(schedules))
    half = data.draw(st.integers(0, len(services)))
    totals = rules.service_totals(services[:half], schedules) + rules.service_totals(services[half:], schedules)
    totals = data.draw(st.permutations(totals))
    summed = rules.compute_entitlement_from_totals(totals=totals, attendances=(), schedules=schedules)
    one_by_one = rules.compute_entitlement(services=services, attendances=(), schedules=schedules)
    assert amounts_of(summed) == amounts_of(one_by_one)


def test_totals_group_by_relationship_and_period():
    schedules = [LUOHU, NEW]  # NEW from 2025-01-01
    services = [
        ServiceRecord(1, "career_guidance", dt.date(2023, 1, 1), pk=1),  # before the first schedule
        ServiceRecord(1, "career_guidance", dt.date(2024, 12, 31), pk=2),
        ServiceRecord(1, "career_guidance", dt.date(2025, 1, 1), pk=3),
        ServiceRecord(1, "internship_guidance", dt.date(2025, 1, 3), days=4, pk=4),
        ServiceRecord(1, "internship_guidance", dt.date(2025, 1, 2), days=None, pk=5),
        referral(3, day=dt.date(2025, 2, 1), pk=6),
        referral(7, day=dt.date(2025, 3, 1), pk=7),
        ServiceRecord(1, "job_referral", dt.date(2025, 4, 1), employer="X", insured_months=12, pk=8),  # no hiring
        ServiceRecord(2, "job_referral", dt.date(2025, 4, 1), employer="X", hired_on=DAY, pk=9),  # months unknown
        ServiceRecord(2, "mentoring", dt.date(2025, 4, 1), pk=10),
    ]
    assert sorted(rules.service_totals(services, schedules)) == [
        rules.ServiceTotals(1, dt.date(2023, 1, 1), 1, 0, None, 0),
        rules.ServiceTotals(1, dt.date(2024, 12, 31), 1, 0, None, 0),
        rules.ServiceTotals(1, dt.date(2025, 1, 1), 1, 4, 7, 0),
        rules.ServiceTotals(2, dt.date(2025, 4, 1), 0, 0, 0, 1),
    ]
    with pytest.raises(ValueError):
        rules.compute_entitlement_from_totals(
            totals=rules.service_totals(services, schedules), attendances=(), schedules=schedules
        )
    with pytest.raises(ValueError):
        rules.compute_entitlement(services=services, attendances=(), schedules=schedules)


def _schedule(start, **changes):
    return Rates(**{**LUOHU.__dict__, "effective_from": start, **changes})


JAN, MAR = dt.date(2025, 1, 1), dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("schedules", "services", "expected"),
    [
        # the cap reached under 1,000, then raised to 1,500: three more sessions pay 500
        (
            [LUOHU, _schedule(JAN, career_guidance_cap=D("1500"))],
            [
                *sessions(6),
                *[ServiceRecord(1, "career_guidance", JAN + dt.timedelta(days=i), pk=50 + i) for i in range(3)],
            ],
            (D("1500"), D("0"), D("0")),
        ),
        # 1,000 earned, then the cap lowered to 600: nothing more, nothing taken back
        (
            [LUOHU, _schedule(JAN, career_guidance_cap=D("600"))],
            [*sessions(5), ServiceRecord(1, "career_guidance", JAN, pk=60)],
            (D("1000"), D("0"), D("0")),
        ),
        # the cap reached by the session of the new schedule's first day: the new cap (and rate)
        (
            [LUOHU, _schedule(JAN, career_guidance_rate=D("300"), career_guidance_cap=D("1100"))],
            [*sessions(4), ServiceRecord(1, "career_guidance", JAN, pk=60)],
            (D("1100"), D("0"), D("0")),
        ),
        # internship days straddling the change of rate: 15 days at 100, then 10 at 150, capped 2,000
        (
            [LUOHU, _schedule(JAN, internship_guidance_rate=D("150"))],
            [
                ServiceRecord(1, "internship_guidance", dt.date(2024, 12, 31), days=15, pk=1),
                ServiceRecord(1, "internship_guidance", JAN, days=10, pk=2),
            ],
            (D("0"), D("2000"), D("0")),
        ),
        # a referral of 3 months with the further threshold at 6; from March the threshold is 3
        # and the amount 4,500: a second referral of 3 months then pays the further amount
        (
            [LUOHU, _schedule(MAR, referral_further_months=3, referral_further_amount=D("4500"))],
            [referral(3, day=dt.date(2025, 2, 1), pk=1), referral(3, employer="Other", day=MAR, pk=2)],
            (D("0"), D("0"), D("5500")),
        ),
        # months with two employers (4 + 4) never make the further 6
        (
            [LUOHU, _schedule(MAR)],
            [referral(4, day=dt.date(2025, 2, 1), pk=1), referral(4, employer="Other", day=MAR, pk=2)],
            (D("0"), D("0"), D("1000")),
        ),
        # the same, both referrals within one period: still only the first amount
        (
            [LUOHU, _schedule(MAR)],
            [referral(4, day=MAR, pk=1), referral(4, employer="Other", day=MAR + dt.timedelta(days=1), pk=2)],
            (D("0"), D("0"), D("1000")),
        ),
        # the first amount paid by the period where the threshold is first reached (1,000, not 1,200)
        (
            [LUOHU, _schedule(MAR, referral_first_amount=D("1200"))],
            [referral(1, day=dt.date(2025, 2, 28), pk=1), referral(2, day=MAR, pk=2)],
            (D("0"), D("0"), D("1000")),
        ),
        # a single referral reaching both thresholds pays both, at its period's amounts
        (
            [LUOHU, _schedule(MAR, referral_first_amount=D("1200"), referral_further_amount=D("4800"))],
            [referral(0, day=dt.date(2025, 2, 1), pk=1), referral(6, day=MAR, pk=2)],
            (D("0"), D("0"), D("6000")),
        ),
    ],
)
def test_changes_of_schedule_between_periods(schedules, services, expected):
    one_by_one, summed = both_ways(services, schedules)
    assert one_by_one == summed
    assert summed[0][1] == expected
