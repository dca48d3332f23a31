"""GET /api/v1/policies/, /api/v1/policies/<slug>/ and POST /api/v1/policies/eligibility/."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from policies.models import Policy
from portal.models import Region

from .factories import CategoryFactory, PolicyFactory, RegionFactory, TargetGroupFactory, paying_scheme

pytestmark = pytest.mark.django_db

LIST = "/api/v1/policies/"


@pytest.fixture
def guide():
    policy = PolicyFactory(
        slug="futian-internship-subsidy",
        title_zh_hant="福田實習補貼",
        title_zh_hans="福田实习补贴",
        title_en="Futian internship subsidy",
        body_zh_hant="",
        body_zh_hans="按月发放",
        body_en="Paid monthly",
        categories=[CategoryFactory(slug="internship")],
        target_groups=[TargetGroupFactory(slug="students")],
        source_title="关于深圳市政协七届一次会议提案第20210094号的会办意见",
    )
    paying_scheme(policy, kind="monthly_by_education", rates={"master": "2500"}, amount=None)
    return policy


class TestList:
    def test_public_shape(self, api, guide):
        response = api.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert set(response.data) == {"count", "next", "previous", "results"}
        item = response.data["results"][0]
        assert item["slug"] == "futian-internship-subsidy"
        assert item["title"] == "Futian internship subsidy"
        assert item["categories"] == ["internship"]
        assert item["issuer"] == guide.issuer.name_en
        assert item["region"] == "Shenzhen"
        benefit = item["benefits"][0]  # from the guide's scheme's rule in force
        assert {key: benefit[key] for key in ("amount", "unit", "ceiling", "currency")} == {
            "amount": "2500.00",
            "unit": "per_month",
            "ceiling": None,
            "currency": "RMB",
        }
        assert (benefit["education_level"], benefit["beneficiary"]) == ("master", "applicant")
        assert item["effective_from"] == "2023-01-01" and item["effective_to"] is None
        assert item["url"] == "http://testserver/en/policies/futian-internship-subsidy/"

    @pytest.mark.parametrize(
        ("params", "headers", "title"),
        [
            ("", {"HTTP_ACCEPT_LANGUAGE": "zh-hant"}, "福田實習補貼"),
            ("", {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}, "福田实习补贴"),
            ("?lang=en", {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}, "Futian internship subsidy"),
            ("?lang=zh-hans", {}, "福田实习补贴"),
        ],
    )
    def test_language(self, api, guide, params, headers, title):
        response = api.get(LIST + params, **headers)
        assert response.data["results"][0]["title"] == title

    def test_drafts_hidden_from_public_shown_to_staff(self, api, guide, make_user):
        PolicyFactory(slug="draft-guide", status=Policy.Status.DRAFT, published_at=None)
        assert [r["slug"] for r in api.get(LIST).data["results"]] == ["futian-internship-subsidy"]
        for role in ("youth", "mentor", "base_operator"):
            api.force_authenticate(make_user(role))
            assert api.get(LIST).data["count"] == 1, role
            assert api.get(LIST + "draft-guide/").status_code == 404, role
        api.force_authenticate(make_user("reviewer"))
        assert api.get(LIST).data["count"] == 2
        assert api.get(LIST + "draft-guide/").data["status"] == "draft"

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("search=實習", 1),
            ("search=实习", 1),
            ("search=INTERNSHIP", 1),
            ("search=創業", 0),
            ("category=internship", 1),
            ("region=shenzhen", 1),
            ("target_group=students", 1),
            ("in_force=true", 1),
            ("in_force=false", 0),
        ],
    )
    def test_filters(self, api, guide, query, expected):
        response = api.get(f"{LIST}?{query}")
        assert response.status_code == 200
        assert response.data["count"] == expected

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("category=nope", "category"),
            ("region=atlantis", "region"),
            ("target_group=x", "target_group"),
            ("in_force=maybe", "in_force"),
            ("issuer=zzz", "issuer"),
            ("search=" + "x" * 201, "search"),
        ],
    )
    def test_invalid_filters_are_400_with_a_message(self, api, guide, query, field):
        response = api.get(f"{LIST}?{query}", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert response.data[field]

    def test_invalid_filter_message_in_the_requested_language(self, api, guide):
        response = api.get(f"{LIST}?category=nope&lang=zh-hant")
        assert response.status_code == 400
        assert "nope" in response.data["category"][0]
        assert "available choices" not in response.data["category"][0]

    def test_query_count_does_not_grow_with_rows(self, api, django_assert_num_queries):
        categories = [CategoryFactory(slug="housing"), CategoryFactory(slug="employment")]
        for _n in range(25):
            policy = PolicyFactory(categories=categories, target_groups=[TargetGroupFactory(slug="graduates")])
            paying_scheme(policy, kind="fixed", amount=Decimal("1000"))
            paying_scheme(policy, kind="up_to", ceiling=Decimal("1000000"), amount=None)
        # count, the page of policies (issuer and regions joined), categories, target groups, the
        # guides' subsidy schemes, their rule versions (the amounts)
        with django_assert_num_queries(6):
            response = api.get(LIST + "?page_size=100")
        assert response.data["count"] == 25
        assert len(response.data["results"][0]["benefits"]) == 2
        PolicyFactory.create_batch(25)
        with django_assert_num_queries(6):
            assert api.get(LIST + "?page_size=100").data["count"] == 50

    def test_search_query_count_does_not_grow_with_rows(self, api, django_assert_num_queries):
        PolicyFactory.create_batch(3, title_zh_hans="创业补贴")
        # count, the ranked page, categories, target groups, schemes (none: so no query for
        # their rule versions)
        with django_assert_num_queries(5):
            assert api.get(LIST + "?search=創業").data["count"] == 3
        PolicyFactory.create_batch(30, title_zh_hans="创业补贴")
        with django_assert_num_queries(5):
            assert api.get(LIST + "?search=創業&page_size=100").data["count"] == 33


class TestDetail:
    def test_detail_adds_texts_source_and_fallback(self, api, guide):
        response = api.get(LIST + "futian-internship-subsidy/?lang=zh-hant")
        assert response.status_code == 200
        data = response.data
        assert data["body"] == "按月发放"  # missing in zh-hant: the zh-hans text, and it says so
        assert {"field": "body", "language": "zh-hans"} in data["fallback"]
        assert data["source"]["title"].startswith("关于深圳市政协")
        assert {"eligibility", "how_to_apply", "benefits_text", "last_updated", "apply_url"} <= set(data)

    def test_unknown_slug_404(self, api):
        assert api.get(LIST + "nope/").status_code == 404

    def test_read_only(self, api, guide, make_user):
        api.force_authenticate(make_user("reviewer"))
        assert api.post(LIST, {"slug": "x"}, format="json").status_code == 405
        assert api.delete(LIST + "futian-internship-subsidy/").status_code == 405


ELIGIBILITY = "/api/v1/policies/eligibility/"


class TestEligibility:
    @pytest.fixture
    def guides(self):
        shenzhen = RegionFactory()
        futian = RegionFactory(slug="futian", kind=Region.Kind.DISTRICT, parent=shenzhen)
        huizhou = RegionFactory(slug="huizhou", name_en="Huizhou")
        internship = PolicyFactory(
            slug="futian-internship-subsidy",
            region=futian,
            criteria_origins=["hk", "macau"],
            criteria_needs=["internship"],
            criteria_education=["associate", "bachelor", "master", "phd"],
        )
        paying_scheme(
            internship,
            code="futian-internship",
            kind="monthly_by_education",
            rates={"associate": "1000", "bachelor": "1500", "master": "2500", "phd": "4500"},
            amount=None,
        )
        PolicyFactory(
            slug="huizhou-hong-kong-youth-internship-plan",
            region=huizhou,
            criteria_origins=["hk"],
            criteria_needs=["internship"],
            criteria_situations=["studying"],
        )
        PolicyFactory(
            slug="expired",
            criteria_needs=["internship"],
            effective_from=datetime.date(2019, 1, 1),
            effective_to=datetime.date(2020, 1, 1),
        )
        PolicyFactory(slug="base-award", in_checker=False)

    def test_masters_intern_three_months(self, api, guides):
        response = api.post(
            ELIGIBILITY + "?lang=en",
            {
                "origin": "hk",
                "age": 24,
                "education": "master",
                "situation": "studying",
                "city": "shenzhen",
                "needs": ["internship"],
                "months": 3,
            },
            format="json",
        )
        assert response.status_code == 200
        assert [r["slug"] for r in response.data["results"]] == ["futian-internship-subsidy"]
        result = response.data["results"][0]
        assert result["estimate"]["amount"] == "7500.00"
        # the eligible amount of a claim with these facts: the level's rate × 3 whole months
        assert result["estimate"]["description"] == "Master's degree, 3 months: up to 7,500 RMB"
        assert result["reasons"]
        assert result["apply_url"] == "http://testserver/en/subsidies/apply/futian-internship/"

    def test_form_encoded_and_anywhere(self, api, guides):
        response = api.post(
            ELIGIBILITY,
            {"origin": "hk", "age": "20", "education": "bachelor", "situation": "studying", "needs": "internship"},
        )
        assert response.status_code == 200
        assert {r["slug"] for r in response.data["results"]} == {
            "futian-internship-subsidy",
            "huizhou-hong-kong-youth-internship-plan",
        }

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"origin": "taiwan"}, "origin"),
            ({"age": "old"}, "age"),
            ({"age": 5}, "age"),
            ({"education": "none"}, "education"),
            ({"city": "atlantis"}, "city"),
            ({"needs": ["yacht"]}, "needs"),
            ({"months": 0}, "months"),
            ({"financing": "-1"}, "financing"),
        ],
    )
    def test_invalid_answers_400(self, api, guides, payload, field):
        data = {"origin": "hk", "age": 24, "education": "master", "situation": "studying", **payload}
        response = api.post(ELIGIBILITY, data, format="json")
        assert response.status_code == 400
        assert field in response.data

    def test_missing_answers_400(self, api):
        response = api.post(ELIGIBILITY, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert set(response.data) == {"origin", "age", "education", "situation"}

    def test_not_an_object_400(self, api):
        assert api.post(ELIGIBILITY, [1, 2], format="json").status_code == 400
