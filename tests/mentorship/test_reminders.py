"""Reminders: once per occasion, at and around each boundary (30 days, 1 and 6 months, 60 days)."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Notification
from mentorship import rules, services, tasks
from mentorship.models import MentorEntitlement

from .factories import MenteeFactory, RelationshipFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 12, 1)


def keys(user, prefix="mentorship:"):
    return sorted(Notification.objects.filter(recipient=user, key__startswith=prefix).values_list("key", flat=True))


@pytest.mark.parametrize(("days_left", "reminded"), [(0, True), (29, True), (30, True), (31, False)])
def test_relationship_ending_within_30_days_reminds_mentor_and_mentee(days_left, reminded):
    end = TODAY + dt.timedelta(days=days_left)
    after = end + dt.timedelta(days=1)
    start = after.replace(year=after.year - 1)
    assert rules.relationship_end_date(start) == end
    relationship = RelationshipFactory(start_date=start)
    services.reminders_send(day=TODAY)
    expected = [f"mentorship:ending:{relationship.pk}"] if reminded else []
    assert keys(relationship.mentor.user) == expected
    assert keys(relationship.mentee.user) == expected
    services.reminders_send(day=TODAY)  # once per occasion
    assert Notification.objects.count() == (2 if reminded else 0)


def test_ended_relationships_are_not_reminded():
    relationship = RelationshipFactory(
        start_date=TODAY - dt.timedelta(days=350), ended_on=TODAY - dt.timedelta(days=1), end_reason="x"
    )
    services.reminders_send(day=TODAY)
    assert keys(relationship.mentor.user) == []


def referral(months):
    mentee = MenteeFactory(status="unemployed", status_since=dt.date(2023, 6, 1))
    relationship = RelationshipFactory(mentee=mentee, start_date=dt.date(2024, 1, 1))
    return relationship, services.service_log(
        relationship_id=relationship.pk,
        kind="job_referral",
        date=dt.date(2024, 1, 10),
        employer="深圳市某科技有限公司",
        hired_on=dt.date(2024, 1, 15),
        insured_months=months,
        acting_user=relationship.mentor.user,
    )


@pytest.mark.parametrize(("months", "thresholds"), [(0, []), (1, [1]), (5, [1]), (6, [1, 6])])
def test_insured_months_reached_tells_the_mentor_they_can_claim(months, thresholds):
    relationship, _service = referral(months)
    services.reminders_send(day=TODAY)
    assert keys(relationship.mentor.user, "mentorship:insured") == sorted(
        f"mentorship:insured:{n}:{relationship.pk}" for n in thresholds
    )
    assert keys(relationship.mentee.user, "mentorship:insured") == []


def test_insurance_growing_from_five_to_six_months_reminds_again_once():
    relationship, service = referral(5)
    services.reminders_send(day=TODAY)
    services.job_referral_update_insurance(service=service, insured_months=6, acting_user=relationship.mentor.user)
    services.reminders_send(day=TODAY)
    services.reminders_send(day=TODAY)
    assert len(keys(relationship.mentor.user, "mentorship:insured")) == 2


@pytest.mark.parametrize(("days", "reminded"), [(59, False), (60, True), (90, True)])
def test_unclaimed_entitlement_older_than_60_days(days, reminded):
    relationship = RelationshipFactory()
    services.service_log(
        relationship_id=relationship.pk,
        kind="career_guidance",
        date=dt.date(2024, 1, 5),
        acting_user=relationship.mentor.user,
    )
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    since = TODAY - dt.timedelta(days=days)
    MentorEntitlement.objects.filter(mentor=relationship.mentor).update(claimable_since=since)
    services.reminders_send(day=TODAY)
    notifications = Notification.objects.filter(
        recipient=relationship.mentor.user, key__startswith="mentorship:unclaimed"
    )
    assert notifications.count() == (1 if reminded else 0)
    if reminded:
        assert "200" in notifications.get().body


def test_the_daily_task_runs_the_reminders():
    assert tasks.send_reminders() == 0


def test_nothing_to_claim_nothing_reminded():
    relationship = RelationshipFactory()
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    MentorEntitlement.objects.filter(mentor=relationship.mentor).update(claimable_since=TODAY - dt.timedelta(days=90))
    services.reminders_send(day=TODAY)
    assert keys(relationship.mentor.user, "mentorship:unclaimed") == []


def test_reminder_in_the_recipients_language():
    relationship = RelationshipFactory(start_date=TODAY - dt.timedelta(days=350))
    relationship.mentee.user.preferred_language = "zh-hant"
    relationship.mentee.user.save()
    services.reminders_send(day=TODAY)
    mentee_note = Notification.objects.get(recipient=relationship.mentee.user)
    mentor_note = Notification.objects.get(recipient=relationship.mentor.user)
    assert mentor_note.subject_en == "Your mentor relationship ends soon"
    assert mentee_note.subject_zh_hant != mentor_note.subject_en  # translated into Traditional Chinese
