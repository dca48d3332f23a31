"""Every transition, allowed and refused, role by role; caps, budgets, four eyes, batches."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from accounts.models import Notification
from subsidies import rules, selectors, services
from subsidies.models import (
    ClaimDocument,
    ClaimState,
    ClaimTransition,
    IdentityView,
    PaymentBatchItem,
    SchemeBudget,
    SchemeRule,
)

from .factories import pdf

pytestmark = pytest.mark.django_db

S = ClaimState


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def run(kit, fn, **kwargs):
    with kit.capture(execute=True):
        return fn(**kwargs)


# --- the whole life --------------------------------------------------------------------------------


def test_happy_path_records_every_transition_and_tells_the_applicant(kit):
    claim = kit.submitted()
    assert claim.eligible_amount == Decimal("7500.00")
    assert claim.rule is not None and claim.calculation["months"] == 3
    run(kit, services.claim_start_review, claim_id=claim.pk, actor=kit.reviewer)
    run(kit, services.claim_return, claim_id=claim.pk, actor=kit.reviewer, note="Upload a clearer contract.")
    run(kit, services.claim_resubmit, claim_id=claim.pk, actor=claim.applicant, note="Done.")
    run(kit, services.claim_start_review, claim_id=claim.pk, actor=kit.reviewer)
    run(kit, services.claim_recommend, claim_id=claim.pk, actor=kit.reviewer)
    run(kit, services.claim_approve, claim_id=claim.pk, actor=kit.approver, amount="7000", reason="One week short.")
    batch = run(kit, services.payment_batch_create, actor=kit.approver)
    run(kit, services.payment_batch_mark_paid, batch_id=batch.pk, actor=kit.approver)
    claim.refresh_from_db()
    assert claim.state == S.PAID and claim.approved_amount == Decimal("7000.00")
    steps = [(t.from_state, t.to_state) for t in claim.transitions.all()]
    assert steps == [
        ("", S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.RETURNED),
        (S.RETURNED, S.RESUBMITTED),
        (S.RESUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.RECOMMENDED),
        (S.RECOMMENDED, S.APPROVED),
        (S.APPROVED, S.PAID),
    ]
    # the applicant is told of every state change after the draft
    told = Notification.objects.filter(recipient=claim.applicant, key__startswith="subsidies:transition:").count()
    assert told == 8
    assert len(mail.outbox) == told


def test_transition_rows_are_append_only(kit):
    claim = kit.submitted()
    row = claim.transitions.last()
    with pytest.raises(ValueError):
        row.note = "changed"
        row.save()
    with pytest.raises(ValueError):
        row.delete()


# --- role by role -----------------------------------------------------------------------------------

ACTIONS = {
    # action: (state the claim must be in, call, roles allowed)
    "submit": ("draft", lambda c, a: services.claim_submit(claim_id=c.pk, actor=a), {"applicant"}),
    "withdraw": ("submitted", lambda c, a: services.claim_withdraw(claim_id=c.pk, actor=a), {"applicant"}),
    "start_review": ("submitted", lambda c, a: services.claim_start_review(claim_id=c.pk, actor=a), {"reviewer"}),
    "return": ("in_review", lambda c, a: services.claim_return(claim_id=c.pk, actor=a, note="why?"), {"reviewer"}),
    "recommend": ("in_review", lambda c, a: services.claim_recommend(claim_id=c.pk, actor=a), {"reviewer"}),
    "reject_review": (
        "in_review",
        lambda c, a: services.claim_reject(claim_id=c.pk, actor=a, reason="no"),
        {"reviewer"},
    ),
    "reject_recommended": (
        "recommended",
        lambda c, a: services.claim_reject(claim_id=c.pk, actor=a, reason="no"),
        {"approver"},
    ),
    "return_recommended": (
        "recommended",
        lambda c, a: services.claim_return(claim_id=c.pk, actor=a, note="?"),
        {"approver"},
    ),
    "approve": (
        "recommended",
        lambda c, a: services.claim_approve(claim_id=c.pk, actor=a, amount="7500"),
        {"approver"},
    ),
}
ACTORS = ["applicant", "other_youth", "mentor", "operator", "reviewer", "approver"]


def _claim_in(kit, state):
    claim = {
        "draft": lambda: kit.with_documents(kit.draft()),
        "submitted": kit.submitted,
        "in_review": kit.in_review,
        "recommended": kit.recommended,
    }[state]()
    return claim


def _actor(kit, who, claim):
    return {
        "applicant": lambda: claim.applicant,
        "other_youth": lambda: kit.make_user("youth"),
        "mentor": lambda: kit.make_user("mentor"),
        "operator": lambda: kit.make_user("base_operator"),
        "reviewer": lambda: kit.make_user("reviewer"),  # not the one who recommended
        "approver": lambda: kit.approver,
    }[who]()


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_transition_for_each_role(kit, action, who):
    state, call, allowed = ACTIONS[action]
    claim = _claim_in(kit, state)
    actor = _actor(kit, who, claim)
    before = claim.transitions.count()
    if who in allowed:
        with kit.capture(execute=True):
            call(claim, actor)
        assert claim.transitions.count() == before + 1
    else:
        # from this state the action is another role's (or nobody's of theirs): not this person's
        with pytest.raises(services.NotAllowed):
            call(claim, actor)
        claim.refresh_from_db()
        assert claim.state == state and claim.transitions.count() == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_transition_refused_from_a_wrong_state(kit, action):
    state, call, allowed = ACTIONS[action]
    # reviewers' actions also start the review of a submitted claim: a draft is their wrong state
    wrong = "draft" if state == "in_review" else "submitted" if state != "submitted" else "in_review"
    if action in ("withdraw", "reject_recommended", "return_recommended"):
        claim = kit.approved()  # an approver acting on a submitted claim is the wrong actor (403)
    else:
        claim = _claim_in(kit, wrong)
    who = next(iter(allowed))
    actor = _actor(kit, who, claim)
    before = claim.transitions.count()
    with pytest.raises(services.WrongState):
        call(claim, actor)
    assert claim.transitions.count() == before


@pytest.mark.parametrize("action", ["return", "recommend", "reject_review"])
def test_reviewer_action_on_a_submitted_claim_starts_its_review(kit, action):
    _, call, _ = ACTIONS[action]
    claim = kit.submitted()
    with kit.capture(execute=True):
        call(claim, kit.reviewer)
    steps = list(claim.transitions.values_list("from_state", "to_state"))[-2:]
    assert steps[0] == (S.SUBMITTED, S.IN_REVIEW) and steps[1][0] == S.IN_REVIEW


def test_withdraw_allowed_from_every_undecided_state_and_refused_after(kit):
    for make in (kit.draft, kit.submitted, kit.in_review, kit.recommended):
        claim = make()
        run(kit, services.claim_withdraw, claim_id=claim.pk, actor=claim.applicant)
        claim.refresh_from_db()
        assert claim.state == S.WITHDRAWN
    claim = kit.approved()
    with pytest.raises(services.WrongState):
        services.claim_withdraw(claim_id=claim.pk, actor=claim.applicant)


def test_applicant_who_is_also_approver_cannot_approve_own_claim(kit):
    from accounts.services import user_give_role

    claim = kit.recommended()
    user_give_role(user=claim.applicant, role="approver")
    with pytest.raises(services.NotAllowed):
        services.claim_approve(claim_id=claim.pk, actor=claim.applicant, amount="7500")


def test_reviewer_who_is_also_approver_cannot_approve_what_they_recommended(kit):
    from accounts.services import user_give_role

    claim = kit.in_review()
    user_give_role(user=kit.reviewer, role="approver")
    run(kit, services.claim_recommend, claim_id=claim.pk, actor=kit.reviewer)
    with pytest.raises(services.NotAllowed):
        services.claim_approve(claim_id=claim.pk, actor=kit.reviewer, amount="7500")
    run(kit, services.claim_approve, claim_id=claim.pk, actor=kit.approver, amount="7500")


def test_reviewer_cannot_review_own_claim(kit):
    from accounts.services import user_give_role

    claim = kit.submitted()
    user_give_role(user=claim.applicant, role="reviewer")
    with pytest.raises(services.NotAllowed):
        services.claim_start_review(claim_id=claim.pk, actor=claim.applicant)


def test_four_eyes_also_a_database_constraint(kit):
    claim = kit.recommended()
    claim.state, claim.approved_amount, claim.decided_by = S.APPROVED, Decimal("1"), claim.recommended_by
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_submit_needs_documents_and_identity(kit, make_user):
    claim = kit.draft()
    with pytest.raises(services.InvalidInput) as error:
        services.claim_submit(claim_id=claim.pk, actor=claim.applicant)
    assert "documents" in error.value.errors
    youth = make_user("youth")
    bare = kit.draft(applicant=youth, identity_number="", identity_type="")
    kit.with_documents(bare)
    with pytest.raises(services.InvalidInput) as error:
        services.claim_submit(claim_id=bare.pk, actor=youth)
    assert "identity_number" in error.value.errors


def test_create_refuses_wrong_role_and_bad_identity(kit, make_user):
    with pytest.raises(services.NotAllowed):
        services.claim_create(
            applicant=make_user("youth"), scheme=kit.schemes["municipal-base-award"], data=services.ClaimInput()
        )
    with pytest.raises(services.InvalidInput) as error:
        services.claim_create(
            applicant=make_user("youth"),
            scheme=kit.schemes["luohu-living"],
            data=services.ClaimInput(),
            identity_type="hkid",
            identity_number="A123456(4)",
        )
    assert "identity_number" in error.value.errors


def test_profile_identity_filled_once_never_overwritten(kit, make_user):
    youth = make_user("youth")
    kit.draft("luohu-living", applicant=youth, identity_number="A123456(3)")
    kit.draft("luohu-living", applicant=youth, identity_type="passport", identity_number="K12345678")
    assert youth.subsidy_profile.identity_number == "A1234563"
    assert youth.subsidy_profile.masked_identity == "••••4563"


# --- amounts ----------------------------------------------------------------------------------------


def test_approve_amount_checks(kit):
    claim = kit.recommended(requested_amount=Decimal("7000"))
    for bad in ("7500", "7000.01", "0", "-1", "abc", "NaN"):
        with pytest.raises(services.InvalidInput):
            services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=bad)
    with pytest.raises(services.InvalidInput) as error:  # less than asked needs a reason
        services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount="6000")
    assert "reason" in error.value.errors
    run(kit, services.claim_approve, claim_id=claim.pk, actor=kit.approver, amount="6000", reason="Short month.")
    claim.refresh_from_db()
    assert claim.approved_amount == Decimal("6000.00") and claim.decision_reason == "Short month."


def test_cap_across_claims_by_identity_number_not_only_account(kit, make_user):
    first = kit.approved("luohu-living", identity_number="A123456(3)")
    assert first.approved_amount == Decimal("60000.00")
    # the same person under another account
    second = kit.recommended("luohu-living", applicant=make_user("youth"), identity_number="A1234563")
    with pytest.raises(services.InvalidInput) as error:
        services.claim_approve(claim_id=second.pk, actor=kit.approver, amount="1")
    assert "cap" in str(error.value.errors["amount"][0])


def test_budget_cannot_be_exceeded(kit, schemes):
    scheme = schemes["luohu-living"]
    scheme.annual_budget = Decimal("100000")
    scheme.save()
    kit.approved("luohu-living")
    second = kit.recommended("luohu-living")
    with pytest.raises(services.InvalidInput):
        services.claim_approve(claim_id=second.pk, actor=kit.approver, amount="60000")
    run(kit, services.claim_approve, claim_id=second.pk, actor=kit.approver, amount="40000", reason="Budget left.")
    budget = SchemeBudget.objects.get(scheme=scheme)
    assert budget.committed == budget.amount == Decimal("100000.00")


def test_rule_version_in_force_on_the_claim_date_and_decided_claims_keep_theirs(kit, schemes):
    scheme = schemes["futian-internship"]
    decided = kit.approved()
    SchemeRule.objects.create(
        scheme=scheme, effective_from=date(2020, 1, 1), kind="monthly_by_education", rates={"master": "1"}
    )  # older version: not in force
    newer = SchemeRule.objects.create(
        scheme=scheme, effective_from=date(2025, 1, 1), kind="monthly_by_education", rates={"master": "3000"}
    )
    fresh = kit.submitted()
    assert fresh.rule == newer and fresh.eligible_amount == Decimal("9000.00")
    services.claim_compute_eligibility(claim_id=decided.pk)
    decided.refresh_from_db()
    assert decided.eligible_amount == Decimal("7500.00") and decided.rule != newer


def test_missing_facts_leave_eligible_empty_and_recommend_waits(kit):
    claim = kit.in_review(education_level="")
    assert claim.eligible_amount is None and claim.calculation["kind"] == "missing"
    with pytest.raises(services.WrongState):
        services.claim_recommend(claim_id=claim.pk, actor=kit.reviewer)


def test_update_recomputes(kit):
    claim = kit.draft()
    run(
        kit,
        services.claim_update,
        claim_id=claim.pk,
        actor=claim.applicant,
        data=services.ClaimInput(education_level="phd", start_date=date(2026, 1, 1), end_date=date(2026, 2, 28)),
    )
    claim.refresh_from_db()
    assert claim.eligible_amount == Decimal("9000.00")


# --- mentor claims: the real link to the mentorship app ------------------------------------------


def _mentor_with_entitlement():
    """A mentor with one mentee and three career-guidance sessions (3 x 200 RMB), the entitlement
    stored by the mentorship app's own service."""
    import datetime as dt

    from mentorship import services as mentorship_services
    from tests.mentorship.factories import MentorFactory, RelationshipFactory

    start = dt.date(2026, 1, 5)
    relationship = RelationshipFactory(mentor=MentorFactory(), start_date=start)
    for day in range(3):
        mentorship_services.service_log(
            relationship_id=relationship.pk,
            kind="career_guidance",
            date=start + dt.timedelta(days=day),
            topic="CV",
            acting_user=relationship.mentor.user,
        )
    mentorship_services.entitlement_recompute(mentor_id=relationship.mentor_id)
    return relationship.mentor.user


