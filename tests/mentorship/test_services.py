"""mentorship.services: capacity under a lock, service validation, events, status history, what
was claimed. Refusals are the portal's domain errors (portal.errors)."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from accounts.roles import has_role
from mentorship import selectors, services
from mentorship.models import Mentee, MentorEntitlement, MentorRelationship, MentorshipEvent, Service
from portal.errors import CapacityFull, InvalidInput, NotAllowed, NotFound, WrongState

from .factories import MenteeFactory, MentorFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db
START = dt.date(2024, 1, 1)


@pytest.fixture
def staff():
    return UserFactory(role="reviewer")


def test_mentor_application_approved_by_staff_gives_the_role(staff):
    user = UserFactory()
    mentor = services.mentor_apply(user=user, acting_user=user, display_name="Lee", district="Luohu")
    assert mentor.status == "applied"
    with pytest.raises(NotAllowed):
        services.mentor_approve(mentor=mentor, acting_user=user)
    services.mentor_approve(mentor=mentor, acting_user=staff, note="checked")
    mentor.refresh_from_db()
    user.__dict__.pop("_portal_role_names", None)
    assert mentor.status == "approved" and mentor.reviewed_by == staff
    assert has_role(user, "mentor")
    assert list(MentorshipEvent.objects.filter(mentor=mentor).values_list("action", flat=True)) == [
        "mentor_approved",
        "mentor_applied",
    ]
    with pytest.raises(InvalidInput) as error:
        services.mentor_apply(user=user, acting_user=user)
    assert list(error.value.errors) == ["user"]
    with pytest.raises(WrongState):  # approved: not rejected any more (workflow.MENTOR_APPLICATION)
        services.mentor_reject(mentor=mentor, acting_user=staff, note="changed our mind")


def test_mentor_rejection_needs_a_reason(staff):
    user = UserFactory()
    mentor = services.mentor_apply(user=user, acting_user=user)
    with pytest.raises(InvalidInput) as error:
        services.mentor_reject(mentor=mentor, acting_user=staff, note=" ")
    assert list(error.value.errors) == ["note"]
    services.mentor_reject(mentor=mentor, acting_user=staff, note="no mainland experience")
    mentor.refresh_from_db()
    assert mentor.status == "rejected" and mentor.review_note == "no mainland experience"
    # the reason is on the application, never in its events
    assert all("no mainland" not in str(event.detail) for event in MentorshipEvent.objects.filter(mentor=mentor))
    # a rejected application can be looked at again and approved
    services.mentor_approve(mentor=mentor, acting_user=staff)
    mentor.refresh_from_db()
    assert mentor.status == "approved"


def test_mentee_status_history_answers_employed_on_a_date():
    youth = UserFactory(role="youth")
    mentee = services.mentee_register(
        user=youth, status="unemployed", status_since=dt.date(2024, 1, 1), acting_user=youth
    )
    services.mentee_change_status(mentee=mentee, status="employed", since=dt.date(2024, 6, 1), acting_user=youth)
    mentee.refresh_from_db()
    assert (mentee.status, mentee.status_since) == ("employed", dt.date(2024, 6, 1))
    changes = list(mentee.status_changes.values_list("since", "status"))
    from mentorship import rules

    assert rules.status_on(changes, dt.date(2024, 5, 31)) == "unemployed"
    assert rules.status_on(changes, dt.date(2024, 6, 1)) == "employed"
    other = UserFactory(role="youth")
    with pytest.raises(NotAllowed):
        services.mentee_change_status(mentee=mentee, status="unemployed", since=dt.date(2024, 7, 1), acting_user=other)


@pytest.mark.parametrize(("existing", "ok"), [(4, True), (5, False), (6, False)])
def test_a_mentor_has_at_most_five_active_mentees(staff, existing, ok):
    mentor = MentorFactory()
    for _ in range(existing):
        RelationshipFactory(mentor=mentor, start_date=START)
    mentee = MenteeFactory()
    if ok:
        relationship = services.relationship_create(
            mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=START + dt.timedelta(days=10), acting_user=staff
        )
        assert relationship.end_date == dt.date(2025, 1, 10)
    else:
        with pytest.raises(CapacityFull) as error:
            services.relationship_create(mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=START, acting_user=staff)
        assert "at most 5 mentees" in str(error.value.errors["start_date"][0])
        assert MentorRelationship.objects.filter(mentor=mentor).count() == existing


def test_ended_relationships_free_a_place(staff):
    mentor = MentorFactory()
    relationships = [RelationshipFactory(mentor=mentor, start_date=START) for _ in range(5)]
    services.relationship_end(
        relationship=relationships[0], ended_on=dt.date(2024, 3, 31), reason="moved abroad", acting_user=staff
    )
    mentee = MenteeFactory()
    with pytest.raises(CapacityFull):  # on 31 March the ended one is still active
        services.relationship_create(
            mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=dt.date(2024, 3, 31), acting_user=staff
        )
    services.relationship_create(
        mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=dt.date(2024, 4, 1), acting_user=staff
    )


def test_ending_early_needs_staff_and_a_reason(staff):
    relationship = RelationshipFactory()
    with pytest.raises(NotAllowed):
        services.relationship_end(
            relationship=relationship, ended_on=START, reason="x", acting_user=relationship.mentor.user
        )
    with pytest.raises(InvalidInput) as error:
        services.relationship_end(relationship=relationship, ended_on=START, reason="", acting_user=staff)
    assert list(error.value.errors) == ["reason"]
    with pytest.raises(InvalidInput) as error:
        services.relationship_end(
            relationship=relationship, ended_on=dt.date(2026, 1, 1), reason="x", acting_user=staff
        )
    assert list(error.value.errors) == ["ended_on"]
    services.relationship_end(relationship=relationship, ended_on=START, reason="Moved to Hong Kong", acting_user=staff)
    with pytest.raises(WrongState):  # ended: nothing more to end (workflow.RELATIONSHIP)
        services.relationship_end(relationship=relationship, ended_on=START, reason="again", acting_user=staff)
    # the reason is kept on the relationship, not in its events nor in the audit log
    from portal.models import AuditEntry

    assert MentorRelationship.objects.get(pk=relationship.pk).end_reason == "Moved to Hong Kong"
    assert all("Hong Kong" not in str(e.detail) for e in MentorshipEvent.objects.filter(relationship=relationship))
    assert all("Hong Kong" not in str(e.detail) for e in AuditEntry.objects.all())


def test_mentor_takes_on_only_for_themselves(staff):
    mentor, other = MentorFactory(), MentorFactory()
    mentee = MenteeFactory()
    with pytest.raises(NotAllowed):
        services.relationship_create(mentor_id=other.pk, mentee_id=mentee.pk, start_date=START, acting_user=mentor.user)
    services.relationship_create(mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=START, acting_user=mentor.user)
    with pytest.raises(InvalidInput):  # one relationship per pair
        services.relationship_create(
            mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=dt.date(2025, 6, 1), acting_user=staff
        )


def test_unapproved_mentor_cannot_take_mentees(staff):
    mentor = MentorFactory(status="applied")
    with pytest.raises(InvalidInput):
        services.relationship_create(
            mentor_id=mentor.pk, mentee_id=MenteeFactory().pk, start_date=START, acting_user=staff
        )


def log(relationship, **kwargs):
    kwargs.setdefault("kind", "career_guidance")
    kwargs.setdefault("date", START + dt.timedelta(days=5))
    return services.service_log(relationship_id=relationship.pk, acting_user=relationship.mentor.user, **kwargs)


def test_services_refused_outside_the_relationship_dates():
    relationship = RelationshipFactory()
    with pytest.raises(InvalidInput) as error:
        log(relationship, date=START - dt.timedelta(days=1))
    assert "outside the relationship" in str(error.value) and list(error.value.errors) == ["date"]
    with pytest.raises(InvalidInput):
        log(relationship, date=relationship.end_date + dt.timedelta(days=1))
    log(relationship, date=relationship.end_date)
    log(relationship, date=START)


def test_services_refused_after_the_relationship_was_ended(staff):
    relationship = RelationshipFactory()
    services.relationship_end(
        relationship=relationship, ended_on=dt.date(2024, 2, 1), reason="moved", acting_user=staff
    )
    relationship.refresh_from_db()
    log(relationship, date=dt.date(2024, 2, 1))
    with pytest.raises(InvalidInput):
        log(relationship, date=dt.date(2024, 2, 2))


def test_services_refused_for_someone_elses_mentee():
    relationship = RelationshipFactory()
    other = MentorFactory()
    with pytest.raises(InvalidInput) as error:  # a field error (400), not a 403: the API's contract
        services.service_log(
            relationship_id=relationship.pk, kind="career_guidance", date=START, acting_user=other.user
        )
    assert "not yours" in str(error.value)


def test_service_kind_must_fit_the_status_on_that_date():
    mentee = MenteeFactory(status="unemployed", status_since=dt.date(2023, 6, 1))
    relationship = RelationshipFactory(mentee=mentee)
    with pytest.raises(InvalidInput) as error:
        log(relationship, kind="career_guidance")
    assert "employed mentee" in str(error.value)
    log(relationship, kind="internship_guidance", days=3, date=dt.date(2024, 2, 1))
    services.mentee_change_status(mentee=mentee, status="employed", since=dt.date(2024, 3, 1), acting_user=mentee.user)
    log(relationship, kind="career_guidance", date=dt.date(2024, 3, 1))
    with pytest.raises(InvalidInput):
        log(relationship, kind="internship_guidance", days=3, date=dt.date(2024, 3, 1))
    log(relationship, kind="internship_guidance", days=3, date=dt.date(2024, 2, 29))  # still unemployed then


def test_job_referral_records_the_hiring_and_insurance_updates():
    mentee = MenteeFactory(status="unemployed", status_since=dt.date(2023, 6, 1))
    relationship = RelationshipFactory(mentee=mentee)
    referral = log(
        relationship,
        kind="job_referral",
        date=dt.date(2024, 2, 1),
        employer="深圳前海微众银行",
        position="Analyst",
        hired_on=dt.date(2024, 2, 15),
        insured_months=1,
    )
    mentee.refresh_from_db()
    assert (mentee.status, mentee.status_since) == ("employed", dt.date(2024, 2, 15))
    assert services.entitlement_recompute(mentor_id=relationship.mentor_id).job_referral == Decimal("1000")
    services.job_referral_update_insurance(service=referral, insured_months=6, acting_user=relationship.mentor.user)
    assert services.entitlement_recompute(mentor_id=relationship.mentor_id).job_referral == Decimal("5000")
    with pytest.raises(InvalidInput):
        services.job_referral_update_insurance(service=referral, insured_months=5, acting_user=relationship.mentor.user)


@pytest.mark.parametrize(("count", "total"), [(5, "1000"), (6, "1000"), (4, "800")])
def test_stored_entitlement_sessions(count, total):
    relationship = RelationshipFactory()
    for i in range(count):
        log(relationship, date=START + dt.timedelta(days=i))
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    assert selectors.relationship_entitlement(relationship)["career_guidance"] == Decimal(total)
    summary = selectors.mentor_entitlement_summary(mentor_user_id=relationship.mentor.user_id)
    assert summary["total"] == Decimal(total)
    assert summary["claimed"] == Decimal("0") or summary["claimed"] >= 0
    assert summary["relationships"][0]["mentee_name"] == str(relationship.mentee.user)


def test_activity_attendance_needs_an_invitation(staff):
    mentor, other = MentorFactory(), MentorFactory()
    activity = services.activity_create(acting_user=staff, date=START, title="港澳青年就业分享会", invite=[mentor])
    with pytest.raises(InvalidInput):
        services.attendance_record(activity=activity, mentor_id=other.pk, acting_user=staff)
    with pytest.raises(NotAllowed):
        services.attendance_record(activity=activity, mentor_id=mentor.pk, acting_user=other.user)
    services.attendance_record(activity=activity, mentor_id=mentor.pk, acting_user=mentor.user)
    with pytest.raises(InvalidInput):
        services.attendance_record(activity=activity, mentor_id=mentor.pk, acting_user=staff)
    assert services.entitlement_recompute(mentor_id=mentor.pk).public_welfare == Decimal("1000")


def test_summary_for_a_non_mentor_is_zero():
    assert selectors.mentor_entitlement_summary(mentor_user_id=UserFactory().pk)["total"] == 0


def test_only_approved_mentors_are_invited(staff):
    applicant = MentorFactory(status="applied")
    with pytest.raises(InvalidInput) as error:
        services.activity_create(acting_user=staff, date=START, title="分享会", invite=[MentorFactory(), applicant])
    assert list(error.value.errors) == ["invite"]
    with pytest.raises(NotAllowed):
        services.activity_create(acting_user=applicant.user, date=START, title="分享会")


def test_claimed_is_what_the_subsidies_app_stored():
    """`claimed` is stored on the entitlement by the subsidies app's approval
    (`entitlement_claimed_set`); the summary subtracts it from the total."""
    relationship = RelationshipFactory()
    for i in range(3):
        log(relationship, date=START + dt.timedelta(days=i))
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    user_id = relationship.mentor.user_id
    services.entitlement_claimed_set(mentor_user_id=user_id, claimed=Decimal("400"))
    summary = selectors.mentor_entitlement_summary(mentor_user_id=user_id)
    assert (summary["total"], summary["claimed"], summary["claimable"]) == (
        Decimal("600"),
        Decimal("400"),
        Decimal("200"),
    )
    assert selectors.mentor_claimed_total(mentor_user_id=user_id) == Decimal("400")
    services.entitlement_claimed_set(mentor_user_id=user_id, claimed=Decimal("900"))
    assert selectors.mentor_entitlement_summary(mentor_user_id=user_id)["claimable"] == 0
    # a recomputation keeps what was claimed
    assert services.entitlement_recompute(mentor_id=relationship.mentor_id).claimed == Decimal("900")
    assert selectors.mentor_claimed_totals(mentor_user_ids=[user_id, UserFactory().pk])[user_id] == Decimal("900")


def test_claimed_set_keeps_claimable_since_true_and_records_the_amount():
    relationship = RelationshipFactory()
    log(relationship)
    stored = services.entitlement_recompute(mentor_id=relationship.mentor_id)
    MentorEntitlement.objects.filter(pk=stored.pk).update(claimable_since=dt.date(2024, 3, 1))
    user_id = relationship.mentor.user_id
    # something left to claim: the day it became claimable stays
    assert services.entitlement_claimed_set(mentor_user_id=user_id, claimed=Decimal("100")).claimable_since == (
        dt.date(2024, 3, 1)
    )
    # all claimed: no longer waiting to be claimed
    assert services.entitlement_claimed_set(mentor_user_id=user_id, claimed=Decimal("200")).claimable_since is None
    # a claim taken back (a payment reversed): claimable again from today
    after = services.entitlement_claimed_set(mentor_user_id=user_id, claimed=Decimal("0"))
    assert after.claimable_since == selectors.today()
    event = MentorshipEvent.objects.filter(action="entitlement_claimed_set").order_by("-pk").first()
    assert event.mentor_id == relationship.mentor_id and event.detail == {"claimed": "0"}


def test_claimed_set_inside_the_callers_transaction_and_without_a_stored_entitlement():
    """The subsidies app calls it inside its own (durable) approval transaction: it joins it, and
    rolls back with it. A mentor with nothing stored yet is recomputed first."""
    relationship = RelationshipFactory()
    log(relationship)
    user_id = relationship.mentor.user_id
    assert not MentorEntitlement.objects.exists()
    with transaction.atomic():
        stored = services.entitlement_claimed_set(mentor_user_id=user_id, claimed=Decimal("150"))
    assert (stored.total, stored.claimed) == (Decimal("200"), Decimal("150"))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.entitlement_claimed_set(mentor_user_id=user_id, claimed=Decimal("200"))
        raise RuntimeError("the approval failed after")
    assert MentorEntitlement.objects.get().claimed == Decimal("150")


def test_claimed_set_refusals():
    with pytest.raises(NotFound):
        services.entitlement_claimed_set(mentor_user_id=UserFactory().pk, claimed=Decimal("1"))
    with pytest.raises(InvalidInput):
        services.entitlement_claimed_set(mentor_user_id=MentorFactory().user_id, claimed=Decimal("-1"))


@pytest.mark.django_db(transaction=True)
def test_claimed_set_waits_for_a_recomputation_of_the_same_mentor():
    """The mentor row is locked by both: a claim approved while a recomputation runs waits for it,
    and the recomputation's `claimable_since` is never written from a claimed amount it did not see."""
    import threading

    assert connection.vendor == "postgresql"
    relationship = RelationshipFactory()
    services.service_log(
        relationship_id=relationship.pk, kind="career_guidance", date=START, acting_user=relationship.mentor.user
    )
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    locked, release, done = threading.Event(), threading.Event(), threading.Event()

    def recomputation_holding_the_lock():
        try:
            with transaction.atomic():
                from mentorship.models import Mentor

                Mentor.objects.select_for_update().get(pk=relationship.mentor_id)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    def approval():
        try:
            services.entitlement_claimed_set(mentor_user_id=relationship.mentor.user_id, claimed=Decimal("200"))
            done.set()
        finally:
            connections.close_all()

    first = threading.Thread(target=recomputation_holding_the_lock)
    first.start()
    assert locked.wait(10)
    second = threading.Thread(target=approval)
    second.start()
    assert not done.wait(0.5)  # waiting for the mentor's row lock
    release.set()
    first.join(10)
    second.join(10)
    assert done.is_set()
    stored = MentorEntitlement.objects.get(mentor_id=relationship.mentor_id)
    assert (stored.claimed, stored.claimable_since) == (Decimal("200"), None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [0, 3, 4, 5])
