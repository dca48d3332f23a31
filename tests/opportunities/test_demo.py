"""The demo reproduces the seeds' figures: 327 interns received by Futian's plan and 88 in
Huizhou in 4 batches, as completed placements; open vacancies at the demo bases; loaded twice,
nothing changes."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count

from opportunities.models import Application, ApplicationState, Cohort, Vacancy, VacancyState


@pytest.mark.django_db
def test_demo_reproduces_the_seeds_figures_and_loads_twice():
    call_command("load_demo", verbosity=0)
    counts = {m._meta.label: m.objects.count() for m in apps.get_app_config("opportunities").get_models()}
    call_command("load_demo", verbosity=0)
    assert counts == {m._meta.label: m.objects.count() for m in apps.get_app_config("opportunities").get_models()}
    completed = Application.objects.filter(state=ApplicationState.COMPLETED)
    assert completed.filter(vacancy__cohort__plan__code="futian-hk-youth-internship").count() == 327
    huizhou = completed.filter(vacancy__cohort__plan__code="huizhou-hk-youth-internship")
    assert huizhou.count() == 88
    batches = Cohort.objects.filter(plan__code="huizhou-hk-youth-internship", vacancies__applications__in=huizhou)
    assert batches.annotate(n=Count("vacancies__applications")).count() == 4
    published = Vacancy.objects.filter(state=VacancyState.PUBLISHED)
    assert published.count() == 3
    assert published.filter(base__isnull=False, subsidy_scheme__code="futian-internship").count() == 1
    assert Application.objects.filter(applicant__email="youth@demo.gba-youth.example").count() == 1
