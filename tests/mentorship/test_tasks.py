"""Entitlement recomputation: on commit through a real Celery worker, and nightly for all."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from mentorship import services, tasks
from mentorship.models import MentorEntitlement, RateSchedule, RelationshipEntitlement

from .factories import MenteeFactory, MentorFactory, RelationshipFactory, UserFactory

START = dt.date(2024, 1, 1)


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_logged_service_is_recomputed_by_the_worker_after_commit(celery_worker_thread):
    relationship = RelationshipFactory()
    mentor = relationship.mentor
    assert not MentorEntitlement.objects.filter(mentor=mentor).exists()
    services.service_log(relationship_id=relationship.pk, kind="career_guidance", date=START, acting_user=mentor.user)
    assert wait_for(lambda: MentorEntitlement.objects.filter(mentor=mentor, total=Decimal("200")).exists())
    services.service_log(
        relationship_id=relationship.pk,
        kind="career_guidance",
        date=START + dt.timedelta(days=1),
        acting_user=mentor.user,
    )
    assert wait_for(lambda: MentorEntitlement.objects.filter(mentor=mentor, total=Decimal("400")).exists())
    stored = RelationshipEntitlement.objects.get(relationship=relationship)
    assert stored.career_guidance == Decimal("400") and stored.total == Decimal("400")


@pytest.mark.django_db(transaction=True)
def test_a_refused_service_enqueues_nothing(django_capture_on_commit_callbacks):
    relationship = RelationshipFactory()
    with pytest.raises(Exception):  # noqa: B017 - the ValidationError; nothing committed, nothing enqueued
        services.service_log(
            relationship_id=relationship.pk,
            kind="career_guidance",
            date=START - dt.timedelta(days=1),
            acting_user=relationship.mentor.user,
        )
    assert not MentorEntitlement.objects.exists()


@pytest.mark.django_db
def test_changes_enqueue_the_recomputation_on_commit(django_capture_on_commit_callbacks):
    relationship = RelationshipFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.service_log(
            relationship_id=relationship.pk, kind="career_guidance", date=START, acting_user=relationship.mentor.user
        )
    assert len(callbacks) == 1
    assert MentorEntitlement.objects.get(mentor=relationship.mentor).total == Decimal("200")


@pytest.mark.django_db
def test_nightly_recompute_for_all_picks_up_a_new_rate_schedule():
    relationships = [RelationshipFactory() for _ in range(3)]
    for relationship in relationships:
        services.service_log(
            relationship_id=relationship.pk,
            kind="career_guidance",
            date=dt.date(2024, 6, 1),
            acting_user=relationship.mentor.user,
        )
    MentorFactory()  # a mentor without mentees: stored as zero
    assert tasks.recompute_all_entitlements() == 4
    assert sorted(MentorEntitlement.objects.values_list("total", flat=True)) == [0, 200, 200, 200]
    base = RateSchedule.objects.get()
    base.pk = None
    base.effective_from = dt.date(2024, 5, 1)
    base.career_guidance_rate = Decimal("250")
    base.save()
    assert tasks.recompute_all_entitlements() == 4
    assert sorted(MentorEntitlement.objects.values_list("total", flat=True)) == [0, 250, 250, 250]
    # idempotent: a second run changes nothing
    tasks.recompute_all_entitlements()
    assert MentorEntitlement.objects.count() == 4 and RelationshipEntitlement.objects.count() == 3


@pytest.mark.django_db
def test_claimable_since_is_kept_until_claimed():
    relationship = RelationshipFactory()
    services.service_log(
        relationship_id=relationship.pk, kind="career_guidance", date=START, acting_user=relationship.mentor.user
    )
    first = services.entitlement_recompute(mentor_id=relationship.mentor_id)
    assert first.claimable_since is not None
    MentorEntitlement.objects.filter(pk=first.pk).update(claimable_since=dt.date(2024, 1, 1))
    assert services.entitlement_recompute(mentor_id=relationship.mentor_id).claimable_since == dt.date(2024, 1, 1)


@pytest.mark.django_db
def test_task_for_a_missing_mentor_is_harmless():
    assert tasks.recompute_mentor_entitlement(987654) == "gone"
    assert UserFactory() and MenteeFactory()