def test_concurrent_requests_cannot_give_a_mentor_a_sixth_mentee(existing):
    """Eight threads, each with its own PostgreSQL connection, try at the same moment to add a
    mentee to a mentor who has `existing` mentees: exactly 5 - existing succeed, the others get
    the refusal (without the row lock, several of them see the same count and all succeed)."""
    assert connection.vendor == "postgresql"
    staff = UserFactory(role="reviewer")
    mentor = MentorFactory()
    for _ in range(existing):
        RelationshipFactory(mentor=mentor, start_date=START)
    mentees = [MenteeFactory() for _ in range(8)]
    barrier = threading.Barrier(len(mentees))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(mentee_id: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.relationship_create(
                mentor_id=mentor.pk, mentee_id=mentee_id, start_date=START + dt.timedelta(days=1), acting_user=staff
            )
            result = "created"
        except CapacityFull as error:
            result = "refused" if "start_date" in error.errors else f"other: {error}"
        except Exception as error:  # noqa: BLE001 - any other error fails the test below
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(mentee.pk,)) for mentee in mentees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    allowed = 5 - existing
    assert sorted(outcomes) == ["created"] * allowed + ["refused"] * (8 - allowed)
    assert MentorRelationship.objects.filter(mentor=mentor).count() == 5


def test_wants_mentor_cleared_once_matched(staff):
    youth = UserFactory(role="youth")
    mentor = MentorFactory()
    mentee = services.mentee_register(
        user=youth, status="employed", status_since=START, acting_user=youth, wants_mentor=True, requested_mentor=mentor
    )
    services.relationship_create(mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=START, acting_user=staff)
    assert not Mentee.objects.get(pk=mentee.pk).wants_mentor
    assert Service.objects.count() == 0