def test_gba_mentor_claim_is_eligible_for_the_stored_claimable_amount(kit):
    from mentorship.selectors import mentor_entitlement_summary

    mentor = _mentor_with_entitlement()
    stored = mentor_entitlement_summary(mentor_user_id=mentor.pk)
    assert stored["claimable"] == Decimal("600.00")
    first = kit.approved("gba-mentor", applicant=mentor, amount=Decimal("400"))
    assert first.eligible_amount == stored["claimable"]
    assert "claimable 600" in first.calculation_words
    second = kit.recommended("gba-mentor", applicant=mentor, identity_number=first.identity_number)
    # what is left once the first approval counts as claimed
    assert second.eligible_amount == mentor_entitlement_summary(mentor_user_id=mentor.pk)["claimable"]
    assert second.eligible_amount == Decimal("200.00")
    with pytest.raises(services.InvalidInput):
        services.claim_approve(claim_id=second.pk, actor=kit.approver, amount="200.01")
    run(kit, services.claim_approve, claim_id=second.pk, actor=kit.approver, amount="200")
    assert selectors.mentor_claimed_totals(mentor_user_ids=[mentor.pk]) == {mentor.pk: Decimal("600.00")}


def test_a_user_without_mentor_records_is_eligible_for_nothing(kit):
    claim = kit.submitted("gba-mentor")
    assert claim.eligible_amount == Decimal("0.00")


