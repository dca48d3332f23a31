"""The same task delivered twice (issue 8): a broker redelivers a message whose worker died before
acknowledging it, and an outbox flush may publish a row twice. Every task that reminds, recomputes
or pays must then have its effect once.

For each task: the same message (same task id, same arguments) run twice in a row; then, on a
fresh world, the same message published twice to a real worker while a third delivery runs in a
thread of the test at the same moment. Afterwards: one notification per occasion, one email per
notification, one stored recomputation with the right figures, one payment per claim.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.models import Notification
from portal.models import OutboxMessage
from portal.outbox import outbox_flush
from tests.probe_tasks import add

from .services import wait_until

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

MODES = ["twice-in-a-row", "concurrently-on-a-real-worker"]


def setup_module(module):
    from portal.celery import app

    app.loader.import_default_modules()  # every app's tasks.py, as a worker would load them


# --- the worlds: each makes one task due, and says what its single effect is ----------------------


def _incubators_world(make_user):
    from tests.incubators.factories import BaseFactory

    operators = [make_user("base_operator"), make_user("base_operator")]
    BaseFactory(operators=operators)
    make_user("reviewer")
    today = dt.date(2026, 3, 25)  # February's report was due on 10 March; staff are told after the 17th
    return (
        "incubators.tasks.send_report_reminders",
        (today.isoformat(),),
        {"incubators:report-due", "incubators:report-overdue"},
    )


def _mentorship_world(make_user):
    from tests.mentorship.factories import RelationshipFactory

    today = timezone.localdate()
    RelationshipFactory(start_date=today - dt.timedelta(days=350))  # a year from then: ends within 30 days
    return "mentorship.tasks.send_reminders", (), {"mentorship:ending"}


def _subsidies_world(make_user):
    from subsidies import services
    from subsidies.demo import ensure_schemes
    from subsidies.models import Claim

    schemes = ensure_schemes()
    for _ in range(2):
        claim = services.claim_create(
            applicant=make_user("youth"),
            scheme=schemes["luohu-living"],
            data=services.ClaimInput(requested_amount=Decimal("60000")),
        )
        Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    return "subsidies.tasks.send_claim_reminders", (), {"subsidies:draft"}


REMINDER_WORLDS = {"incubators": _incubators_world, "mentorship": _mentorship_world, "subsidies": _subsidies_world}


def _deliver(task_name: str, args: tuple, mode: str, task_id: str) -> None:
    """The same message (task id and arguments) delivered twice, or three times at once."""
    from portal.celery import app

    task = app.tasks[task_name]
    if mode == "twice-in-a-row":
        for _ in range(2):
            task.apply(args=args, task_id=task_id)
        outbox_flush_now()
        return

    def in_a_thread():
        try:
            task.apply(args=args, task_id=task_id)
        finally:
            connection.close()

    thread = threading.Thread(target=in_a_thread)
    task.apply_async(args=args, task_id=task_id)
    thread.start()
    task.apply_async(args=args, task_id=task_id)
    thread.join(timeout=60)
    add.apply_async((1, 1)).get(timeout=60)  # the solo worker takes messages in order: both ran before
    outbox_flush_now()


def outbox_flush_now() -> None:
    """Rows whose publication on commit failed would wait 10 s for beat's flush: flush them now."""
    OutboxMessage.objects.filter(sent_at__isnull=True).update(created_at=timezone.now() - dt.timedelta(minutes=1))
    outbox_flush()


@pytest.fixture
def delivery(request, settings):
    """Runs the test's deliveries eagerly (twice in a row) or on a real worker thread."""
    mode = request.param
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if mode != "twice-in-a-row":
        request.getfixturevalue("celery_worker_thread")
    yield mode


def _emails_settle(expected: int) -> int:
    """Waits for the emails the notifications enqueued (on the worker, or eagerly), then a little
    longer so that a duplicate would have time to arrive."""
    wait_until(lambda: len(mail.outbox) >= expected, timeout=30)
    time.sleep(1.0)
    return len(mail.outbox)


@pytest.mark.parametrize("delivery", MODES, indirect=True)
@pytest.mark.parametrize("app_name", sorted(REMINDER_WORLDS))
def test_a_reminder_task_delivered_twice_reminds_once(app_name, delivery, make_user):
    task_name, args, key_prefixes = REMINDER_WORLDS[app_name](make_user)
    mail.outbox.clear()
    _deliver(task_name, args, delivery, task_id=str(uuid.uuid4()))

    reminders = Notification.objects.filter(key__regex=r"^(" + "|".join(key_prefixes) + r"):")
    occasions = list(reminders.values_list("recipient_id", "key"))
    assert occasions, f"{task_name} reminded nobody: the world does not make it due"
    assert len(occasions) == len(set(occasions))  # the database refuses a second one per (recipient, key)
    emails = _emails_settle(len(occasions))
    assert emails == len(occasions)  # one email per notification, whichever delivery sent it
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    print(f"\n[figure] {task_name} ({delivery}): {len(occasions)} reminders, {emails} emails")