def test_subsidies_contract_keys_and_types():
    """The exact shape `subsidies` reads: Decimals, and one row per relationship."""
    relationship = RelationshipFactory()
    log(relationship)
    services.entitlement_recompute(mentor_id=relationship.mentor_id)  # the task run on commit
    summary = selectors.mentor_entitlement_summary(mentor_user_id=relationship.mentor.user_id)
    assert set(summary) == {
        "career_guidance",
        "internship_guidance",
        "job_referral",
        "public_welfare",
        "total",
        "claimed",
        "claimable",
        "relationships",
    }
    assert all(isinstance(summary[key], Decimal) for key in summary if key != "relationships")
    (row,) = summary["relationships"]
    assert set(row) == {
        "relationship_id",
        "mentee_name",
        "career_guidance",
        "internship_guidance",
        "job_referral",
        "total",
    }
    assert row["total"] == Decimal("200") and isinstance(row["total"], Decimal)
    assert selectors.mentor_for_user(relationship.mentor.user) == relationship.mentor
    assert selectors.mentor_for_user(relationship.mentee.user) is None


# Issue 15 #2: a full mentor created a relationship starting 2001-02-01, logged 2001 services and
# raised their claimable amount; the same trick attached another mentor's current mentee.
def test_a_relationship_cannot_start_before_the_programme_launch(staff):
    mentor = MentorFactory()
    for _ in range(5):
        RelationshipFactory(mentor=mentor, start_date=START)
    for who in (mentor.user, staff):
        with pytest.raises(InvalidInput) as error:
            services.relationship_create(
                mentor_id=mentor.pk, mentee_id=MenteeFactory().pk, start_date=dt.date(2001, 2, 1), acting_user=who
            )
        assert "before the programme's launch on 2023-06-14" in str(error.value.errors["start_date"][0])
    with pytest.raises(InvalidInput):  # the day before the launch
        services.relationship_create(
            mentor_id=MentorFactory().pk,
            mentee_id=MenteeFactory().pk,
            start_date=dt.date(2023, 6, 13),
            acting_user=staff,
        )
    services.relationship_create(  # the launch day itself
        mentor_id=MentorFactory().pk, mentee_id=MenteeFactory().pk, start_date=dt.date(2023, 6, 14), acting_user=staff
    )
    assert MentorRelationship.objects.filter(start_date__lt=dt.date(2023, 6, 14)).count() == 0


