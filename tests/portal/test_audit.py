"""The audit log: every staff action on money and personal data writes exactly one entry, in the
action's transaction; entries cannot be changed or deleted on PostgreSQL; only approvers and
administrators read the page."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from incubators import services as incubator_services
from incubators.models import FlagStatus
from mentorship import services as mentorship_services
from mentorship.models import Mentor
from policies import services as policy_services
from policies.models import Policy
from portal.audit import record
from portal.audit_views import PAGE_SIZE
from portal.models import AuditAction, AuditEntry
from subsidies import retention
from subsidies import services as claim_services
from subsidies.models import ClaimState, ExportJob, SchemeBudget
from tests.incubators.factories import BaseFactory, figures
from tests.mentorship.factories import MentorFactory, RelationshipFactory
from tests.policies.factories import PolicyFactory
from tests.subsidies.factories import ClaimKit

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit(make_user, django_capture_on_commit_callbacks):
    from subsidies.demo import ensure_schemes

    return ClaimKit(schemes=ensure_schemes(), make_user=make_user, capture=django_capture_on_commit_callbacks)


@pytest.fixture
def staff_client(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# --- each action writes exactly one entry ---------------------------------------------------------
# Each case prepares the objects (which may itself write entries) and returns the action to run,
# its expected object and actor: the test counts the entries the action alone writes.


def _claim_review_started(kit, ctx):
    claim = kit.submitted()
    return lambda: claim_services.claim_start_review(claim_id=claim.pk, actor=kit.reviewer), claim, kit.reviewer


def _claim_returned(kit, ctx):
    claim = kit.in_review()
    return (
        lambda: claim_services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="Add the payslip."),
        claim,
        kit.reviewer,
    )


def _claim_returned_from_submitted(kit, ctx):
    # the implicit start of review is a transition, not a second audited staff decision
    claim = kit.submitted()
    return (
        lambda: claim_services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="Add the payslip."),
        claim,
        kit.reviewer,
    )


def _claim_recommended(kit, ctx):
    claim = kit.in_review()
    return lambda: claim_services.claim_recommend(claim_id=claim.pk, actor=kit.reviewer), claim, kit.reviewer


def _claim_approved(kit, ctx):
    claim = kit.recommended()
    return (
        lambda: claim_services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=claim.eligible_amount),
        claim,
        kit.approver,
    )


def _claim_rejected(kit, ctx):
    claim = kit.in_review()
    return (
        lambda: claim_services.claim_reject(claim_id=claim.pk, actor=kit.reviewer, reason="Not a resident."),
        claim,
        kit.reviewer,
    )


def _claim_anonymised(kit, ctx):
    claim = kit.in_review()
    claim_services.claim_reject(claim_id=claim.pk, actor=kit.reviewer, reason="Not a resident.")
    return lambda: retention.claim_anonymise(claim_id=claim.pk, now=timezone.now()), claim, None


def _identity_revealed(kit, ctx):
    claim = kit.submitted()
    return lambda: claim_services.identity_view_record(claim=claim, viewer=kit.reviewer), claim, kit.reviewer


def _document_downloaded(kit, ctx):
    claim = kit.submitted()
    document = claim.documents.first()
    client = ctx["client"](kit.reviewer)

    def act():
        response = client.get(reverse("subsidies:document", kwargs={"pk": document.pk}))
        assert response.status_code == 200

    return act, document, kit.reviewer


def _claims_exported(kit, ctx):
    client = ctx["client"](kit.reviewer)

    def act():
        with ctx["capture"]():
            response = client.post(reverse("subsidies:export_start"), {"format": "csv"})
        assert response.status_code == 302
        return ExportJob.objects.get()

    return act, ExportJob, kit.reviewer


def _batch_created(kit, ctx):
    kit.approved()

    return lambda: claim_services.payment_batch_create(actor=kit.approver), "subsidies.paymentbatch", kit.approver


def _batch_paid(kit, ctx):
    kit.approved()
    batch = claim_services.payment_batch_create(actor=kit.approver)
    return lambda: claim_services.payment_batch_mark_paid(batch_id=batch.pk, actor=kit.approver), batch, kit.approver


def _batch_exported(kit, ctx):
    kit.approved()
    batch = claim_services.payment_batch_create(actor=kit.approver)
    client = ctx["client"](kit.reviewer)

    def act():
        response = client.get(reverse("subsidies:batch_export", kwargs={"pk": batch.pk, "fmt": "csv"}))
        assert response.status_code == 200

    return act, batch, kit.reviewer


def _mentor_approved(kit, ctx):
    mentor = MentorFactory(status=Mentor.Status.APPLIED)
    return lambda: mentorship_services.mentor_approve(mentor=mentor, acting_user=kit.reviewer), mentor, kit.reviewer


def _mentor_rejected(kit, ctx):
    mentor = MentorFactory(status=Mentor.Status.APPLIED)
    return (
        lambda: mentorship_services.mentor_reject(mentor=mentor, acting_user=kit.reviewer, note="No experience."),
        mentor,
        kit.reviewer,
    )


def _relationship_ended(kit, ctx):
    relationship = RelationshipFactory()
    return (
        lambda: mentorship_services.relationship_end(
            relationship=relationship,
            ended_on=relationship.start_date,
            reason="The mentee moved away.",
            acting_user=kit.reviewer,
        ),
        relationship,
        kit.reviewer,
    )


def _attendance_confirmed(kit, ctx):
    mentor = MentorFactory()
    activity = mentorship_services.activity_create(
        acting_user=kit.reviewer, date=dt.date(2024, 1, 1), title="港澳青年就业分享会", invite=[mentor]
    )
    invitation = activity.invitations.get()
    return (
        lambda: mentorship_services.attendance_record(activity=activity, mentor_id=mentor.pk, acting_user=kit.reviewer),
        invitation,
        kit.reviewer,
    )


def _pending_correction(kit):
    """May's "to date" count, then June's lower one with a reason: a correction waiting for staff."""
    operator = kit.make_user("base_operator")
    base = BaseFactory(operators=[operator])
    report = None
    for period, overrides, reason in (
        (dt.date(2023, 5, 1), {}, ""),
        (dt.date(2023, 6, 1), {"incubated_total": 19}, "A project counted twice"),
    ):
        report = incubator_services.report_save(
            base=base,
            period=period,
            figures=figures(**overrides),
            acting_user=operator,
            correction_reason=reason,
            expected_version=None,
            today=dt.date(2023, 7, 5),
        )
    return report


def _correction_accepted(kit, ctx):
    report = _pending_correction(kit)
    return (
        lambda: incubator_services.report_correction_review(report_id=report.pk, accept=True, acting_user=kit.reviewer),
        report,
        kit.reviewer,
    )


def _correction_rejected(kit, ctx):
    report = _pending_correction(kit)
    return (
        lambda: incubator_services.report_correction_review(
            report_id=report.pk, accept=False, note="No", acting_user=kit.approver
        ),
        report,
        kit.approver,
    )


def _flag_resolved(kit, ctx):
    operator = kit.make_user("base_operator")
    base = BaseFactory(operators=[operator])
    for period, overrides in ((dt.date(2023, 5, 1), {}), (dt.date(2023, 6, 1), {"members": 200})):
        report = incubator_services.report_save(
            base=base,
            period=period,
            figures=figures(**overrides),
            correction_reason="",
            expected_version=None,
            acting_user=operator,
            today=dt.date(2023, 7, 5),
        )
    flag = report.flags.first()
    return (
        lambda: incubator_services.flag_resolve(flag_id=flag.pk, status=FlagStatus.CONFIRMED, acting_user=kit.reviewer),
        flag,
        kit.reviewer,
    )


def _policy_published(kit, ctx):
    policy = PolicyFactory(status=Policy.Status.DRAFT, published_at=None)
    return lambda: policy_services.policy_publish(policy=policy, acting_user=kit.reviewer), policy, kit.reviewer


def _policy_archived(kit, ctx):
    policy = PolicyFactory()
    return lambda: policy_services.policy_archive(policy=policy, acting_user=kit.reviewer), policy, kit.reviewer


def _place_confirmed(kit, ctx):
    from places import services as place_services
    from tests.places.factories import PlaceFactory

    place = PlaceFactory()
    return lambda: place_services.place_confirm(place_slug=place.slug, acting_user=kit.reviewer), place, kit.reviewer


def _submitted_vacancy(kit):
    from accounts.roles import EMPLOYER
    from opportunities import services as opp_services
    from tests.opportunities.factories import EmployerFactory, vacancy_input

    user = kit.make_user(EMPLOYER)
    employer = EmployerFactory(users=[user])
    vacancy = opp_services.vacancy_create(acting_user=user, data=vacancy_input(employer))
    opp_services.vacancy_act(vacancy_id=vacancy.pk, action="submit", acting_user=user)
    return vacancy


def _employer_verified(kit, ctx):
    from opportunities import services as opp_services
    from tests.opportunities.factories import EmployerFactory

    employer = EmployerFactory(verified_at=None)
    return (
        lambda: opp_services.employer_verify(employer_id=employer.pk, acting_user=kit.reviewer),
        employer,
        kit.reviewer,
    )


def _vacancy_published(kit, ctx):
    from opportunities import services as opp_services

    vacancy = _submitted_vacancy(kit)
    return (
        lambda: opp_services.vacancy_act(vacancy_id=vacancy.pk, action="publish", acting_user=kit.reviewer),
        vacancy,
        kit.reviewer,
    )


def _vacancy_returned(kit, ctx):
    from opportunities import services as opp_services

    vacancy = _submitted_vacancy(kit)
    return (
        lambda: opp_services.vacancy_act(
            vacancy_id=vacancy.pk, action="return", acting_user=kit.reviewer, note="State the salary."
        ),
        vacancy,
        kit.reviewer,
    )


def _cv_opened(kit, ctx):
    from opportunities import services as opp_services
    from tests.opportunities.factories import pdf

    vacancy = _submitted_vacancy(kit)
    opp_services.vacancy_act(vacancy_id=vacancy.pk, action="publish", acting_user=kit.reviewer)
    application = opp_services.application_create(
        applicant=kit.make_user("youth"), vacancy_id=vacancy.pk, education_level="bachelor", cv=pdf()
    )
    return (lambda: opp_services.cv_opened(application=application, viewer=kit.reviewer), application, kit.reviewer)


def _place_report_closed(kit, ctx):
    from places import services as place_services
    from tests.places.factories import PlaceFactory

    place = PlaceFactory()
    report = place_services.change_report_submit(
        place_slug=place.slug, message="New hours.", acting_user=kit.make_user("youth")
    )
    return (
        lambda: place_services.change_report_close(report_id=report.pk, staff_note="Fixed.", acting_user=kit.reviewer),
        report,
        kit.reviewer,
    )


def _event_draw_run(kit, ctx):
    from events import services as event_services
    from tests.events.factories import SessionFactory

    session = SessionFactory(capacity=1, allocation="lottery")
    for _ in range(2):
        event_services.registration_create(session_id=session.pk, acting_user=kit.make_user("youth"))
    return (
        lambda: event_services.session_allocate(session_id=session.pk, acting_user=kit.reviewer),
        session,
        kit.reviewer,
    )


def _event_checked_in(kit, ctx):
    from datetime import timedelta

    from django.utils import timezone

    from events import services as event_services
    from tests.events.factories import SessionFactory

    now = timezone.now()
    session = SessionFactory(
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=4),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(minutes=30),
    )
    registration = event_services.registration_create(session_id=session.pk, acting_user=kit.make_user("youth"))
    return (
        lambda: event_services.registration_check_in(registration_id=registration.pk, acting_user=kit.reviewer),
        registration,
        kit.reviewer,
    )


def _booking_request(kit, hours=False):
    """A youth's request for three hostel nights (or an hour's room), booked on 4 December 2026."""
    from bookings import services as booking_services
    from tests.bookings.factories import ResourceFactory, at, hostel

    resource = ResourceFactory() if hours else hostel()
    start, end = ("2026-12-07T09:00", "2026-12-07T10:00") if hours else ("2026-12-10", "2026-12-13")
    return booking_services.booking_create(
        resource_id=resource.pk,
        start=start,
        end=end,
        acting_user=kit.make_user("youth"),
        now=at("2026-12-04 10:00"),
    )


def _booking_approved(kit, ctx):
    from bookings import services as booking_services

    booking = _booking_request(kit)
    return (
        lambda: booking_services.booking_decide(booking_id=booking.pk, action="approve", acting_user=kit.reviewer),
        booking,
        kit.reviewer,
    )


def _booking_rejected(kit, ctx):
    from bookings import services as booking_services

    booking = _booking_request(kit)
    return (
        lambda: booking_services.booking_decide(
            booking_id=booking.pk, action="reject", acting_user=kit.reviewer, reason="No documents."
        ),
        booking,
        kit.reviewer,
    )


def _booking_cancelled(kit, ctx):
    from bookings import services as booking_services
    from tests.bookings.factories import at

    booking = _booking_request(kit)
    return (
        lambda: booking_services.booking_cancel(
            booking_id=booking.pk, acting_user=kit.reviewer, now=at("2026-12-05 10:00")
        ),
        booking,
        kit.reviewer,
    )


def _booking_checked_in(kit, ctx):
    from bookings import services as booking_services
    from tests.bookings.factories import at

    booking = _booking_request(kit, hours=True)
    return (
        lambda: booking_services.booking_check_in(
            booking_id=booking.pk, acting_user=kit.reviewer, now=at("2026-12-07 09:05")
        ),
        booking,
        kit.reviewer,
    )


def _booking_released(kit, ctx):
    from bookings import services as booking_services
    from tests.bookings.factories import at

    booking = _booking_request(kit, hours=True)

    def act():
        assert booking_services.release_no_shows(now=at("2026-12-07 09:15")) == 1

    return act, booking, None


def _booking_nights_confirmed(kit, ctx):
    from bookings import services as booking_services
    from tests.bookings.factories import at

    booking = _booking_request(kit)
    partner = kit.make_user("partner")
    booking.resource.partners.add(partner)
    booking_services.booking_decide(booking_id=booking.pk, action="approve", acting_user=kit.reviewer)
    return (
        lambda: booking_services.nights_confirm(code=booking.code, acting_user=partner, now=at("2026-12-10 22:00")),
        booking,
        partner,
    )


def _admin_client(kit, ctx):
    admin = kit.make_user(None, is_staff=True, is_superuser=True)
    return ctx["client"](admin), admin


def _admin_added(kit, ctx):
    client, admin = _admin_client(kit, ctx)
    scheme = kit.schemes["luohu-living"]

    def act():
        response = client.post(
            reverse("admin:subsidies_schemebudget_add"), {"scheme": scheme.pk, "year": 2031, "amount": "500000"}
        )
        assert response.status_code == 302, response.content
        return SchemeBudget.objects.get(year=2031)

    return act, SchemeBudget, admin


def _admin_changed(kit, ctx):
    client, admin = _admin_client(kit, ctx)
    budget = SchemeBudget.objects.create(scheme=kit.schemes["luohu-living"], year=2031, amount=Decimal("500000"))

    def act():
        response = client.post(
            reverse("admin:subsidies_schemebudget_change", args=[budget.pk]),
            {"scheme": budget.scheme_id, "year": 2031, "amount": "600000"},
        )
        assert response.status_code == 302, response.content

    return act, budget, admin


def _admin_deleted(kit, ctx):
    client, admin = _admin_client(kit, ctx)
    budget = SchemeBudget.objects.create(scheme=kit.schemes["luohu-living"], year=2031, amount=Decimal("500000"))

    def act():
        response = client.post(reverse("admin:subsidies_schemebudget_delete", args=[budget.pk]), {"post": "yes"})
        assert response.status_code == 302, response.content

    return act, ("subsidies.schemebudget", budget.pk), admin


def _user_form(user, groups) -> dict:
    """The admin's user change form as posted, with `groups` as the user's roles."""
    joined = timezone.localtime(user.date_joined)
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language or "zh-hant",
        "is_active": "on",
        "groups": [g.pk for g in groups],
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.time().replace(microsecond=0).isoformat(),
    }


def _role_granted(kit, ctx):
    from accounts.roles import role_group

    client, admin = _admin_client(kit, ctx)
    reviewer = kit.make_user("reviewer")

    def act():
        groups = [role_group("reviewer"), role_group("approver")]
        response = client.post(reverse("admin:accounts_user_change", args=[reviewer.pk]), _user_form(reviewer, groups))
        assert response.status_code == 302, response.content
        entry = AuditEntry.objects.get(action=AuditAction.ROLE_GRANTED)
        assert entry.detail == {"role": "approver"}

    return act, reviewer, admin


def _role_removed(kit, ctx):

    client, admin = _admin_client(kit, ctx)
    approver = kit.make_user("approver")

    def act():
        response = client.post(reverse("admin:accounts_user_change", args=[approver.pk]), _user_form(approver, []))
        assert response.status_code == 302, response.content
        assert AuditEntry.objects.get(action=AuditAction.ROLE_REMOVED).detail == {"role": "approver"}

    return act, approver, admin


CASES = {
    AuditAction.CLAIM_REVIEW_STARTED: _claim_review_started,
    AuditAction.CLAIM_RETURNED: _claim_returned,
    AuditAction.CLAIM_RECOMMENDED: _claim_recommended,
    AuditAction.CLAIM_APPROVED: _claim_approved,
    AuditAction.CLAIM_REJECTED: _claim_rejected,
    AuditAction.CLAIM_ANONYMISED: _claim_anonymised,
    AuditAction.IDENTITY_REVEALED: _identity_revealed,
    AuditAction.DOCUMENT_DOWNLOADED: _document_downloaded,
    AuditAction.CLAIMS_EXPORTED: _claims_exported,
    AuditAction.BATCH_CREATED: _batch_created,
    AuditAction.BATCH_PAID: _batch_paid,
    AuditAction.BATCH_EXPORTED: _batch_exported,
    AuditAction.MENTOR_APPROVED: _mentor_approved,
    AuditAction.MENTOR_REJECTED: _mentor_rejected,
    AuditAction.RELATIONSHIP_ENDED: _relationship_ended,
    AuditAction.ATTENDANCE_CONFIRMED: _attendance_confirmed,
    AuditAction.CORRECTION_ACCEPTED: _correction_accepted,
    AuditAction.CORRECTION_REJECTED: _correction_rejected,
    AuditAction.FLAG_RESOLVED: _flag_resolved,
    AuditAction.POLICY_PUBLISHED: _policy_published,
    AuditAction.POLICY_ARCHIVED: _policy_archived,
    AuditAction.PLACE_CONFIRMED: _place_confirmed,
    AuditAction.PLACE_REPORT_CLOSED: _place_report_closed,
    AuditAction.EVENT_DRAW_RUN: _event_draw_run,
    AuditAction.EVENT_CHECKED_IN: _event_checked_in,
    AuditAction.EMPLOYER_VERIFIED: _employer_verified,
    AuditAction.VACANCY_PUBLISHED: _vacancy_published,
    AuditAction.VACANCY_RETURNED: _vacancy_returned,
    AuditAction.CV_OPENED: _cv_opened,
    AuditAction.ADMIN_ADDED: _admin_added,
    AuditAction.ADMIN_CHANGED: _admin_changed,
    AuditAction.ADMIN_DELETED: _admin_deleted,
    AuditAction.ROLE_GRANTED: _role_granted,
    AuditAction.ROLE_REMOVED: _role_removed,
    AuditAction.BOOKING_APPROVED: _booking_approved,
    AuditAction.BOOKING_REJECTED: _booking_rejected,
    AuditAction.BOOKING_CANCELLED: _booking_cancelled,
    AuditAction.BOOKING_CHECKED_IN: _booking_checked_in,
    AuditAction.BOOKING_RELEASED: _booking_released,
    AuditAction.BOOKING_NIGHTS_CONFIRMED: _booking_nights_confirmed,
}


def test_every_action_has_a_case():
    assert set(CASES) == set(AuditAction)


@pytest.mark.parametrize(
    ("action", "case"),
    [(action, case) for action, case in CASES.items()] + [(AuditAction.CLAIM_RETURNED, _claim_returned_from_submitted)],
    ids=[a.value for a in CASES] + ["claim.returned-from-submitted"],
)
def test_each_action_writes_exactly_one_entry(kit, staff_client, django_capture_on_commit_callbacks, action, case):
    ctx = {"client": staff_client, "capture": django_capture_on_commit_callbacks}
    act, expected, actor = case(kit, ctx)
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    result = act()
    new = list(AuditEntry.objects.exclude(pk__in=before))
    assert len(new) == 1, [(e.action, e.object_type) for e in new]
    entry = new[0]
    assert entry.action == action
    if isinstance(expected, type):  # the object is created by the action
        expected = result
    if isinstance(expected, str):
        assert entry.object_type == expected and entry.object_id is not None
    elif isinstance(expected, tuple):
        assert (entry.object_type, entry.object_id) == expected
    else:
        assert (entry.object_type, entry.object_id) == (expected._meta.label_lower, expected.pk)
    assert entry.actor_id == (actor.pk if actor else None)
    if actor is None:
        assert entry.actor_roles == ["system"]
    elif actor.is_superuser:
        assert "superuser" in entry.actor_roles
    else:
        # bureau staff; the partner hotel for the nights of a stay it confirms
        assert entry.actor_roles and set(entry.actor_roles) <= {"reviewer", "approver", "partner"}
    # ids, codes and amounts only: no applicant's name, email or identity number
    stored = json.dumps(entry.detail, ensure_ascii=False)
    for claim in kit.schemes["futian-internship"].claims.select_related("applicant"):
        for personal in (claim.applicant.email, claim.applicant.full_name, claim.identity_number):
            if personal:
                assert personal not in stored
    for forbidden in ("note", "reason", "identity_number", "name", "email"):
        assert forbidden not in entry.detail


def test_an_approval_records_its_amount(kit):
    claim = kit.recommended()
    claim_services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=claim.eligible_amount)
    entry = AuditEntry.objects.get(action=AuditAction.CLAIM_APPROVED)
    assert Decimal(entry.detail["amount"]) == claim.eligible_amount
    assert entry.ip is None  # no request: a service called from a task or a shell


def test_an_entry_made_during_a_request_has_the_client_address(kit, staff_client):
    claim = kit.submitted()
    response = staff_client(kit.reviewer).post(
        reverse("subsidies:identity_reveal", kwargs={"pk": claim.pk}), REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 200
    assert AuditEntry.objects.get(action=AuditAction.IDENTITY_REVEALED).ip == "203.0.113.7"


def test_behind_a_trusted_proxy_the_entry_has_the_address_the_proxy_received_from(kit, staff_client, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # portal/client_address.py
    claim = kit.submitted()
    response = staff_client(kit.reviewer).post(
        reverse("subsidies:identity_reveal", kwargs={"pk": claim.pk}),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )
    assert response.status_code == 200
    assert AuditEntry.objects.get(action=AuditAction.IDENTITY_REVEALED).ip == "203.0.113.7"


def test_the_applicant_opening_their_own_document_is_not_a_staff_action(kit, staff_client):
    claim = kit.submitted()
    response = staff_client(claim.applicant).get(
        reverse("subsidies:document", kwargs={"pk": claim.documents.first().pk})
    )
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action=AuditAction.DOCUMENT_DOWNLOADED).exists()


def test_personal_data_keys_are_refused(kit):
    claim = kit.submitted()
    with pytest.raises(ValueError, match="Personal data"):
        record(kit.reviewer, AuditAction.IDENTITY_REVEALED, claim, identity_number=claim.identity_number)
    with pytest.raises(ValueError):
        record(kit.reviewer, "made.up", claim)
    assert not AuditEntry.objects.exists()


# --- rolled back, refused: nothing written ---------------------------------------------------------


def test_a_rolled_back_action_writes_no_entry(kit, monkeypatch):
    claim = kit.recommended()

    def record_then_fail(*args, **kwargs):
        record(*args, **kwargs)
        assert AuditEntry.objects.filter(action=AuditAction.CLAIM_APPROVED).count() == 1  # written...
        raise RuntimeError("the rest of the transaction failed")

    from subsidies.services import claims as claim_use_cases  # where claim_approve calls it

    monkeypatch.setattr(claim_use_cases, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        claim_services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=claim.eligible_amount)
    assert not AuditEntry.objects.filter(action=AuditAction.CLAIM_APPROVED).exists()  # ...and rolled back
    claim.refresh_from_db()
    assert claim.state == ClaimState.RECOMMENDED and claim.approved_amount is None


def test_a_refused_action_writes_no_entry(kit):
    claim = kit.recommended()
    before = AuditEntry.objects.count()
    with pytest.raises(claim_services.InvalidInput):
        claim_services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount="99999999")
    with pytest.raises(claim_services.NotAllowed):
        claim_services.identity_view_record(claim=claim, viewer=claim.applicant)
    assert AuditEntry.objects.count() == before


# --- append-only --------------------------------------------------------------------------------


@pytest.fixture
def entry(kit):
    claim = kit.submitted()
    return claim_services.identity_view_record(claim=claim, viewer=kit.reviewer) and AuditEntry.objects.get()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "change",
    [
        lambda e: AuditEntry.objects.filter(pk=e.pk).update(action=AuditAction.CLAIM_APPROVED),
        lambda e: AuditEntry.objects.filter(pk=e.pk).update(ip="10.0.0.1"),
        lambda e: e.save(),
        lambda e: e.delete(),
        lambda e: AuditEntry.objects.all().delete(),
        lambda e: connection.cursor().execute("DELETE FROM portal_auditentry"),
        lambda e: connection.cursor().execute("UPDATE portal_auditentry SET detail = '{}'"),
    ],
    ids=["update", "update-ip", "save", "delete", "queryset-delete", "raw-delete", "raw-update"],
)
def test_entries_cannot_be_changed_or_deleted(entry, change):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            change(entry)
    assert AuditEntry.objects.filter(pk=entry.pk, action=AuditAction.IDENTITY_REVEALED).exists()


def test_deleting_an_actor_leaves_their_entries(kit, make_user):
    reviewer = make_user("reviewer")
    entry = record(reviewer, AuditAction.CLAIMS_EXPORTED, ("subsidies.exportjob", 1), format="csv")
    reviewer_id = reviewer.pk
    reviewer.delete()  # nothing cascades to the audit log (no constraint, DO_NOTHING)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor_id == reviewer_id
    assert stored.actor_roles == ["reviewer"]


def test_the_admin_only_views_entries(entry, staff_client, make_user):
    assert set(
        Permission.objects.filter(content_type__app_label="portal", content_type__model="auditentry").values_list(
            "codename", flat=True
        )
    ) == {"view_auditentry"}
    client = staff_client(make_user(None, is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:portal_auditentry_changelist")).status_code == 200
    assert client.post(reverse("admin:portal_auditentry_change", args=[entry.pk]), {"action": "x"}).status_code == 403
    assert client.post(reverse("admin:portal_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:portal_auditentry_add")).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# --- the page -----------------------------------------------------------------------------------


URL = "/en/audit/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("youth", 403),
        ("mentor", 403),
        ("base_operator", 403),
        ("reviewer", 403),
        ("approver", 200),
        ("superuser", 200),
    ],
)
def test_who_reads_the_audit_log(client, make_user, role, status):
    if role is None:
        response = client.get(URL)
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    user = make_user(None, is_superuser=True) if role == "superuser" else make_user(role)
    client.force_login(user)
    assert client.get(URL).status_code == status
    assert client.post(URL).status_code == 405


def _entries(kit, count: int) -> None:
    claim = kit.submitted()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=kit.reviewer,
                actor_roles=["reviewer"],
                action=AuditAction.IDENTITY_REVEALED,
                object_type="subsidies.claim",
                object_id=claim.pk,
                detail={"n": i},
            )
            for i in range(count)
        ]
    )


@pytest.mark.parametrize("count", [3, PAGE_SIZE + 10])
def test_the_page_has_a_fixed_query_count(kit, client, django_assert_num_queries, count):
    _entries(kit, count)
    client.force_login(kit.approver)
    # user (the session comes from the cache), the approver's roles (groups), count of entries, one page of entries joined
    # with their actors
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="govuk-table__row">') == 1 + min(count, PAGE_SIZE)


def test_the_page_filters(kit, client):
    claim = kit.recommended()
    other = kit.recommended()
    claim_services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=claim.eligible_amount)
    old = AuditEntry.objects.filter(object_id=other.pk).first()
    client.force_login(kit.approver)

    def rows(**params) -> int:
        response = client.get(URL, params)
        assert response.status_code == 200
        return len(response.context["rows"])

    total = AuditEntry.objects.count()
    assert rows() == total
    assert rows(action=AuditAction.CLAIM_APPROVED) == 1
    assert rows(actor=kit.approver.email.upper()) == 1
    assert rows(actor=str(kit.reviewer.pk)) == AuditEntry.objects.filter(actor=kit.reviewer).count() > 0
    assert (
        rows(object_type="subsidies.claim", object_id=other.pk)
        == AuditEntry.objects.filter(object_type="subsidies.claim", object_id=other.pk).count()
        == 2
    )
    today = timezone.localdate(old.at)
    assert rows(date_from=today.isoformat(), date_to=today.isoformat()) == total
    assert rows(date_to=(today - dt.timedelta(days=1)).isoformat()) == 0
    # a bad filter shows the errors and every entry, never a 500
    response = client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-01-01", "actor": "9" * 40})
    assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.parametrize(
    ("language", "heading", "action"),
    [
        ("zh-hant", "稽核紀錄", "申請已批核"),
        ("zh-hans", "审计记录", "申请已批准"),
        ("en", "Audit log", "Claim approved"),
    ],
)
def test_the_page_is_translated(kit, client, language, heading, action):
    claim = kit.recommended()
    claim_services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=claim.eligible_amount)
    client.force_login(kit.approver)
    with translation.override(language):
        response = client.get(reverse("audit_log"))
    html = response.content.decode()
    assert heading in html and action in html


@pytest.mark.parametrize(("role", "shown"), [("approver", True), ("reviewer", False), ("youth", False)])
def test_the_dashboard_links_the_audit_log_for_its_readers(client, make_user, role, shown):
    client.force_login(make_user(role))
    content = client.get("/en/dashboard/").content.decode()
    assert (f'href="{URL}"' in content) is shown


@pytest.mark.parametrize(
    ("lang", "label"),
    [("zh-hant", "批准金額（人民幣）"), ("zh-hans", "批准金额（人民币）"), ("en", "Amount approved (RMB)")],
)
def test_the_details_are_named_in_the_readers_language(kit, client, lang, label):
    claim = kit.recommended()
    claim_services.claim_approve(claim_id=claim.pk, actor=kit.approver, amount=claim.eligible_amount)
    client.force_login(kit.approver)
    page = client.get(f"/{lang}/audit/").content.decode()
    assert f"{label}: {claim.eligible_amount}" in page
    assert "amount:" not in page


def _entry(kit, action, object_type, detail):
    return AuditEntry.objects.create(
        actor=kit.approver, actor_roles=["approver"], action=action, object_type=object_type, object_id=1, detail=detail
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh-hant",
            [
                "文件類別: 學歷證書",
                "篩選條件: 語言: 繁體中文, 計劃: 不限, 狀態: 已批准",
                "決定: 已確認",
                "格式: XLSX",
            ],
        ),
        (
            "en",
            [
                "Kind of document: Degree certificate",
                "Filters: Language: 繁體中文, Scheme: any, State: Approved",
                "Decision: Confirmed",
                "Format: XLSX",
            ],
        ),
    ],
)
def test_the_recorded_values_are_shown_by_their_labels(kit, client, django_assert_max_num_queries, lang, expected):
    """Issue 14: the log said "文件類別: degree" and "Filters: {'scheme': '', 'state': ''}"; it
    names each code by its label in the reader's language, an empty filter as "any"."""
    _entry(kit, AuditAction.DOCUMENT_DOWNLOADED, "subsidies.claimdocument", {"claim": 1, "kind": "degree"})
    _entry(
        kit,
        AuditAction.CLAIMS_EXPORTED,
        "subsidies.exportjob",
        {"format": "xlsx", "filters": {"scheme": "", "state": "approved", "lang": "zh-hant"}},
    )
    _entry(kit, AuditAction.FLAG_RESOLVED, "incubators.anomalyflag", {"status": "confirmed", "report": 3})
    _entry(kit, AuditAction.ADMIN_CHANGED, "subsidies.scheme", {"change": [{"changed": {"fields": ["Name"]}}]})
    client.force_login(kit.approver)
    with django_assert_max_num_queries(6):  # the page's 4, and one for the kinds of document and the schemes
        page = client.get(f"/{lang}/audit/").content.decode()
    for words in expected:
        assert words in page, words
    assert "degree<" not in page and "{" not in page.split('data-testid="audit-log"')[1]
    assert ("已修改" in page) if lang == "zh-hant" else ("Changed Name." in page)
