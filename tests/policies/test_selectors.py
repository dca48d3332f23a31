"""Reads: visibility, cross-script search and ranking, filters, fallbacks, missing languages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from policies import selectors
from policies.models import Policy
from portal.models import Region

from .factories import CategoryFactory, IssuerFactory, PolicyFactory, RegionFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db


def slugs(queryset):
    return [policy.slug for policy in queryset]


class TestVisibility:
    @pytest.mark.parametrize(
        ("role", "sees_draft"),
        [
            (None, False),
            ("youth", False),
            ("mentor", False),
            ("base_operator", False),
            ("reviewer", True),
            ("approver", True),
        ],
    )
    def test_drafts_only_for_bureau_staff(self, make_user, role, sees_draft):
        PolicyFactory(slug="live")
        PolicyFactory(slug="draft", status=Policy.Status.DRAFT, published_at=None)
        user = make_user(role) if role else None
        expected = {"live", "draft"} if sees_draft else {"live"}
        assert set(slugs(selectors.policy_list(user=user))) == expected
        assert (selectors.policy_by_slug("draft", user=user) is not None) is sees_draft

    def test_anonymous_and_archived(self):
        PolicyFactory(slug="old", status=Policy.Status.ARCHIVED)
        assert selectors.policy_by_slug("old") is None
        assert selectors.policy_by_slug("nope") is None


class TestSearch:
    @pytest.fixture
    def guides(self):
        return {
            "simplified": PolicyFactory(
                slug="simplified",
                title_zh_hant="",
                title_zh_hans="港澳青年创业补贴",
                summary_zh_hant="",
                summary_zh_hans="支持创业",
                summary_en="",
            ),
            "traditional": PolicyFactory(
                slug="traditional",
                title_zh_hant="實習補貼",
                title_zh_hans="",
                summary_zh_hant="創業基地實習",
                summary_zh_hans="",
                summary_en="",
            ),
            "english": PolicyFactory(
                slug="english",
                title_zh_hant="導師",
                title_zh_hans="导师",
                title_en="Workplace mentor programme",
                summary_en="Mentors guide young people.",
            ),
        }

    def test_traditional_query_finds_simplified_text(self, guides):
        assert "simplified" in slugs(selectors.policy_list(user=None, search="創業"))

    def test_simplified_query_finds_traditional_text(self, guides):
        assert slugs(selectors.policy_list(user=None, search="实习")) == ["traditional"]

    def test_english_words_case_insensitive(self, guides):
        assert slugs(selectors.policy_list(user=None, search="MENTOR")) == ["english"]
        assert slugs(selectors.policy_list(user=None, search="nothing-like-this")) == []

    def test_all_terms_must_match(self, guides):
        assert slugs(selectors.policy_list(user=None, search="實習 创业")) == ["traditional"]

    def test_title_matches_rank_first(self, guides):
        # both mention 创业; only "simplified" has it in its title
        assert slugs(selectors.policy_list(user=None, search="創業")) == ["simplified", "traditional"]

    def test_drafts_are_not_found_by_the_public(self, guides):
        PolicyFactory(slug="secret", status=Policy.Status.DRAFT, published_at=None, title_zh_hans="创业秘密")
        assert "secret" not in slugs(selectors.policy_list(user=None, search="创业"))


class TestFilters:
    def test_category_region_issuer_target_group_in_force(self):
        shenzhen = RegionFactory()
        futian = RegionFactory(slug="futian", kind=Region.Kind.DISTRICT, parent=shenzhen, name_en="Futian")
        hetao = RegionFactory(slug="hetao", kind=Region.Kind.ZONE, parent=futian, name_en="Hetao")
        huizhou = RegionFactory(slug="huizhou", name_en="Huizhou")
        housing, internship = CategoryFactory(slug="housing"), CategoryFactory(slug="internship")
        students = TargetGroupFactory(slug="students")
        bureau = IssuerFactory(slug="futian-hrss")
        PolicyFactory(slug="a", region=hetao, categories=[housing], issuer=bureau)
        PolicyFactory(slug="b", region=futian, categories=[internship], target_groups=[students])
        PolicyFactory(
            slug="c",
            region=huizhou,
            categories=[internship, housing],
            target_groups=[students],
            effective_to=datetime.date(2020, 1, 1),
            effective_from=datetime.date(2019, 1, 1),
        )
        assert set(slugs(selectors.policy_list(user=None, region=shenzhen))) == {"a", "b"}
        assert set(slugs(selectors.policy_list(user=None, region=futian))) == {"a", "b"}
        assert set(slugs(selectors.policy_list(user=None, region=hetao))) == {"a"}
        assert set(slugs(selectors.policy_list(user=None, category=housing))) == {"a", "c"}
        assert set(slugs(selectors.policy_list(user=None, target_group=students))) == {"b", "c"}
        assert set(slugs(selectors.policy_list(user=None, issuer=bureau))) == {"a"}
        assert set(slugs(selectors.policy_list(user=None, in_force=True))) == {"a", "b"}
        assert set(slugs(selectors.policy_list(user=None, in_force=False))) == {"c"}
        assert set(slugs(selectors.policy_list(user=None, category=internship, in_force=True))) == {"b"}


class TestFallbacks:
    def test_missing_english_summary_falls_back_and_is_reported(self):
        policy = PolicyFactory(summary_en="", body_zh_hans="正文", body_zh_hant="", body_en="")
        with translation.override("en"):
            assert policy.summary == policy.summary_zh_hant
            used = {f.field: f.language for f in selectors.fallbacks_used(policy)}
        assert used == {"summary": "zh-hant", "body": "zh-hans"}
        with translation.override("zh-hans"):
            assert {f.field for f in selectors.fallbacks_used(policy)} == set()

    def test_missing_languages(self):
        complete = PolicyFactory()
        partial = PolicyFactory(title_en="", body_zh_hans="正文")
        assert selectors.missing_languages(complete) == []
        assert selectors.missing_languages(partial) == ["zh-hant", "en"]
        PolicyFactory(status=Policy.Status.DRAFT, published_at=None)
        assert selectors.staff_summary() == {"drafts": 1, "missing_language": 1}


class TestForOtherApps:
    def test_a_guides_amounts_are_its_schemes_rules_in_force(self):
        import datetime as dt
        from decimal import Decimal

        from tests.subsidies.factories import SchemeRuleFactory

        from .factories import paying_scheme

        policy = PolicyFactory(slug="futian-internship-subsidy")
        scheme = paying_scheme(policy, rates={"master": "2500", "associate": "1000"})
        SchemeRuleFactory(scheme=scheme, effective_from=dt.date(2099, 1, 1), kind="fixed", amount=Decimal("1"))
        paying_scheme(policy, applicant_role="mentor", kind="fixed", amount=Decimal("500"))
        found = selectors.policy_by_slug("futian-internship-subsidy")
        rows = [(b.education_level, b.amount, b.unit, b.beneficiary) for b in selectors.benefits_of(found)]
        # in education order; a version that starts in 2099 is not in force yet
        assert rows == [
            ("associate", Decimal("1000.00"), "per_month", "applicant"),
            ("master", Decimal("2500.00"), "per_month", "applicant"),
            ("", Decimal("500.00"), "one_time", "mentor"),
        ]
        assert selectors.benefits_of(found, dt.date(2099, 1, 1))[0].amount == Decimal("1.00")

    def test_policy_by_slug_defaults_to_the_public_view(self):
        PolicyFactory(slug="draft", status=Policy.Status.DRAFT, published_at=None)
        PolicyFactory(slug="live")
        assert selectors.policy_by_slug("live").slug == "live"
        assert selectors.policy_by_slug("draft") is None