# --- documents ------------------------------------------------------------------------------------


def test_document_only_by_applicant_in_draft_or_returned_with_known_kind(kit, make_user):
    claim = kit.draft()
    with pytest.raises(services.NotAllowed):
        services.claim_document_add(claim_id=claim.pk, actor=make_user("youth"), kind="degree", upload=pdf())
    with pytest.raises(services.InvalidInput):
        services.claim_document_add(claim_id=claim.pk, actor=claim.applicant, kind="passport-photo", upload=pdf())
    doc = services.claim_document_add(claim_id=claim.pk, actor=claim.applicant, kind="degree", upload=pdf())
    assert doc.content_type == "application/pdf"
    from django.conf import settings

    assert doc.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not doc.file.path.startswith(str(settings.MEDIA_ROOT))
    submitted = kit.submitted()
    with pytest.raises(services.WrongState):
        services.claim_document_add(claim_id=submitted.pk, actor=submitted.applicant, kind="degree", upload=pdf())
    assert ClaimDocument.objects.filter(claim=submitted).count() == 3


def test_identity_view_is_recorded_and_staff_only(kit, make_user):
    claim = kit.submitted()
    assert services.identity_view_record(claim=claim, viewer=kit.reviewer) == claim.identity_number
    assert IdentityView.objects.filter(claim=claim, viewer=kit.reviewer).count() == 1
    with pytest.raises(services.NotAllowed):
        services.identity_view_record(claim=claim, viewer=make_user("youth"))


