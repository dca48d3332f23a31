"""The registration workflow through its services: first come and the waiting list, parties of
two, offers and their expiry, the draw with its priorities and record, overlaps, check-in by
code, no-shows and reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from events import services
from events.models import Draw, Registration, RegistrationState
from portal.errors import CapacityFull, Conflict, InvalidInput, NotAllowed, NotFound, WrongState
from portal.models import AuditAction, AuditEntry

from .factories import SessionFactory

S = RegistrationState
pytestmark = pytest.mark.django_db


def register(session, user, party_size=1, **kwargs):
    return services.registration_create(session_id=session.pk, acting_user=user, party_size=party_size, **kwargs)


def state(registration):
    registration.refresh_from_db()
    return registration.state


def test_first_come_confirms_while_seats_last_then_waitlists(session, make_user):
    a = register(session, make_user(), 2)
    b = register(session, make_user())
    c = register(session, make_user())
    assert (a.state, b.state, c.state) == (S.CONFIRMED, S.CONFIRMED, S.WAITLISTED)
    assert Notification.objects.filter(recipient=c.user, key__contains="waitlisted").exists()


def test_one_registration_per_person_per_session(session, make_user):
    youth = make_user()
    register(session, youth)
    with pytest.raises(Conflict):
        register(session, youth)
    assert Registration.objects.filter(user=youth).count() == 1


def test_only_youth_register_and_only_parties_of_one_or_two(session, make_user, organiser):
    with pytest.raises(NotAllowed):
        register(session, organiser)
    with pytest.raises(InvalidInput) as refused:
        register(session, make_user(), 3)
    assert "party_size" in refused.value.errors
    assert not Registration.objects.exists()


def test_registration_only_while_open(programme, make_user):
    closed = SessionFactory(
        programme=programme,
        registration_opens_at=timezone.now() - timedelta(days=3),
        registration_closes_at=timezone.now() - timedelta(minutes=1),
    )
    with pytest.raises(WrongState):
        register(closed, make_user())


def test_a_cancellation_offers_the_seat_to_the_next_party_that_fits(session, make_user):
    # 3 seats: a pair and a single confirmed; then a pair and a single wait, in that order
    pair = register(session, make_user(), 2)
    single = register(session, make_user())
    waiting_pair = register(session, make_user(), 2)
    waiting_single = register(session, make_user())
    assert state(waiting_pair) == state(waiting_single) == S.WAITLISTED
    # one seat freed: the pair behind cannot use it, the single after them is offered it
    services.registration_cancel(registration_id=single.pk, acting_user=single.user)
    assert state(waiting_pair) == S.WAITLISTED
    assert state(waiting_single) == S.OFFERED
    # two more seats: the waiting pair gets both, together
    services.registration_cancel(registration_id=pair.pk, acting_user=pair.user)
    assert state(waiting_pair) == S.OFFERED
    waiting_pair.refresh_from_db()
    assert waiting_pair.offer_expires_at == waiting_pair.offered_at + timedelta(hours=48)
    services.registration_accept_offer(registration_id=waiting_pair.pk, acting_user=waiting_pair.user)
    assert state(waiting_pair) == S.CONFIRMED
    assert Notification.objects.filter(recipient=waiting_pair.user, key__contains="offered").count() == 1


def test_a_newcomer_queues_behind_those_waiting(session, make_user):
    register(session, make_user(), 2)
    single = register(session, make_user())
    waiting_pair = register(session, make_user(), 2)
    services.registration_cancel(registration_id=single.pk, acting_user=single.user)
    # a seat is free but the pair waits for two; a newcomer behind them fits and takes it
    newcomer = register(session, make_user())
    assert newcomer.state == S.CONFIRMED
    assert state(waiting_pair) == S.WAITLISTED


def test_an_offer_expires_after_48_hours_and_passes_on(session, make_user):
    first = register(session, make_user(), 2)
    register(session, make_user())
    offered = register(session, make_user(), 2)
    after = register(session, make_user(), 2)
    services.registration_cancel(registration_id=first.pk, acting_user=first.user)
    assert state(offered) == S.OFFERED
    assert services.offers_expire(now=timezone.now() + timedelta(hours=47)) == 0
    assert state(offered) == S.OFFERED
    later = timezone.now() + timedelta(hours=48, minutes=1)
    assert services.offers_expire(now=later) == 1
    assert state(offered) == S.OFFER_EXPIRED
    assert state(after) == S.OFFERED
    with pytest.raises(WrongState):
        services.registration_accept_offer(registration_id=offered.pk, acting_user=offered.user, now=later)
    assert services.offers_expire(now=later) == 0  # idempotent


def test_accepting_after_expiry_but_before_the_job_is_refused(session, make_user):
    first = register(session, make_user(), 2)
    register(session, make_user())
    offered = register(session, make_user())
    services.registration_cancel(registration_id=first.pk, acting_user=first.user)
    with pytest.raises(WrongState):
        services.registration_accept_offer(
            registration_id=offered.pk, acting_user=offered.user, now=timezone.now() + timedelta(hours=49)
        )


def test_only_the_youth_cancels_or_accepts_their_own(session, make_user, staff):
    mine = register(session, make_user())
    with pytest.raises(NotFound):
        services.registration_cancel(registration_id=mine.pk, acting_user=make_user())
    with pytest.raises(NotAllowed):
        services.registration_cancel(registration_id=mine.pk, acting_user=staff)
    with pytest.raises(WrongState):
        services.registration_accept_offer(registration_id=mine.pk, acting_user=mine.user)
    assert state(mine) == S.CONFIRMED


def test_overlapping_confirmed_sessions_are_refused(programme, make_user):
    start = timezone.now() + timedelta(days=10)
    morning = SessionFactory(programme=programme, starts_at=start, ends_at=start + timedelta(hours=4))
    overlapping = SessionFactory(
        programme=programme, starts_at=start + timedelta(hours=3), ends_at=start + timedelta(hours=6)
    )
    after = SessionFactory(
        programme=programme, starts_at=start + timedelta(hours=4), ends_at=start + timedelta(hours=6)
    )
    youth = make_user()
    register(morning, youth)
    with pytest.raises(Conflict) as refused:
        register(overlapping, youth)
    assert refused.value.reason == "overlap"
    assert register(after, youth).state == S.CONFIRMED  # back to back is fine


def test_the_database_refuses_an_overlap_the_service_did_not_see(programme, make_user):
    from django.db import IntegrityError, transaction

    start = timezone.now() + timedelta(days=10)
    a = SessionFactory(programme=programme, starts_at=start, ends_at=start + timedelta(hours=4))
    b = SessionFactory(programme=programme, starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=5))
    youth = make_user()
    register(a, youth)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(session=b, user=youth, state=S.CONFIRMED, starts_at=b.starts_at, ends_at=b.ends_at)


# --- the draw --------------------------------------------------------------------------------


def past_participation(programme, user, *, no_show_days_ago=None):
    """A session of the programme in the past that the user attended (or missed)."""
    ended = timezone.now() - timedelta(days=no_show_days_ago or 30)
    past = SessionFactory(
        programme=programme,
        starts_at=ended - timedelta(hours=8),
        ends_at=ended,
        registration_opens_at=ended - timedelta(days=20),
        registration_closes_at=ended - timedelta(days=10),
    )
    Registration.objects.create(
        session=past,
        user=user,
        state=S.NO_SHOW if no_show_days_ago else S.ATTENDED,
        starts_at=past.starts_at,
        ends_at=past.ends_at,
        first_timer=True,
    )


def test_a_lottery_holds_everyone_until_the_draw_then_gives_places_by_priority(lottery, programme, make_user):
    returning, missed, first = [], [], []
    for _ in range(3):
        user = make_user()
        past_participation(programme, user)
        returning.append(register(lottery, user))
    for _ in range(3):
        user = make_user()
        past_participation(programme, user)
        past_participation(programme, user, no_show_days_ago=60)
        missed.append(register(lottery, user))
    for _ in range(3):
        first.append(register(lottery, make_user()))
    assert {r.state for r in returning + missed + first} == {S.REQUESTED}
    assert [r.first_timer for r in first] == [True] * 3
    assert not any(r.first_timer for r in returning)
    draw = services.session_allocate(session_id=lottery.pk, seed=42)
    # 4 seats: the 3 first-timers, then one of the 3 without a recent no-show
    assert {state(r) for r in first} == {S.CONFIRMED}
    assert sorted(state(r) for r in returning) == [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert {state(r) for r in missed} == {S.WAITLISTED}
    # the record: seed, each candidate's group and result in the draw's order
    assert draw.seed == 42 and draw.confirmed == 4
    assert [row[1] for row in draw.order] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert [row[3] for row in draw.order][:4] == ["confirmed"] * 4
    # the waiting list follows the draw's order
    waiting = Registration.objects.filter(session=lottery, state=S.WAITLISTED).order_by("queue_position")
    assert [r.priority_group for r in waiting] == [1, 1, 2, 2, 2]
    assert AuditEntry.objects.filter(action=AuditAction.EVENT_DRAW_RUN, object_id=lottery.pk).count() == 1
    # told once each
    assert Notification.objects.filter(key__startswith="events.", recipient=first[0].user).count() == 2
    with pytest.raises(WrongState):
        services.session_allocate(session_id=lottery.pk)


def test_the_recorded_draw_can_be_replayed_from_its_seed(lottery, make_user):
    """Staff show how it ran: the recorded candidates and seed give the same result again."""
    from events import rules

    regs = [register(lottery, make_user(), 1 + i % 2) for i in range(8)]
    draw = services.session_allocate(session_id=lottery.pk)
    candidates = [rules.Candidate(id=row[0], party_size=row[2], group=row[1]) for row in draw.order]
    replay = rules.draw(candidates, capacity=lottery.capacity, seed=draw.seed)
    assert set(replay.selected) == {r.pk for r in regs if state(r) == S.CONFIRMED}
    assert [c.id for c in replay.order] == [row[0] for row in draw.order]


def test_the_draw_keeps_pairs_together_and_never_exceeds_capacity(lottery, make_user):
    regs = [register(lottery, make_user(), 2) for _ in range(3)] + [register(lottery, make_user()) for _ in range(3)]
    services.session_allocate(session_id=lottery.pk, seed=3)
    seats = sum(r.party_size for r in regs if state(r) == S.CONFIRMED)
    assert seats <= lottery.capacity == 4
    assert seats == 4


def test_the_scheduled_draw_runs_at_the_close(lottery, make_user):
    reg = register(lottery, make_user())
    assert services.sessions_allocate_due(now=lottery.registration_closes_at - timedelta(minutes=1)) == 0
    assert services.sessions_allocate_due(now=lottery.registration_closes_at) == 1
    assert state(reg) == S.CONFIRMED
    assert Draw.objects.get(session=lottery).ran_by is None
    assert services.sessions_allocate_due(now=lottery.registration_closes_at) == 0


def test_only_staff_and_the_organisers_run_a_draw(lottery, make_user, organiser, staff):
    with pytest.raises(NotAllowed):
        services.session_allocate(session_id=lottery.pk, acting_user=make_user())
    with pytest.raises(NotAllowed):
        services.session_allocate(session_id=lottery.pk, acting_user=make_user("organiser"))
    services.session_allocate(session_id=lottery.pk, acting_user=organiser)


def test_a_first_come_session_has_no_draw(session, staff):
    with pytest.raises(WrongState):
        services.session_allocate(session_id=session.pk, acting_user=staff)


def test_after_a_draw_new_registrations_queue(lottery, make_user, staff):
    for _ in range(4):
        register(lottery, make_user())
    services.session_allocate(session_id=lottery.pk, acting_user=staff)
    assert register(lottery, make_user()).state == S.WAITLISTED


# --- check-in, no-shows, reminders ---------------------------------------------------------


def test_check_in_by_code_on_the_day(session, make_user, organiser, staff):
    reg = register(session, make_user())
    with pytest.raises(WrongState):
        services.registration_check_in(code=reg.code, acting_user=staff)  # a week early
    on_the_day = session.starts_at - timedelta(minutes=30)
    with pytest.raises(NotAllowed):
        services.registration_check_in(code=reg.code, acting_user=make_user(), now=on_the_day)
    with pytest.raises(NotFound):
        services.registration_check_in(code="NOPE2345", acting_user=staff, now=on_the_day)
    with pytest.raises(InvalidInput):
        services.registration_check_in(code=" ", acting_user=staff, now=on_the_day)
    done = services.registration_check_in(code=reg.code.lower(), acting_user=organiser, now=on_the_day)
    assert done.state == S.ATTENDED and done.checked_in_by == organiser
    with pytest.raises(WrongState):
        services.registration_check_in(registration_id=reg.pk, acting_user=staff, now=on_the_day)
    assert AuditEntry.objects.filter(action=AuditAction.EVENT_CHECKED_IN, object_id=reg.pk).count() == 1


def test_an_organiser_of_another_programme_cannot_check_in(session, make_user):
    reg = register(session, make_user())
    with pytest.raises(NotFound):
        services.registration_check_in(
            registration_id=reg.pk, acting_user=make_user("organiser"), now=session.starts_at
        )


def test_not_checked_in_becomes_a_no_show_and_loses_priority(session, programme, make_user, staff):
    came, missed = make_user(), make_user()
    a, b = register(session, came), register(session, missed)
    services.registration_check_in(registration_id=a.pk, acting_user=staff, now=session.starts_at)
    assert services.attendance_close(now=session.ends_at + timedelta(hours=2)) == 0
    assert services.attendance_close(now=session.ends_at + timedelta(hours=3)) == 1
    assert (state(a), state(b)) == (S.ATTENDED, S.NO_SHOW)
    assert services.attendance_close(now=session.ends_at + timedelta(hours=4)) == 0
    # next time: the one who came is no longer a first-timer (group 1); the no-show is last
    later = session.ends_at + timedelta(days=1)
    nxt = SessionFactory(
        programme=programme,
        capacity=1,
        allocation="lottery",
        starts_at=later + timedelta(days=10),
        ends_at=later + timedelta(days=10, hours=3),
        registration_opens_at=later - timedelta(hours=1),
        registration_closes_at=later + timedelta(days=5),
    )
    ra = register(nxt, came, now=later)
    rb = register(nxt, missed, now=later)
    assert ra.first_timer is False and rb.first_timer is True
    services.session_allocate(session_id=nxt.pk, seed=1, now=later + timedelta(days=5))
    ra.refresh_from_db(), rb.refresh_from_db()
    # the no-show was a first-timer to the programme all the same: first-timers come first
    assert rb.state == S.CONFIRMED and rb.priority_group == 0


def test_reminders_are_sent_once(session, make_user):
    reg = register(session, make_user())
    assert services.reminders_send(now=session.starts_at - timedelta(days=3)) == 0
    assert services.reminders_send(now=session.starts_at - timedelta(days=1)) == 1
    assert services.reminders_send(now=session.starts_at - timedelta(hours=20)) == 0
    assert Notification.objects.filter(recipient=reg.user, key__endswith="session-reminder").count() == 1


def test_offer_reminder_before_expiry(session, make_user):
    first = register(session, make_user(), 2)
    register(session, make_user())
    offered = register(session, make_user())
    services.registration_cancel(registration_id=first.pk, acting_user=first.user)
    offered.refresh_from_db()
    assert services.reminders_send(now=offered.offer_expires_at - timedelta(hours=11)) == 1
    assert services.reminders_send(now=offered.offer_expires_at - timedelta(hours=10)) == 0


def test_capacity_full_is_the_portals_error():
    assert issubclass(CapacityFull, Conflict)


# --- Who may join (issue 18) ----------------------------------------------------------------


def _counts():
    return (Registration.objects.count(), Notification.objects.count(), AuditEntry.objects.count())


def test_a_youth_the_programme_does_not_take_is_refused_and_nothing_is_written(programme, session, make_user):
    programme.residency, programme.audience, programme.max_age = "hk", "students", 30
    programme.save()
    day = timezone.localtime(session.starts_at).date()
    too_old = make_user(date_of_birth=day.replace(year=day.year - 31), residence="mo", study_status="graduate")
    before = _counts()
    with pytest.raises(NotAllowed) as refused:
        register(session, too_old)
    assert refused.value.reason == "not_eligible"
    assert refused.value.extra["reasons"] == ["too_old", "residency", "not_student"]
    assert "profile_url" not in refused.value.extra
    assert _counts() == before
    # 30 on the session's first day: in
    thirty = make_user(date_of_birth=day.replace(year=day.year - 30))
    assert register(session, thirty).state == S.CONFIRMED


def test_an_incomplete_profile_is_asked_for_first(session, make_user):
    youth = make_user(date_of_birth=None, residence="")
    before = _counts()
    with pytest.raises(NotAllowed) as refused:
        register(session, youth)
    assert refused.value.reason == "profile_incomplete"
    assert refused.value.extra["reasons"] == ["profile_incomplete"]
    assert refused.value.extra["profile_url"].endswith("/accounts/profile/")
    assert _counts() == before


def test_eligibility_is_checked_for_a_lottery_session_too(lottery, make_user):
    with pytest.raises(NotAllowed):
        register(lottery, make_user(residence="other"))
    assert not Registration.objects.exists()
