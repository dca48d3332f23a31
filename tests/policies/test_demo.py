"""The demo guides: every measure of DOMAIN.md, published, complete in three languages, with the
seeds' figures; and the eligibility checker run for people drawn from the seeds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from policies import selectors
from policies.models import Policy

pytestmark = pytest.mark.django_db

SLUGS = {
    "shenzhen-hkmo-youth-employment-entrepreneurship",
    "reverse-enclaves-hong-kong",
    "hk-tech-300-zhumeng-cup",
    "luohu-guide-for-hong-kong-people",
    "luohu-hkmo-professionals-living-subsidy",
    "futian-internship-subsidy",
    "futian-housing-support",
    "futian-landing-support",
    "shenzhen-municipal-youth-innovation-base-award",
    "huizhou-hong-kong-youth-internship-plan",
    "gba-workplace-mentor-programme",
}


@pytest.fixture
def demo():
    from policies.demo import load
    from subsidies.demo import ensure_schemes

    load()
    ensure_schemes()  # the schemes link their guides: their rules hold the amounts


def test_loading_twice_changes_no_row_count():
    call_command("load_demo", verbosity=0)
    counts = {model._meta.label: model.objects.count() for model in apps.get_app_config("policies").get_models()}
    call_command("load_demo", verbosity=0)
    assert counts == {
        model._meta.label: model.objects.count() for model in apps.get_app_config("policies").get_models()
    }


def test_every_measure_is_a_published_complete_guide(demo):
    assert set(Policy.objects.published().values_list("slug", flat=True)) == SLUGS
    for policy in Policy.objects.all():
        assert selectors.missing_languages(policy) == [], policy.slug
        for field in ("title", "summary", "body", "eligibility", "benefits_text", "how_to_apply"):
            for lang in ("zh_hant", "zh_hans", "en"):
                assert getattr(policy, f"{field}_{lang}"), (policy.slug, field, lang)
        assert policy.changes.filter(is_public=True).exists()
        # Hong Kong usage in the Traditional text: no Simplified-only characters left behind
        assert not set("们这说发实业创补贴户") & set(policy.title_zh_hant + policy.summary_zh_hant), policy.slug


def test_figures_of_the_seeds(demo):
    def amounts(slug):
        guide = selectors.policy_by_slug(slug)
        return [(b.amount, b.unit, b.ceiling, b.beneficiary) for b in selectors.benefits_of(guide)]

    assert amounts("futian-internship-subsidy") == [
        (Decimal("1000.00"), "per_month", None, "applicant"),
        (Decimal("1500.00"), "per_month", None, "applicant"),
        (Decimal("2500.00"), "per_month", None, "applicant"),
        (Decimal("4500.00"), "per_month", None, "applicant"),
    ]
    assert amounts("luohu-hkmo-professionals-living-subsidy") == [(Decimal("60000.00"), "one_time", None, "applicant")]
    assert [ceiling for _a, _u, ceiling, _b in amounts("futian-landing-support")] == [Decimal("1000000.00")] * 3
    assert amounts("shenzhen-municipal-youth-innovation-base-award") == [
        (Decimal("500000.00"), "one_time", None, "base")
    ]
    # the mentor programme's rates are its rate schedule (the mentorship app's), shown nowhere else
    assert amounts("gba-workplace-mentor-programme") == []
    assert "88" in Policy.objects.get(slug="huizhou-hong-kong-youth-internship-plan").summary_en
    enclaves = Policy.objects.get(slug="reverse-enclaves-hong-kong")
    assert "17 March 2023" in enclaves.body_en and "17 July 2023" in enclaves.body_en


ELIGIBILITY = "/api/v1/policies/eligibility/"


def check(api, **answers):
    response = api.post(ELIGIBILITY + "?lang=en", answers, format="json")
    assert response.status_code == 200, response.data
    return {result["slug"]: result for result in response.data["results"]}


class TestCheckerPeopleFromTheSeeds:
    def test_hk_masters_student_interning_in_futian_for_three_months(self, api, demo):
        results = check(
            api,
            origin="hk",
            age=24,
            education="master",
            situation="studying",
            city="shenzhen",
            needs=["internship"],
            months=3,
        )
        assert set(results) == {
            "futian-internship-subsidy",
            "reverse-enclaves-hong-kong",
            "shenzhen-hkmo-youth-employment-entrepreneurship",
        }
        estimate = results["futian-internship-subsidy"]["estimate"]
        assert estimate["amount"] == "7500.00"
        assert estimate["description"] == "Master's degree, 3 months: up to 7,500 RMB"
        assert any("Master's degree" in reason for reason in results["futian-internship-subsidy"]["reasons"])

    def test_hk_student_wanting_an_internship_in_huizhou(self, api, demo):
        results = check(
            api, origin="hk", age=20, education="bachelor", situation="studying", city="huizhou", needs=["internship"]
        )
        assert set(results) == {"huizhou-hong-kong-youth-internship-plan"}
        assert results["huizhou-hong-kong-youth-internship-plan"]["estimate"] is None

    def test_macau_student_is_not_offered_the_hong_kong_only_plan(self, api, demo):
        results = check(
            api,
            origin="macau",
            age=20,
            education="bachelor",
            situation="studying",
            city="huizhou",
            needs=["internship"],
        )
        assert results == {}

    def test_hk_professional_employed_in_luohu_needing_funding(self, api, demo):
        results = check(
            api, origin="hk", age=30, education="bachelor", situation="employed", city="shenzhen", needs=["funding"]
        )
        living = results["luohu-hkmo-professionals-living-subsidy"]
        assert living["estimate"]["amount"] == "60000.00"
        assert (
            living["estimate"]["description"]
            == "Luohu one-time living subsidy for HK/Macau professionals: up to 60,000 RMB"
        )
        assert "futian-landing-support" not in results  # only for people running a start-up

    def test_macau_start_up_team_that_won_a_competition(self, api, demo):
        results = check(
            api, origin="macau", age=27, education="master", situation="startup", city="shenzhen", needs=["funding"]
        )
        # the competition winners' landing support (up to 1,000,000); with 3,000,000 raised the
        # financing one would pay 300,000: the best of the guide's schemes is shown
        assert results["futian-landing-support"]["estimate"]["amount"] == "1000000.00"
        assert "luohu-hkmo-professionals-living-subsidy" in results
        assert "hk-tech-300-zhumeng-cup" not in results  # the CityU competition: Hong Kong only
        assert "shenzhen-municipal-youth-innovation-base-award" not in results  # awards go to bases
        first = next(iter(results))
        assert first in {"futian-landing-support"}  # the largest estimate first

    def test_unemployed_hk_graduate_looking_for_a_mentor(self, api, demo):
        results = check(api, origin="hk", age=23, education="associate", situation="unemployed", needs=["mentor"])
        mentor = results["gba-workplace-mentor-programme"]
        assert mentor["estimate"] is None  # the subsidies are paid to the mentor, not the mentee
        assert "It offers what you need: A mentor." in mentor["reasons"]

    def test_macau_youth_needing_housing_in_shenzhen(self, api, demo):
        results = check(
            api, origin="macau", age=22, education="bachelor", situation="employed", city="shenzhen", needs=["housing"]
        )
        assert set(results) == {"futian-housing-support"}

    def test_reasons_in_traditional_chinese(self, api, demo):
        response = api.post(
            ELIGIBILITY + "?lang=zh-hant",
            {"origin": "hk", "age": 24, "education": "master", "situation": "studying", "needs": ["internship"]},
            format="json",
        )
        result = next(r for r in response.data["results"] if r["slug"] == "futian-internship-subsidy")
        assert result["title"] == "福田區港澳青年實習補貼"
        assert result["estimate"]["description"] == "碩士學位，3 個月：最多 7,500 元人民幣"