# --- payment batches --------------------------------------------------------------------------------


def test_payment_batch_gathers_approved_unbatched_claims_once(kit):
    a, b = kit.approved(), kit.approved("luohu-living")
    kit.recommended()  # not approved: left out
    batch = run(kit, services.payment_batch_create, actor=kit.approver)
    assert set(batch.items.values_list("claim_id", flat=True)) == {a.pk, b.pk}
    assert batch.total == Decimal("67500.00")
    with pytest.raises(services.WrongState):
        services.payment_batch_create(actor=kit.approver)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database constraint itself
        PaymentBatchItem.objects.create(batch=batch, claim=a, amount=1)


def test_payment_batch_marked_paid_twice_pays_nothing_twice(kit):
    claim = kit.approved()
    batch = run(kit, services.payment_batch_create, actor=kit.approver)
    run(kit, services.payment_batch_mark_paid, batch_id=batch.pk, actor=kit.approver)
    transitions = ClaimTransition.objects.filter(claim=claim).count()
    notified = Notification.objects.count()
    with pytest.raises(services.WrongState):
        run(kit, services.payment_batch_mark_paid, batch_id=batch.pk, actor=kit.approver)
    assert ClaimTransition.objects.filter(claim=claim, to_state=S.PAID).count() == 1
    assert ClaimTransition.objects.filter(claim=claim).count() == transitions
    assert Notification.objects.count() == notified