def test_a_relationship_starts_at_most_thirty_days_ahead(staff):
    today = selectors.today()
    with pytest.raises(InvalidInput) as error:
        services.relationship_create(
            mentor_id=MentorFactory().pk,
            mentee_id=MenteeFactory().pk,
            start_date=today + dt.timedelta(days=31),
            acting_user=staff,
        )
    assert "at most 30 days ahead" in str(error.value.errors["start_date"][0])
    with pytest.raises(InvalidInput):  # the year 9999 (issue 15 #15): refused, no 500
        services.relationship_create(
            mentor_id=MentorFactory().pk,
            mentee_id=MenteeFactory().pk,
            start_date=dt.date(9999, 12, 31),
            acting_user=staff,
        )
    relationship = services.relationship_create(
        mentor_id=MentorFactory().pk,
        mentee_id=MenteeFactory().pk,
        start_date=today + dt.timedelta(days=30),
        acting_user=staff,
    )
    assert relationship.state_on(today) == "upcoming"


def test_a_mentee_has_one_mentor_at_a_time_unless_staff_decide(staff):
    first = RelationshipFactory(start_date=START)
    mentee, other = first.mentee, MentorFactory()
    for who, start in ((other.user, dt.date(2024, 6, 1)), (staff, dt.date(2024, 12, 31))):
        with pytest.raises(CapacityFull) as error:
            services.relationship_create(mentor_id=other.pk, mentee_id=mentee.pk, start_date=start, acting_user=who)
        assert "already has a mentor" in str(error.value.errors["mentee"][0])
    with pytest.raises(NotAllowed):  # only staff decide on a second mentor
        services.relationship_create(
            mentor_id=other.pk, mentee_id=mentee.pk, start_date=START, acting_user=other.user, second_mentor=True
        )
    # the other mentor's mentee list does not show this mentee
    assert not selectors.relationships_visible_to(other.user).filter(mentee=mentee).exists()
    # after the first year, a new mentor
    services.relationship_create(
        mentor_id=other.pk, mentee_id=mentee.pk, start_date=first.end_date + dt.timedelta(days=1), acting_user=staff
    )
    third = MentorFactory()
    second = services.relationship_create(
        mentor_id=third.pk, mentee_id=mentee.pk, start_date=START, acting_user=staff, second_mentor=True
    )
    assert second.events.get(action="relationship_created").detail["second_mentor"] is True


