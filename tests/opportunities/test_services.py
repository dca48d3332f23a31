"""The use cases: posting and moderation, applying, positions, close dates, reminders, and the
placement's subsidy claim."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Notification
from accounts.roles import BASE_OPERATOR
from opportunities import services
from opportunities.models import Application, ApplicationState, StaleReminder, Vacancy, VacancyState
from portal.errors import CapacityFull, Conflict, InvalidInput, NotAllowed, WrongState
from portal.models import AuditAction, AuditEntry
from subsidies import rules as subsidy_rules
from subsidies import selectors as subsidy_selectors
from subsidies.models import ClaimState
from tests.incubators.factories import BaseFactory

from .factories import CohortFactory, EmployerFactory, PlanFactory, pdf, vacancy_input


def test_a_draft_is_made_by_the_employer_s_users_only(kit, other_employer_user, youth):
    vacancy = kit.draft()
    assert vacancy.state == VacancyState.DRAFT
    assert vacancy.region.slug == "futian"
    with pytest.raises(NotAllowed):
        services.vacancy_create(acting_user=other_employer_user, data=vacancy_input(kit.employer))
    with pytest.raises(NotAllowed):
        services.vacancy_create(acting_user=youth, data=vacancy_input(kit.employer))


def test_a_base_s_operators_post_for_their_base(make_user):
    operator = make_user(BASE_OPERATOR)
    base = BaseFactory(operators=[operator])
    employer = EmployerFactory(kind="base", base=base)
    vacancy = services.vacancy_create(acting_user=operator, data=vacancy_input(employer))
    assert vacancy.base == base  # the base the employer posts for, by default
    stranger = make_user(BASE_OPERATOR)
    with pytest.raises(NotAllowed):
        services.vacancy_create(acting_user=stranger, data=vacancy_input(employer))


def test_the_employer_role_is_needed_beside_membership(kit, make_user):
    """A user listed on an employer who lost the employer role posts nothing."""
    lapsed = make_user(None)
    kit.employer.users.add(lapsed)
    with pytest.raises(NotAllowed):
        services.vacancy_create(acting_user=lapsed, data=vacancy_input(kit.employer))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "volunteer"}, "kind"),
        ({"texts": {}}, "title"),
        ({"city": "atlantis"}, "city"),
        ({"positions": 0}, "positions"),
        ({"salary_min": Decimal("9000"), "salary_max": Decimal("8000")}, "salary_max"),
        ({"contract_jurisdiction": "macau"}, "contract_jurisdiction"),
        ({"social_insurance": ""}, "social_insurance"),
        ({"closes_on": date(2020, 1, 1), "opens_on": date(2020, 2, 1)}, "closes_on"),
        ({"cohort_id": 999999}, "cohort"),
        ({"place": "nowhere"}, "place"),
    ],
)
def test_a_vacancy_s_details_are_checked(kit, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        kit.draft(**overrides)
    assert field in refused.value.errors
    assert not Vacancy.objects.exists()  # nothing half-written


def test_only_a_verified_employer_s_vacancy_is_published(kit, staff):
    kit.employer.verified_at = None
    kit.employer.save()
    vacancy = kit.vacancy_in("submitted")
    with pytest.raises(WrongState):
        services.vacancy_act(vacancy_id=vacancy.pk, action="publish", acting_user=staff)
    services.employer_verify(employer_id=kit.employer.pk, acting_user=staff)
    services.vacancy_act(vacancy_id=vacancy.pk, action="publish", acting_user=staff)
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.PUBLISHED and vacancy.published_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.EMPLOYER_VERIFIED, object_id=kit.employer.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.VACANCY_PUBLISHED, object_id=vacancy.pk).exists()


def test_only_staff_verify_an_employer(kit):
    with pytest.raises(NotAllowed):
        services.employer_verify(employer_id=kit.employer.pk, acting_user=kit.employer_user)


def test_a_return_needs_a_reason_which_the_employer_sees(kit, staff):
    vacancy = kit.vacancy_in("submitted")
    with pytest.raises(InvalidInput) as refused:
        services.vacancy_act(vacancy_id=vacancy.pk, action="return", acting_user=staff, note="  ")
    assert "reason" in refused.value.errors
    services.vacancy_act(vacancy_id=vacancy.pk, action="return", acting_user=staff, note="State the salary")
    vacancy.refresh_from_db()
    assert (vacancy.state, vacancy.return_reason) == (VacancyState.RETURNED, "State the salary")


def test_one_application_per_youth_per_vacancy(kit, youth):
    vacancy = kit.published()
    application = kit.apply(vacancy, youth, note="I study at HKU")
    assert application.state == ApplicationState.SUBMITTED
    with pytest.raises(Conflict) as refused:
        kit.apply(vacancy, youth)
    assert refused.value.reason == "duplicate"
    assert Application.objects.filter(vacancy=vacancy).count() == 1


def test_no_application_after_the_close_date_or_before_publication(kit, youth, make_user):
    closed = kit.published()
    Vacancy.objects.filter(pk=closed.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(Conflict) as refused:
        kit.apply(closed, youth)
    assert refused.value.reason == "closed"
    not_yet = kit.published(opens_on=timezone.localdate() + timedelta(days=2))
    with pytest.raises(Conflict):
        kit.apply(not_yet, youth)
    from portal.errors import NotFound

    with pytest.raises(NotFound):  # a draft is nobody's to apply for
        kit.apply(kit.draft(), youth)


def test_only_youth_apply(kit, employer_user):
    with pytest.raises(NotAllowed):
        kit.apply(kit.published(), employer_user)


def test_the_cv_must_be_a_pdf(kit, youth):
    vacancy = kit.published()
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    with pytest.raises(InvalidInput) as refused:
        kit.apply(vacancy, youth, cv=fake)
    assert "cv" in refused.value.errors
    with pytest.raises(InvalidInput):
        kit.apply(vacancy, youth, cv=SimpleUploadedFile("cv.pdf", b"", "application/pdf"))
    application = kit.apply(vacancy, youth, cv=pdf("我的履歷.pdf"))
    assert application.cv.name.startswith(f"opportunities/cv/{vacancy.pk}/")
    assert application.cv_name == "我的履歷.pdf"
    assert not application.cv.storage.base_location.startswith("/static")


def test_every_change_notifies_the_youth_in_their_language(kit, make_user):
    youth = make_user("youth", preferred_language="zh-hant")
    application = kit.application_in("offered", youth=youth)
    subjects = list(
        Notification.objects.filter(recipient=youth).order_by("pk").values_list("subject_zh_hant", flat=True)
    )
    assert len(subjects) == 3  # submitted, shortlisted, offered
    assert all("暑期實習生" in subject for subject in subjects), subjects
    assert application.transitions.count() == 3


def test_interview_needs_a_time_and_place_and_placement_a_start_date(kit):
    application = kit.application_in("shortlisted")
    with pytest.raises(InvalidInput) as refused:
        services.application_act(application_id=application.pk, action="interview", acting_user=kit.employer_user)
    assert set(refused.value.errors) == {"at", "place"}
    accepted = kit.application_in("accepted")
    with pytest.raises(InvalidInput) as refused:
        services.application_act(application_id=accepted.pk, action="place", acting_user=kit.employer_user)
    assert "start_date" in refused.value.errors
    with pytest.raises(InvalidInput):
        services.application_act(application_id=application.pk, action="reject", acting_user=kit.employer_user)


def test_accepted_offers_never_exceed_the_positions(kit, make_user):
    vacancy = kit.published(positions=2)
    offered = [kit.application_in("offered", vacancy=vacancy) for _ in range(3)]
    for application in offered[:2]:
        services.application_act(application_id=application.pk, action="accept", acting_user=application.applicant)
    with pytest.raises(CapacityFull):
        services.application_act(application_id=offered[2].pk, action="accept", acting_user=offered[2].applicant)
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.CLOSED  # closed by its last position taken
    assert vacancy.transitions.last().actor is None
    offered[2].refresh_from_db()
    assert offered[2].state == ApplicationState.OFFERED


def test_a_cohort_s_capacity_holds_across_its_vacancies(kit, make_user):
    cohort = CohortFactory(capacity=1)
    first = kit.published(cohort_id=cohort.pk, positions=5)
    second = kit.published(cohort_id=cohort.pk, positions=5)
    a = kit.application_in("offered", vacancy=first)
    b = kit.application_in("offered", vacancy=second)
    services.application_act(application_id=a.pk, action="accept", acting_user=a.applicant)
    with pytest.raises(CapacityFull):
        services.application_act(application_id=b.pk, action="accept", acting_user=b.applicant)


def test_the_beat_job_closes_vacancies_past_their_close_date_once(kit):
    today = timezone.localdate()
    due = kit.published()
    Vacancy.objects.filter(pk=due.pk).update(closes_on=today - timedelta(days=1))
    last_day = kit.published()
    Vacancy.objects.filter(pk=last_day.pk).update(closes_on=today)
    from opportunities.tasks import close_expired_vacancies

    assert close_expired_vacancies.delay(today.isoformat()).get() == 1
    due.refresh_from_db()
    last_day.refresh_from_db()
    assert due.state == VacancyState.CLOSED
    assert last_day.state == VacancyState.PUBLISHED  # the close date itself still takes applications
    assert close_expired_vacancies.delay(today.isoformat()).get() == 0
    assert due.transitions.filter(to_state=VacancyState.CLOSED).count() == 1


def test_an_application_waiting_14_days_reminds_the_employer_once(kit):
    application = kit.application_in("shortlisted")
    now = timezone.now()
    assert services.applications_remind_stale(now=now) == 0
    later = now + timedelta(days=14, minutes=1)
    assert services.applications_remind_stale(now=later) == 1
    assert services.applications_remind_stale(now=later) == 0
    reminders = Notification.objects.filter(recipient=kit.employer_user, key__startswith="opportunities:stale:")
    assert reminders.count() == 1
    assert StaleReminder.objects.filter(application=application).count() == 1
    # moved on: a new wait, a new reminder in 14 days
    services.application_act(application_id=application.pk, action="offer", acting_user=kit.employer_user)
    assert services.applications_remind_stale(now=later + timedelta(days=15)) == 0  # offered: the youth's move


def test_the_placement_opens_the_subsidy_claim_it_earns(kit, django_capture_on_commit_callbacks):
    from subsidies.demo import ensure_schemes

    scheme = ensure_schemes()["futian-internship"]
    plan = PlanFactory(subsidy_scheme=scheme)
    cohort = CohortFactory(plan=plan, starts_on=date(2026, 7, 1), ends_on=date(2026, 8, 31))
    base = BaseFactory()
    vacancy = kit.published(cohort_id=cohort.pk, base_id=base.pk, duration_months=2)
    application = kit.application_in("placed", vacancy=vacancy)
    assert application.start_date == date(2026, 7, 1)
    with pytest.raises(NotAllowed):
        services.application_claim(application_id=application.pk, acting_user=kit.employer_user)
    with django_capture_on_commit_callbacks(execute=True):  # the subsidies app computes the amount on commit
        claim = services.application_claim(application_id=application.pk, acting_user=application.applicant)
    claim.refresh_from_db()
    application.refresh_from_db()
    assert application.subsidy_claim == claim  # the placement is the claim's evidence
    assert (claim.state, claim.scheme, claim.applicant) == (ClaimState.DRAFT, scheme, application.applicant)
    assert (claim.start_date, claim.end_date, claim.education_level) == (
        date(2026, 7, 1),
        date(2026, 8, 31),
        "bachelor",
    )
    assert claim.company_name == base.name
    # the eligible amount is what the subsidies rules give for these facts (1,500 a month, 2 months)
    rule = subsidy_selectors.rule_in_force(scheme, claim.start_date)
    expected = subsidy_rules.eligible_amount(
        rule.as_params(),
        subsidy_rules.ClaimFacts(education_level="bachelor", start_date=date(2026, 7, 1), end_date=date(2026, 8, 31)),
    )
    assert claim.eligible_amount == expected.amount == Decimal("3000.00")
    with pytest.raises(Conflict):  # once per placement
        services.application_claim(application_id=application.pk, acting_user=application.applicant)


def test_a_job_or_a_placement_away_from_a_base_earns_no_claim(kit):
    application = kit.application_in("placed")  # no base, no scheme
    with pytest.raises(WrongState):
        services.application_claim(application_id=application.pk, acting_user=application.applicant)
    offered = kit.application_in("offered")
    with pytest.raises(WrongState):
        services.application_claim(application_id=offered.pk, acting_user=offered.applicant)


def test_opening_a_cv_is_audited_for_others_only(kit):
    application = kit.apply(kit.published(), cv=pdf())
    services.cv_opened(application=application, viewer=application.applicant)
    assert not AuditEntry.objects.filter(action=AuditAction.CV_OPENED).exists()
    services.cv_opened(application=application, viewer=kit.employer_user)
    assert AuditEntry.objects.filter(action=AuditAction.CV_OPENED, object_id=application.pk).count() == 1


def test_the_digest_tells_each_person_of_each_new_vacancy_once(kit, youth, make_user):
    kit.published()
    services.saved_search_create(user=youth, kind="internship")
    services.saved_search_create(user=youth, city="futian")  # overlapping: still once a vacancy
    services.saved_search_create(user=youth, kind="internship")  # the same search kept once
    kit.published(kind="job", city="futian")
    assert services.digests_send() == 1
    note = Notification.objects.get(recipient=youth, key__startswith="opportunities:digest:")
    assert "2" in note.subject.split() and note.body.count("- ") == 2
    from opportunities.tasks import send_digests

    assert send_digests.delay().get() == 0  # nothing new: nothing sent
    kit.published()
    assert services.digests_send() == 1
    latest = Notification.objects.filter(recipient=youth, key__startswith="opportunities:digest:").order_by("-pk")[0]
    assert latest.body.count("- ") == 1  # only the new one
    assert services.digests_send() == 0
    with pytest.raises(NotAllowed):
        services.saved_search_create(user=kit.employer_user, kind="job")
    with pytest.raises(InvalidInput):
        services.saved_search_create(user=youth)