@pytest.mark.parametrize("delivery", MODES, indirect=True)
def test_the_entitlement_recomputation_delivered_twice_has_one_effect(delivery, make_user):
    from mentorship import rules, selectors
    from mentorship.models import MentorEntitlement, RelationshipEntitlement, Service
    from tests.mentorship.factories import MentorFactory, RelationshipFactory

    mentor = MentorFactory()
    day = timezone.localdate() - dt.timedelta(days=100)
    relationships = [RelationshipFactory(mentor=mentor, start_date=day) for _ in range(2)]
    for relationship in relationships:
        for offset in range(3):
            Service.objects.create(
                relationship=relationship,
                kind=Service.Kind.CAREER_GUIDANCE,
                date=day + dt.timedelta(days=offset),
                logged_by=mentor.user,
            )
    _deliver("mentorship.tasks.recompute_mentor_entitlement", (mentor.pk,), delivery, task_id=str(uuid.uuid4()))

    relationship_ids, services, attendances = selectors.mentor_records(mentor.pk)
    expected = rules.compute_entitlement(
        services=services,
        attendances=attendances,
        schedules=selectors.rate_schedules(),
        relationship_ids=relationship_ids,
    )
    stored = MentorEntitlement.objects.get(mentor=mentor)  # .get(): exactly one row
    assert stored.total == expected.total > 0
    rows = RelationshipEntitlement.objects.filter(relationship__mentor=mentor)
    assert rows.count() == len(relationships)
    assert sum(r.total for r in rows) == sum(a.total for a in expected.relationships.values())
    print(
        f"\n[figure] recompute_mentor_entitlement ({delivery}): 1 entitlement row, {rows.count()} mentee rows, {stored.total}"
    )


@pytest.mark.parametrize("delivery", MODES, indirect=True)
def test_the_eligibility_computation_delivered_twice_has_one_effect(delivery, make_user):
    from subsidies import services
    from subsidies.demo import ensure_schemes
    from subsidies.models import Claim

    schemes = ensure_schemes()
    claim = services.claim_create(
        applicant=make_user("youth"),
        scheme=schemes["futian-internship"],
        data=services.ClaimInput(
            education_level="master", start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 3, 31)
        ),
    )
    transitions = claim.transitions.count()
    _deliver("subsidies.tasks.compute_claim_eligibility", (claim.pk,), delivery, task_id=str(uuid.uuid4()))
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.eligible_amount == Decimal("7500.00")  # 3 months at the master's rate of 2,500
    assert claim.transitions.count() == transitions  # computing is not a step of the timeline


@pytest.mark.parametrize("concurrently", [False, True], ids=["twice-in-a-row", "concurrently"])
def test_a_payment_batch_marked_paid_twice_pays_once(concurrently, make_user):
    """Marking a batch paid is the payment: no task carries it, so the use case itself is run
    twice (a double click, a retried request), in a row and from two threads at once."""
    from subsidies import services
    from subsidies.demo import ensure_schemes
    from subsidies.models import ClaimState, ClaimTransition, PaymentBatch

    schemes = ensure_schemes()
    reviewer, approver = make_user("reviewer"), make_user("approver")
    from tests.subsidies.factories import pdf

    claims = []
    for _ in range(3):
        applicant = make_user("youth")
        claim = services.claim_create(
            applicant=applicant,
            scheme=schemes["luohu-living"],
            data=services.ClaimInput(requested_amount=Decimal("60000")),
            identity_type="hkid",
            identity_number=_hkid(len(claims)),
        )
        for doc in claim.scheme.required_documents.all():
            services.claim_document_add(claim_id=claim.pk, actor=applicant, kind=doc.code, upload=pdf())
        services.claim_submit(claim_id=claim.pk, actor=applicant)
        services.claim_compute_eligibility(claim_id=claim.pk)
        services.claim_recommend(claim_id=claim.pk, actor=reviewer)
        services.claim_approve(claim_id=claim.pk, actor=approver, amount=Decimal("60000"))
        claims.append(claim)
    batch = services.payment_batch_create(actor=approver)
    outcomes = []

    def pay():
        try:
            services.payment_batch_mark_paid(batch_id=batch.pk, actor=approver)
            outcomes.append("paid")
        except services.WrongState:
            outcomes.append("already paid")
        finally:
            if concurrently:
                connection.close()

    if concurrently:
        threads = [threading.Thread(target=pay) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        pay()
        pay()
    assert sorted(outcomes) == ["already paid", "paid"]
    paid_steps = ClaimTransition.objects.filter(claim__in=claims, to_state=ClaimState.PAID)
    assert paid_steps.count() == len(claims)
    assert sorted(paid_steps.values_list("claim_id", flat=True)) == sorted(c.pk for c in claims)
    assert PaymentBatch.objects.get(pk=batch.pk).state == "paid"
    assert sum(s.amount for s in paid_steps) == Decimal("180000.00")


def _hkid(n: int) -> str:
    from subsidies.rules import hkid_check_digit

    digits = f"{800000 + n:06d}"
    return f"K{digits}({hkid_check_digit('K', digits)})"