def test_an_early_end_frees_the_mentee_for_another_mentor(staff):
    first = RelationshipFactory(start_date=START)
    services.relationship_end(relationship=first, ended_on=dt.date(2024, 3, 31), reason="moved", acting_user=staff)
    other = MentorFactory()
    with pytest.raises(CapacityFull):
        services.relationship_create(
            mentor_id=other.pk, mentee_id=first.mentee_id, start_date=dt.date(2024, 3, 31), acting_user=staff
        )
    services.relationship_create(
        mentor_id=other.pk, mentee_id=first.mentee_id, start_date=dt.date(2024, 4, 1), acting_user=staff
    )


def test_services_only_within_the_term_and_not_in_the_future():
    relationship = RelationshipFactory(start_date=START)
    for day in (START - dt.timedelta(days=1), relationship.end_date + dt.timedelta(days=1)):
        with pytest.raises(InvalidInput) as error:
            log(relationship, date=day)
        assert "outside the relationship" in str(error.value.errors["date"][0])
    current = RelationshipFactory(start_date=selectors.today() - dt.timedelta(days=10))
    with pytest.raises(InvalidInput) as error:
        log(current, date=selectors.today() + dt.timedelta(days=1))
    assert "before it took place" in str(error.value.errors["date"][0])
    log(relationship, date=START)
    log(relationship, date=relationship.end_date)
    assert Service.objects.filter(relationship=relationship).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_mentors_taking_on_one_mentee_at_the_same_moment_give_one_relationship():
    """Six mentors (each with room), in six threads with their own PostgreSQL connections, take on
    the same mentee at the same moment: the mentee's row lock lets exactly one through (without
    it, several see no relationship yet and all succeed)."""
    assert connection.vendor == "postgresql"
    mentee = MenteeFactory()
    mentors = [MentorFactory() for _ in range(6)]
    barrier = threading.Barrier(len(mentors))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(mentor) -> None:
        try:
            barrier.wait(timeout=10)
            services.relationship_create(
                mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=START, acting_user=mentor.user
            )
            result = "created"
        except CapacityFull as error:
            result = "refused" if "mentee" in error.errors else f"other: {error}"
        except Exception as error:  # noqa: BLE001 - any other error fails the test below
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(mentor,)) for mentor in mentors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["created"] + ["refused"] * 5
    assert MentorRelationship.objects.filter(mentee=mentee).count() == 1
