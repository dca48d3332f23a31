"""The demo data reproduce the seeds (DOMAIN.md) and load idempotently."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.demo import demo_user
from incubators import selectors
from incubators.models import AnomalyFlag, Base, BasePhoto, ProjectCountReport, RecognitionLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_seed_totals_of_the_7_municipal_bases_at_the_end_of_june_2023(demo, client):
    assert Base.objects.filter(recognition_level=RecognitionLevel.MUNICIPAL, recognition_year=2022).count() == 7
    response = client.get("/api/v1/incubators/stats/?period=2023-06&level=municipal")
    data = response.json()
    assert data["bases"] == 7
    assert data["incubated_total"] == 1582
    assert data["incubated_hkmo"] == 962
    assert round(data["incubated_hkmo_share"]) == 61
    assert data["incubating"] == 628
    assert data["incubating_hkmo"] == 455


def test_the_workshops_own_figures(demo):
    workshop = Base.objects.get(name_zh_hans="粤港澳青年创新创业工场")
    june = workshop.reports.get(period=date(2023, 6, 1))
    assert (june.incubated_total, june.incubated_hkmo) == (23, 21)
    assert (june.members, june.members_hkmo, june.ip_items) == (358, 54, 199)
    assert june.financing_rmb == Decimal("277500000")
    assert workshop.floor_area_m2 == Decimal("3500")
    assert workshop.opened_on == date(2018, 8, 1)
    assert workshop.border_distance_km == Decimal("2.4")
    assert workshop.national_maker_space
    assert workshop.name_zh_hant and workshop.name_en and workshop.address_en


def test_the_demo_operator_operates_the_workshop_only(demo):
    operator = demo_user("operator")
    assert [b.name_zh_hans for b in Base.objects.filter(operators=operator)] == ["粤港澳青年创新创业工场"]
    workshop = Base.objects.get(name_zh_hans="粤港澳青年创新创业工场")
    assert selectors.user_operates_base(operator, workshop)


def test_history_shows_a_trend_and_keeps_every_rule(demo):
    from incubators import rules

    for base in Base.objects.filter(recognition_level=RecognitionLevel.MUNICIPAL):
        reports = list(base.reports.order_by("period"))
        assert len(reports) == 6
        previous = None
        for report in reports:
            values = {field: getattr(report, field) for field in rules.FIGURE_FIELDS}
            assert rules.report_errors(values, previous=previous) == {}
            assert rules.report_anomalies(values, previous) == []
            previous = values
        assert reports[0].incubated_total < reports[-1].incubated_total


def test_loading_twice_changes_nothing(demo):
    models = [Base, ProjectCountReport, AnomalyFlag, BasePhoto, Base.history.model, ProjectCountReport.history.model]
    before = [m.objects.count() for m in models]
    call_command("load_demo", verbosity=0)
    assert [m.objects.count() for m in models] == before
