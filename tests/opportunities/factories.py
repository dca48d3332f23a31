"""Factories: employers, plans and cohorts as rows; vacancies and applications moved through the
services (state changes only via services, as in production)."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from opportunities import services
from opportunities.models import Cohort, Employer, InternshipPlan
from tests.places.factories import futian, region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="cv.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def huizhou():
    return region("huizhou", name="Huizhou")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True

    name_zh_hant = factory.Sequence(lambda n: f"測試公司 {n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试公司 {n}")
    name_en = factory.Sequence(lambda n: f"Test company {n}")
    verified_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def users(self, create, extracted, **kwargs):
        if create and extracted:
            self.users.set(extracted)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InternshipPlan

    code = factory.Sequence(lambda n: f"plan-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"實習計劃 {n}")
    name_en = factory.Sequence(lambda n: f"Internship plan {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    plan = factory.SubFactory(PlanFactory)
    name_zh_hant = factory.Sequence(lambda n: f"第 {n} 批")
    name_en = factory.Sequence(lambda n: f"Batch {n}")
    starts_on = date(2026, 7, 1)
    ends_on = date(2026, 8, 31)
    capacity = 20


def vacancy_input(employer, **overrides) -> services.VacancyInput:
    today = timezone.localdate()
    futian()
    values = {
        "employer_id": employer.pk,
        "kind": "internship",
        "texts": {"title_zh_hant": "暑期實習生", "title_zh_hans": "暑期实习生", "title_en": "Summer intern"},
        "city": "futian",
        "positions": 2,
        "salary_min": None,
        "salary_max": None,
        "contract_jurisdiction": "mainland",
        "social_insurance": "plan",
        "working_language": "mixed",
        "opens_on": today - timedelta(days=1),
        "closes_on": today + timedelta(days=30),
        "starts_on": today + timedelta(days=40),
        "duration_months": 2,
    }
    values.update(overrides)
    return services.VacancyInput(**values)


class Kit:
    """Vacancies and applications in a chosen state, reached through the services."""

    def __init__(self, *, make_user, staff, employer, employer_user):
        self.make_user = make_user
        self.staff = staff
        self.employer = employer
        self.employer_user = employer_user

    def draft(self, employer=None, user=None, **overrides):
        employer = employer or self.employer
        user = user or self.employer_user
        return services.vacancy_create(acting_user=user, data=vacancy_input(employer, **overrides))

    def vacancy_in(self, state: str, **overrides):
        vacancy = self.draft(**overrides)
        steps = {
            "draft": [],
            "submitted": ["submit"],
            "returned": ["submit", "return"],
            "published": ["submit", "publish"],
            "closed": ["submit", "publish", "close"],
            "withdrawn": ["withdraw"],
        }[state]
        for action in steps:
            actor = self.staff if action in ("publish", "return") else self.employer_user
            services.vacancy_act(vacancy_id=vacancy.pk, action=action, acting_user=actor, note="Fix the dates")
        vacancy.refresh_from_db()
        return vacancy

    def published(self, **overrides):
        return self.vacancy_in("published", **overrides)

    def apply(self, vacancy, youth=None, **kwargs):
        youth = youth or self.make_user("youth")
        kwargs.setdefault("education_level", "bachelor")
        return services.application_create(applicant=youth, vacancy_id=vacancy.pk, **kwargs)

    def application_in(self, state: str, vacancy=None, youth=None):
        vacancy = vacancy or self.published()
        application = self.apply(vacancy, youth)
        steps = {
            "submitted": [],
            "shortlisted": ["shortlist"],
            "interview": ["shortlist", "interview"],
            "offered": ["shortlist", "offer"],
            "accepted": ["shortlist", "offer", "accept"],
            "declined": ["shortlist", "offer", "decline"],
            "placed": ["shortlist", "offer", "accept", "place"],
            "completed": ["shortlist", "offer", "accept", "place", "complete"],
            "rejected": ["reject"],
            "withdrawn": ["withdraw"],
        }[state]
        for action in steps:
            actor = application.applicant if action in ("accept", "decline", "withdraw") else self.employer_user
            services.application_act(
                application_id=application.pk, action=action, acting_user=actor, data=action_data(action)
            )
        application.refresh_from_db()
        return application


def action_data(action: str) -> services.ActionInput:
    if action == "interview":
        return services.ActionInput(at=timezone.now() + timedelta(days=3), place="Room 1901, Futian")
    if action == "place":
        return services.ActionInput(start_date=date(2026, 7, 1))
    if action == "reject":
        return services.ActionInput(note="Another candidate fitted better")
    return services.ActionInput()
