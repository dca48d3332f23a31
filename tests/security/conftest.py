"""One world of objects for the security suite, built once for the whole package (on each
pytest-xdist worker that runs its tests) inside a transaction that is rolled back at the end, so
that runs repeat and the rest of the suite never sees it. Building it takes seconds: once per
module, on each of the workers that the modules' tests are spread over, it cost minutes.

The world is the demo data (real bases, schemes, claims in every state, mentors with mentees)
plus the "B" side the matrix needs: a second operator with a base of their own, a second youth
with a claim of their own, a second mentor with a mentee of their own, a payment batch and an
export. Each test still runs in its own savepoint (pytest-django's `db`), so a POST in one test
never changes what the next one sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client

ROLES = ("anon", "youth", "youth_b", "mentor", "mentor_b", "operator", "operator_b", "reviewer", "approver", "admin")


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User (no "anon")
    objects: dict = field(default_factory=dict)  # name -> model instance or value


def _with_evidence(service):
    from django.core.files.base import ContentFile

    service.evidence.save("offer.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return service


def _place_report(youth):
    from places import services as place_services
    from places.models import Place

    place = Place.objects.order_by("pk").first()
    return place_services.change_report_submit(place_slug=place.slug, message="The hours changed.", acting_user=youth)


def _build_world() -> World:
    from django.contrib.auth.tokens import default_token_generator
    from django.core.files.base import ContentFile
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.demo import demo_user
    from accounts.models import User
    from accounts.roles import BASE_OPERATOR, role_group
    from incubators.models import AnomalyFlag, Base, CorrectionStatus, FlagKind, ProjectCountReport
    from mentorship.models import Mentee, Mentor, MentorRelationship, PublicWelfareActivity, Service
    from policies.models import Policy
    from portal.demo import load_all
    from subsidies import services as subsidy_services
    from subsidies.models import Claim, ClaimDocument, ClaimState, ExportJob, Scheme

    load_all()
    w = World()
    for role, key in (
        ("youth", "youth"),
        ("youth_b", "youth2"),
        ("mentor", "mentor"),
        ("operator", "operator"),
        ("reviewer", "reviewer"),
        ("approver", "approver"),
        ("admin", "admin"),
    ):
        w.users[role] = demo_user(key)
    youth, youth_b = w.users["youth"], w.users["youth_b"]

    # Mentor A (the demo mentor) mentors youth A; mentor B mentors someone else.
    mentor_a = Mentor.objects.get(user=w.users["mentor"])
    rel_a = MentorRelationship.objects.get(mentor=mentor_a, mentee__user=youth)
    rel_b = MentorRelationship.objects.exclude(mentor=mentor_a).select_related("mentor__user").first()
    w.users["mentor_b"] = rel_b.mentor.user
    w.objects.update(
        mentor_a=mentor_a,
        mentor_b=rel_b.mentor,
        rel_a=rel_a,
        rel_b=rel_b,
        service_a=_with_evidence(Service.objects.filter(relationship=rel_a).order_by("pk").first()),
        activity=PublicWelfareActivity.objects.order_by("pk").first(),
        place_report=_place_report(youth),
        # a mentee nobody mentors yet: a mentee has one mentor at a time, so matching needs one
        free_mentee=Mentee.objects.create(
            user=User.objects.create_user(email="free.mentee@test.gba-youth.example", password="x-42-horse"),
            status="unemployed",
            status_since=dt.date(2026, 1, 5),
            wants_mentor=True,
        ),
        pending_mentor=Mentor.objects.create(
            user=User.objects.create_user(email="pending.mentor@test.gba-youth.example", password="x-42-horse"),
            status=Mentor.Status.APPLIED,
            display_name="Pending Mentor",
            industries="Finance",
            employer="Somewhere Ltd",
            district="Futian",
        ),
    )

    # Operator A runs the demo "workshop" base; operator B runs another base.
    base_a = Base.objects.get(operators=w.users["operator"])
    base_b = Base.objects.exclude(pk=base_a.pk).order_by("pk").first()
    operator_b = User.objects.create_user(email="operator.b@test.gba-youth.example", password="x-42-horse")
    operator_b.groups.add(role_group(BASE_OPERATOR))
    base_b.operators.add(operator_b)
    w.users["operator_b"] = operator_b
    report_a = ProjectCountReport.objects.filter(base=base_a).order_by("-period").first()
    ProjectCountReport.objects.filter(pk=report_a.pk).update(
        correction_status=CorrectionStatus.PENDING, correction_reason="Typo in June."
    )
    flag_a = AnomalyFlag.objects.create(
        report=report_a,
        kind=FlagKind.choices[0][0],
        field="members",
        previous_value=Decimal("10"),
        current_value=Decimal("100"),
    )
    w.objects.update(
        base_a=base_a, base_b=base_b, report_a=report_a, flag_a=flag_a, period=report_a.period.strftime("%Y-%m")
    )

    # Base A posts vacancies as an employer (its operators post for it); youth A applied to its
    # open internship (the opportunities demo), with a CV.
    from opportunities.models import Application, Vacancy

    vacancy_a = Vacancy.objects.filter(employer__base=base_a, kind="internship", state="published").get()
    application_a = Application.objects.get(vacancy=vacancy_a, applicant=youth)
    application_a.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    w.objects.update(vacancy_a=vacancy_a, application_a=application_a)

    # Youth A's claims come from the demo (draft, submitted, returned, approved).
    claims = Claim.objects.filter(applicant=youth)
    approved = claims.get(state=ClaimState.APPROVED)
    batch = subsidy_services.payment_batch_create(actor=w.users["approver"], claim_ids=[approved.pk])
    # Youth B has a draft of their own.
    claim_b = Claim.objects.create(
        scheme=Scheme.objects.get(code="luohu-living"),
        applicant=youth_b,
        requested_amount=Decimal("60000"),
        period=str(date.today().year),
    )
    export = ExportJob.objects.create(requested_by=w.users["reviewer"], kind="claims-csv", progress=100)
    export.file.save("matrix.csv", ContentFile(b"id\n1\n"), save=True)
    w.objects.update(
        claim_draft=claims.filter(state=ClaimState.DRAFT).first(),
        claim_submitted=claims.filter(state=ClaimState.SUBMITTED).first(),
        claim_approved=approved,
        claim_b=claim_b,
        document_a=ClaimDocument.objects.filter(claim__applicant=youth).order_by("pk").first(),
        batch=batch,
        export=export,
        scheme=Scheme.objects.get(code="futian-internship"),
        reset={
            "uidb64": urlsafe_base64_encode(force_bytes(youth.pk)),
            "token": default_token_generator.make_token(youth),
        },
        policy=Policy.objects.filter(status=Policy.Status.PUBLISHED).order_by("pk").first(),
    )
    # Events: youth A holds a confirmed place in a first-come session of the demo; a lottery
    # session of the demo is still to be drawn.
    from events import services as event_services
    from events.models import Session as EventSession

    event_session = (
        EventSession.objects.filter(allocation="first_come", allocated_at__isnull=True).order_by("pk").first()
    )
    w.objects.update(
        event_session=event_session,
        event_lottery=EventSession.objects.filter(allocation="lottery", allocated_at__isnull=True)
        .order_by("pk")
        .first(),
        event_registration=event_services.registration_create(session_id=event_session.pk, acting_user=youth),
    )
    w.objects["users"] = w.users
    return w


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    """The world, built in an outer transaction that is rolled back after the package.

    The outer block is marked like a TestCase's, so services that open
    `transaction.atomic(durable=True)` (as they must in production) still run inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict[str, Client]:
    """One signed-in client per role, "anon" signed out (sessions are written inside the world's
    transaction)."""
    out = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if role != "anon":
                client.force_login(world.users[role])
            out[role] = client
    return out
