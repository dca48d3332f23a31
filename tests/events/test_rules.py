"""The allocation rules: priority groups, the seeded lottery (property tests over many draws),
waiting-list offers that keep parties whole, and the moments of the workflow."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from events import rules
from events.rules import Candidate

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_priority_groups():
    assert rules.priority_group(first_timer=True, last_no_show=NOW - timedelta(days=3), now=NOW) == rules.FIRST_TIMER
    assert rules.priority_group(first_timer=False, last_no_show=None, now=NOW) == rules.NO_RECENT_NO_SHOW
    assert rules.priority_group(first_timer=False, last_no_show=NOW - timedelta(days=366), now=NOW) == 1
    assert rules.priority_group(first_timer=False, last_no_show=NOW - timedelta(days=364), now=NOW) == 2


candidates = st.lists(st.tuples(st.sampled_from([1, 2]), st.sampled_from([0, 1, 2])), min_size=0, max_size=60).map(
    lambda rows: [Candidate(id=i + 1, party_size=size, group=group) for i, (size, group) in enumerate(rows)]
)


@settings(max_examples=400, deadline=None)
@given(pool=candidates, capacity=st.integers(0, 40), seed=st.integers(0, 2**62))
def test_a_draw_never_exceeds_capacity_and_respects_priorities(pool, capacity, seed):
    result = rules.draw(pool, capacity=capacity, seed=seed)
    by_id = {c.id: c for c in pool}
    selected = set(result.selected)
    # every candidate once, either given seats or waiting
    assert sorted(result.selected + result.waitlist) == sorted(by_id)
    assert not selected & set(result.waitlist)
    # capacity, counting whole parties
    assert result.seats == sum(by_id[i].party_size for i in selected) <= capacity
    # priorities: a waiting party of group g did not fit; lower groups got fewer seats than it needed
    for waiting in result.waitlist:
        c = by_id[waiting]
        lower = sum(by_id[i].party_size for i in selected if by_id[i].group > c.group)
        assert lower < c.party_size
    # nobody waits while their party still fits in the seats left
    left = capacity - result.seats
    assert all(by_id[i].party_size > left for i in result.waitlist)
    # the order: groups in order, so a first-timer is never behind others on the waiting list
    groups = [c.group for c in result.order]
    assert groups == sorted(groups)
    waiting_groups = [by_id[i].group for i in result.waitlist]
    assert waiting_groups == sorted(waiting_groups)


@settings(max_examples=200, deadline=None)
@given(pool=candidates, capacity=st.integers(0, 40), seed=st.integers(0, 2**62))
def test_a_draw_is_reproducible_from_its_seed_whatever_the_input_order(pool, capacity, seed):
    once = rules.draw(pool, capacity=capacity, seed=seed)
    again = rules.draw(list(reversed(pool)), capacity=capacity, seed=seed)
    assert once == again


def test_first_timers_are_never_behind_over_many_seeded_draws():
    """200 people (60 first-timers) for 50 seats, 1,000 draws: every first-timer who fits gets a
    seat before anyone else, and the draw within a group is not always the same."""
    pool = [Candidate(i, 1, 0 if i <= 60 else (1 if i <= 150 else 2)) for i in range(1, 201)]
    winners_among_first_timers = set()
    for seed in range(1000):
        result = rules.draw(pool, capacity=50, seed=seed)
        assert all(c <= 60 for c in result.selected)
        assert len(result.selected) == 50
        winners_among_first_timers.add(frozenset(result.selected))
    assert len(winners_among_first_timers) > 900  # the seed really shuffles


def test_second_group_before_the_no_show_group():
    pool = [Candidate(i, 1, 1 if i <= 10 else 2) for i in range(1, 31)]
    for seed in range(200):
        result = rules.draw(pool, capacity=10, seed=seed)
        assert set(result.selected) == set(range(1, 11))


def test_a_pair_that_does_not_fit_waits_and_a_single_behind_takes_the_last_seat():
    pool = [Candidate(1, 1, 0), Candidate(2, 2, 0), Candidate(3, 1, 1)]
    for seed in range(50):
        result = rules.draw(pool, capacity=2, seed=seed)
        assert result.seats <= 2
        if 2 in result.selected:
            assert result.selected == (2,) or set(result.selected) == {2}
        else:
            assert set(result.selected) == {1, 3}


def test_a_draw_refuses_parties_over_two():
    with pytest.raises(ValueError):
        rules.draw([Candidate(1, 3, 0)], capacity=5, seed=1)


def test_offers_keep_parties_whole_in_queue_order():
    waitlist = [(10, 2), (11, 1), (12, 2), (13, 1)]
    assert rules.offers(waitlist, free_seats=1) == [11]
    assert rules.offers(waitlist, free_seats=2) == [10]
    assert rules.offers(waitlist, free_seats=3) == [10, 11]
    assert rules.offers(waitlist, free_seats=0) == []
    assert rules.offers([], free_seats=4) == []


@settings(max_examples=300, deadline=None)
@given(
    waitlist=st.lists(st.sampled_from([1, 2]), max_size=30).map(lambda sizes: [(i, s) for i, s in enumerate(sizes)]),
    free=st.integers(0, 10),
)
def test_offers_never_exceed_the_free_seats(waitlist, free):
    chosen = rules.offers(waitlist, free_seats=free)
    sizes = dict(waitlist)
    assert sum(sizes[i] for i in chosen) <= free
    assert chosen == sorted(chosen)  # queue order


def test_windows_and_moments():
    start, end = NOW, NOW + timedelta(hours=8)
    assert rules.registration_open(now=NOW, opens_at=NOW - timedelta(days=1), closes_at=NOW + timedelta(seconds=1))
    assert not rules.registration_open(now=NOW, opens_at=NOW - timedelta(days=1), closes_at=NOW)
    assert rules.overlaps(start, end, end - timedelta(minutes=1), end + timedelta(hours=1))
    assert not rules.overlaps(start, end, end, end + timedelta(hours=1))
    assert rules.offer_expiry(NOW) == NOW + timedelta(hours=48)
    assert rules.check_in_open(now=start - timedelta(hours=3), starts_at=start, ends_at=end)
    assert not rules.check_in_open(now=start - timedelta(hours=3, seconds=1), starts_at=start, ends_at=end)
    assert not rules.check_in_open(now=end + timedelta(hours=3, seconds=1), starts_at=start, ends_at=end)
    assert rules.session_reminder_due(now=NOW, starts_at=NOW + timedelta(days=2))
    assert not rules.session_reminder_due(now=NOW, starts_at=NOW + timedelta(days=2, seconds=1))
    assert rules.offer_reminder_due(now=NOW, expires_at=NOW + timedelta(hours=12))
    assert not rules.offer_reminder_due(now=NOW, expires_at=NOW + timedelta(hours=13))
    assert rules.rate(1, 3) == 0.333
    assert rules.rate(0, 0) == 0.0


# --- Who may join (issue 18) ----------------------------------------------------------------

SESSION_DAY = date(2026, 7, 15)
YOUTHS_18_TO_45 = rules.Limits(min_age=18, max_age=45, residency="hk_mo", audience="anyone")


def person(born=date(2000, 1, 1), residence="hk", study_status="student"):
    return rules.Person(date_of_birth=born, residence=residence, study_status=study_status)


def codes(found):
    return found.codes


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(2008, 7, 15), ()),  # 18 on the session's first day itself
        (date(2008, 7, 16), (rules.TOO_YOUNG,)),  # 18 the day after
        (date(1981, 7, 16), ()),  # 44 until the day after: still 45 or under
        (date(1981, 7, 15), ()),  # 45 that day: the maximum is inclusive
        (date(1980, 7, 15), (rules.TOO_OLD,)),  # 46 that day
        (date(1980, 7, 16), ()),  # 45, turning 46 the day after
    ],
)
def test_age_is_counted_on_the_session_day_with_both_limits_inclusive(born, expected):
    assert codes(rules.eligibility(person(born), YOUTHS_18_TO_45, on=SESSION_DAY)) == expected


def test_born_on_29_february_turns_a_year_older_on_1_march_in_a_common_year():
    leap = date(2008, 2, 29)
    assert codes(rules.eligibility(person(leap), YOUTHS_18_TO_45, on=date(2026, 2, 28))) == (rules.TOO_YOUNG,)
    assert rules.eligibility(person(leap), YOUTHS_18_TO_45, on=date(2026, 3, 1)).eligible


def test_the_age_messages_are_the_policies_checkers_own():
    with translation.override("en"):
        young = rules.eligibility(person(date(2010, 1, 1)), YOUTHS_18_TO_45, on=SESSION_DAY)
        old = rules.eligibility(person(date(1970, 1, 1)), YOUTHS_18_TO_45, on=SESSION_DAY)
    assert young.messages == ("You must be at least 18.",)
    assert old.messages == ("Only for people aged 45 or under.",)


@pytest.mark.parametrize(
    ("residency", "residence", "fits"),
    [
        ("hk_mo", "hk", True),
        ("hk_mo", "mo", True),
        ("hk_mo", "other", False),
        ("hk", "hk", True),
        ("hk", "mo", False),
        ("mo", "mo", True),
        ("mo", "hk", False),
    ],
)
def test_residence(residency, residence, fits):
    limits = rules.Limits(min_age=18, max_age=45, residency=residency)
    found = rules.eligibility(person(residence=residence), limits, on=SESSION_DAY)
    assert found.codes == (() if fits else (rules.RESIDENCY,))


def test_residence_is_named_in_the_message():
    limits = rules.Limits(min_age=18, max_age=45, residency="hk")
    with translation.override("zh-hant"):
        found = rules.eligibility(person(residence="mo"), limits, on=SESSION_DAY)
    assert found.messages == ("此活動只供香港居民參加。",)


@pytest.mark.parametrize(
    ("audience", "study_status", "expected"),
    [
        ("anyone", "student", ()),
        ("anyone", "graduate", ()),
        ("anyone", "", ()),  # nothing to know about studies: not asked
        ("students", "student", ()),
        ("students", "graduate", (rules.NOT_STUDENT,)),
        ("graduates", "graduate", ()),
        ("graduates", "student", (rules.NOT_GRADUATE,)),
    ],
)
def test_students_and_graduates(audience, study_status, expected):
    limits = rules.Limits(min_age=18, max_age=45, residency="hk_mo", audience=audience)
    assert rules.eligibility(person(study_status=study_status), limits, on=SESSION_DAY).codes == expected


def test_an_incomplete_profile_is_asked_for_never_guessed():
    limits = rules.Limits(min_age=18, max_age=45, residency="hk", audience="students")
    found = rules.eligibility(rules.Person(date_of_birth=None), limits, on=SESSION_DAY)
    assert not found.eligible
    assert found.codes == (rules.PROFILE_INCOMPLETE,)
    assert found.missing == ("date_of_birth", "residence", "study_status")
    with translation.override("en"):
        message = rules.eligibility(rules.Person(date_of_birth=None), limits, on=SESSION_DAY).messages[0]
    assert message == (
        "Complete your profile first: this programme needs your date of birth, residence, "
        "studies (student or graduate)."
    )
    # what is known still counts: a Macau resident of unknown age is told both
    found = rules.eligibility(rules.Person(date_of_birth=None, residence="mo"), limits, on=SESSION_DAY)
    assert found.codes == (rules.RESIDENCY, rules.PROFILE_INCOMPLETE)
    assert found.missing == ("date_of_birth", "study_status")


def test_every_reason_at_once():
    limits = rules.Limits(min_age=18, max_age=30, residency="hk", audience="students")
    found = rules.eligibility(person(date(1980, 1, 1), "mo", "graduate"), limits, on=SESSION_DAY)
    assert found.codes == (rules.TOO_OLD, rules.RESIDENCY, rules.NOT_STUDENT)
