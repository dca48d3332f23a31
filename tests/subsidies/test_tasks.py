"""Reminders (sent once per occasion, in the recipient's language) and the eligibility task on a
real worker."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from subsidies import services, tasks
from subsidies.models import Claim
from subsidies.reminders import send_reminders

pytestmark = pytest.mark.django_db


def age(claim, days):
    Claim.objects.filter(pk=claim.pk).update(
        state_changed_at=timezone.now() - timedelta(days=days), created_at=timezone.now() - timedelta(days=days)
    )


def test_returned_claim_reminded_after_7_days_once(kit, django_capture_on_commit_callbacks):
    claim = kit.in_review()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="Contract?")
    age(claim, 6)
    assert send_reminders() == 0
    age(claim, 8)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_claim_reminders.delay().get() == 1
        assert tasks.send_claim_reminders.delay().get() == 0  # the task ran twice: one reminder
    reminders = Notification.objects.filter(recipient=claim.applicant, key__startswith="subsidies:returned:")
    assert reminders.count() == 1


def test_a_second_return_is_a_new_occasion(kit, django_capture_on_commit_callbacks):
    claim = kit.in_review()
    services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="1")
    age(claim, 8)
    assert send_reminders() == 1
    services.claim_resubmit(claim_id=claim.pk, actor=claim.applicant)
    services.claim_start_review(claim_id=claim.pk, actor=kit.reviewer)
    services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="2")
    age(claim, 8)
    assert send_reminders() == 1
    assert send_reminders() == 0


def test_draft_left_14_days_reminded_once_in_the_applicants_language(
    kit, make_user, django_capture_on_commit_callbacks
):
    youth = make_user("youth", preferred_language="zh-hans")
    claim = kit.draft(applicant=youth)
    age(claim, 13)
    assert send_reminders() == 0
    age(claim, 15)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
    assert send_reminders() == 0
    note = Notification.objects.get(recipient=youth, key=f"subsidies:draft:{claim.pk}")
    assert "草稿" in note.subject_zh_hans  # Simplified Chinese
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [youth.email]


def test_review_waiting_more_than_10_working_days_escalated_to_approvers(kit, make_user):
    second = make_user("approver")
    claim = kit.submitted()
    age(claim, 11)  # 11 calendar days: at most 9 working days
    assert send_reminders() == 0
    age(claim, 16)  # at least 11 working days
    assert send_reminders() == 2  # both approvers
    assert send_reminders() == 0
    for approver in (kit.approver, second):
        assert Notification.objects.filter(recipient=approver, key__startswith="subsidies:overdue:").count() == 1
    assert not Notification.objects.filter(recipient=kit.reviewer, key__startswith="subsidies:overdue:").exists()


def test_applicant_told_at_every_state_change(kit):
    claim = kit.recommended()
    keys = set(Notification.objects.filter(recipient=claim.applicant).values_list("key", flat=True))
    transitions = claim.transitions.exclude(to_state="draft").values_list("pk", flat=True)
    assert {f"subsidies:transition:{pk}" for pk in transitions} == keys


@pytest.mark.worker
def test_eligibility_computed_by_a_real_worker(celery_worker_thread, kit):
    claim = kit.draft(education_level="bachelor")
    for doc in claim.scheme.required_documents.all():
        from .factories import pdf

        services.claim_document_add(claim_id=claim.pk, actor=claim.applicant, kind=doc.code, upload=pdf())
    Claim.objects.filter(pk=claim.pk).update(eligible_amount=None, calculation={})
    services.claim_submit(claim_id=claim.pk, actor=claim.applicant)  # enqueues on commit
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        claim.refresh_from_db()
        if claim.eligible_amount is not None:
            break
        time.sleep(0.2)
    assert claim.eligible_amount == Decimal("4500.00")
    assert claim.calculation["months"] == 3


def test_reminders_are_in_the_beat_schedule(settings):
    from subsidies.schedule import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["subsidies-claim-reminders"]
    assert entry["task"] == tasks.send_claim_reminders.name
    assert "subsidies-claim-reminders" in settings.CELERY_BEAT_SCHEDULE