@pytest.mark.parametrize("who", ["youth", "reviewer", "mentor"])
def test_payment_batches_are_for_approvers_only(kit, make_user, who):
    kit.approved()
    with pytest.raises(services.NotAllowed):
        services.payment_batch_create(actor=make_user(who))


# --- double claims -----------------------------------------------------------------------------------


def test_double_claim_flags(kit, make_user):
    youth = make_user("youth")
    first = kit.submitted(applicant=youth, identity_number="A123456(3)")
    # overlapping internship months, same person under another account
    overlap = kit.submitted(
        applicant=make_user("youth"),
        identity_number="A123456(3)",
        start_date=date(2026, 3, 1),
        end_date=date(2026, 5, 31),
    )
    later = kit.submitted(applicant=youth, start_date=date(2026, 7, 1), end_date=date(2026, 9, 30))
    living = kit.submitted("luohu-living", applicant=youth, period="2026")
    # a measure given to a company: its claims name the company's registration number; two
    # numbers with one name are flagged too
    numbers = [code + rules.uscc_check_character(code) for code in ("91440300MA5F00001", "91440300MA5F00002")]
    same_company_a = kit.submitted(
        "futian-landing", company_name="HK-SZ Smart Making", period="2026", registration_number=numbers[0]
    )
    same_company_b = kit.submitted(
        "futian-landing", company_name="hk-sz smart making ", period="2026", registration_number=numbers[1]
    )
    flags = selectors.double_claim_flags([first, overlap, later, living, same_company_a, same_company_b])
    assert any(f"#{overlap.pk}" in f for f in flags[first.pk])
    assert not any("overlap" in f for f in flags[later.pk])
    assert any("exclusive" in f for f in flags[living.pk])
    assert any(f"#{same_company_a.pk}" in f for f in flags[same_company_b.pk])


def test_update_only_by_applicant_in_draft_or_returned(kit, make_user):
    claim = kit.submitted()
    data = services.ClaimInput(education_level="phd", start_date=date(2026, 1, 1), end_date=date(2026, 2, 28))
    with pytest.raises(services.WrongState):
        services.claim_update(claim_id=claim.pk, actor=claim.applicant, data=data)
    draft = kit.draft()
    with pytest.raises(services.NotAllowed):
        services.claim_update(claim_id=draft.pk, actor=make_user("youth"), data=data)
    with pytest.raises(services.InvalidInput):
        services.claim_update(
            claim_id=draft.pk,
            actor=draft.applicant,
            data=services.ClaimInput(start_date=date(2026, 3, 1), end_date=date(2026, 2, 1)),
        )


def test_mentor_claimed_totals_in_one_query(kit, django_assert_num_queries):
    mentor, other, none = _mentor_with_entitlement(), _mentor_with_entitlement(), kit.make_user("mentor")
    first = kit.approved("gba-mentor", applicant=mentor, amount=Decimal("400"))
    kit.approved("gba-mentor", applicant=mentor, identity_number=first.identity_number, amount=Decimal("200"))
    kit.approved("gba-mentor", applicant=other, amount=Decimal("300"))
    kit.recommended("gba-mentor", applicant=none)  # not approved: not claimed
    with django_assert_num_queries(1):  # claims of gba-mentor in an approved state, grouped by applicant
        totals = selectors.mentor_claimed_totals(mentor_user_ids=[mentor.pk, other.pk, none.pk])
    assert totals == {mentor.pk: Decimal("600.00"), other.pk: Decimal("300.00")}
