"""The pages: list with filters, search and pagination; a guide; the checker; the apply button."""

from __future__ import annotations

import pytest

from policies.models import Policy

from .factories import CategoryFactory, PolicyFactory, TargetGroupFactory, paying_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides():
    guides = [
        PolicyFactory(
            slug="startup",
            title_zh_hant="",
            title_zh_hans="港澳青年创业补贴",
            title_en="Start-up subsidy",
            summary_zh_hant="",
            summary_zh_hans="支持港澳青年在深创业。",
            summary_en="Start-up support.",
        ),
        PolicyFactory(
            slug="intern",
            title_zh_hant="福田實習補貼",
            title_zh_hans="福田实习补贴",
            title_en="Futian internship subsidy",
            body_en="",
            body_zh_hans="实习期间按月发放。",
        ),
    ]
    paying_scheme(guides[1], code="futian-internship", rates={"master": "2500"})
    return guides


class TestList:
    def test_lists_published_guides(self, client, guides):
        PolicyFactory(slug="secret", status=Policy.Status.DRAFT, published_at=None, title_zh_hant="秘密草稿")
        response = client.get("/zh-hant/policies/")
        assert response.status_code == 200
        assert "福田實習補貼" in response.content.decode()
        assert "秘密草稿" not in response.content.decode()

    def test_traditional_search_finds_and_marks_simplified_text(self, client, guides):
        response = client.get("/zh-hant/policies/", {"search": "創業"})
        content = response.content.decode()
        assert [hit.policy.slug for hit in response.context["hits"]] == ["startup"]
        # the title is missing in zh-hant: shown in zh-hans, marked, and said so
        assert "港澳青年<mark>创业</mark>补贴" in content
        assert 'lang="zh-hans"' in content
        assert "简体中文" in content

    def test_simplified_search_finds_traditional_text(self, client, guides):
        response = client.get("/zh-hans/policies/", {"search": "实习"})
        assert [hit.policy.slug for hit in response.context["hits"]] == ["intern"]
        assert "福田<mark>实习</mark>补贴" in response.content.decode()

    def test_english_search_and_body_excerpt(self, client, guides):
        response = client.get("/en/policies/", {"search": "internship"})
        assert "Futian <mark>internship</mark> subsidy" in response.content.decode()
        response = client.get("/en/policies/", {"search": "按月"})
        assert [hit.policy.slug for hit in response.context["hits"]] == ["intern"]
        assert "<mark>按月</mark>" in response.content.decode()

    def test_filters_and_invalid_filter(self, client, guides):
        housing = CategoryFactory(slug="housing")
        PolicyFactory(slug="flat", categories=[housing])
        response = client.get("/en/policies/", {"category": "housing"})
        assert [hit.policy.slug for hit in response.context["hits"]] == ["flat"]
        response = client.get("/en/policies/", {"category": "nope"})
        assert response.status_code == 400
        assert "govuk-error-summary" in response.content.decode()

    def test_pagination_keeps_filters(self, client):
        PolicyFactory.create_batch(25)
        response = client.get("/en/policies/", {"in_force": "true"})
        assert len(response.context["hits"]) == 20
        assert "in_force=true&amp;page=2" in response.content.decode()
        assert len(client.get("/en/policies/", {"in_force": "true", "page": 2}).context["hits"]) == 5

    @pytest.mark.parametrize("role", [None, "reviewer"])
    def test_same_query_count_for_5_and_50_guides(self, client, make_user, django_assert_num_queries, role):
        if role:
            client.force_login(make_user(role))
        categories = [CategoryFactory(slug="housing"), CategoryFactory(slug="internship")]
        groups = [TargetGroupFactory(slug="students")]

        def add(n):
            for _ in range(n):
                policy = PolicyFactory(categories=categories, target_groups=groups)
                paying_scheme(policy, rates={"bachelor": "1500"})

        add(5)
        # count; the page of policies with issuer and regions; categories; target groups; the
        # guides' schemes; their rule versions (the amounts); the filter form's four selects
        # (categories, regions with parents, issuers, target groups).
        # Signed in: + user, user's groups (roles); the session comes from the cache.
        expected = 10 + (2 if role else 0)
        with django_assert_num_queries(expected):
            assert client.get("/en/policies/").status_code == 200
        add(45)
        with django_assert_num_queries(expected):  # the same, with ten times the guides
            response = client.get("/en/policies/")
        assert response.context["page_obj"].paginator.count == 50

    def test_search_query_count_does_not_grow(self, client, django_assert_num_queries):
        PolicyFactory.create_batch(5, title_zh_hans="创业补贴")
        PolicyFactory.create_batch(5, title_zh_hans="其他", body_zh_hans="创业补贴")
        # 12 (was 9 with one ranked query sorting every match): the capped count; the guides with
        # a term in the title; the ids of those that match, ranked; the ids of the other matches,
        # newest first; the page's guides by pk; categories; target groups; schemes (none, so
        # their rule versions are not asked for); the form's four selects. (11 when no title has
        # a term: see test_search_without_title_matches.)
        with django_assert_num_queries(12):
            assert len(client.get("/zh-hant/policies/", {"search": "創業"}).context["hits"]) == 10
        PolicyFactory.create_batch(45, title_zh_hans="其他", body_zh_hans="创业补贴")
        with django_assert_num_queries(12):
            response = client.get("/zh-hant/policies/", {"search": "創業"})
        assert len(response.context["hits"]) == 20
        assert response.context["page_obj"].paginator.count == 55

    def test_search_without_title_matches(self, client, django_assert_num_queries):
        PolicyFactory.create_batch(5, title_zh_hans="其他", body_zh_hans="创业补贴")
        # the capped count; no title has the term (so no ranking query); the other matches'
        # ids; the page by pk; categories; target groups; schemes (none); the form's four selects
        with django_assert_num_queries(11):
            assert len(client.get("/zh-hant/policies/", {"search": "創業"}).context["hits"]) == 5
        PolicyFactory.create_batch(45, title_zh_hans="其他", body_zh_hans="创业补贴")
        with django_assert_num_queries(11):
            assert len(client.get("/zh-hant/policies/", {"search": "創業"}).context["hits"]) == 20


class TestDetail:
    def test_detail_with_benefits_table_source_and_fallback_notice(self, client, guides):
        response = client.get("/en/policies/intern/")  # the amounts: its scheme's rule
        content = response.content.decode()
        assert response.status_code == 200
        assert "Futian internship subsidy" in content
        assert 'data-testid="benefits-table"' in content and "2,500 RMB" in content
        assert "Master&#x27;s degree" in content
        assert 'data-testid="fallback-notice"' in content
        assert '<div lang="zh-hans"><p class="govuk-body">实习期间按月发放。</p></div>' in content

    def test_no_fallback_notice_when_complete(self, client, guides):
        response = client.get("/zh-hans/policies/intern/")
        assert 'data-testid="fallback-notice"' not in response.content.decode()

    @pytest.mark.parametrize(
        ("role", "status"),
        [(None, 404), ("youth", 404), ("mentor", 404), ("base_operator", 404), ("reviewer", 200), ("approver", 200)],
    )
    def test_drafts_only_previewed_by_staff(self, client, make_user, role, status):
        PolicyFactory(slug="draft-guide", status=Policy.Status.DRAFT, published_at=None)
        if role:
            client.force_login(make_user(role))
        response = client.get("/en/policies/draft-guide/")
        assert response.status_code == status
        if status == 200:
            assert 'data-testid="preview-banner"' in response.content.decode()

    def test_last_updated_and_related(self, client, guides, make_user):
        from policies.services import policy_change_record

        category = CategoryFactory(slug="internship")
        guides[0].categories.set([category])
        guides[1].categories.set([category])
        policy_change_record(
            policy=guides[1], summary={"en": "Rates for 2023 added"}, acting_user=make_user("reviewer")
        )
        content = client.get("/en/policies/intern/").content.decode()
        assert "Rates for 2023 added" in content
        assert 'href="/en/policies/startup/"' in content

    def test_apply_button_leads_to_the_schemes_claim_form(self, client, guides):
        content = client.get("/en/policies/intern/").content.decode()
        assert 'href="/en/subsidies/apply/futian-internship/"' in content
        # a guide that pays nothing has no apply button
        assert 'data-testid="apply-button"' not in client.get("/en/policies/startup/").content.decode()


class TestChecker:
    def test_form_page(self, client):
        response = client.get("/en/policies/check/")
        assert response.status_code == 200
        assert "Where are you from?" in response.content.decode()

    def test_results_with_reasons_and_estimate(self, client, guides):
        intern = guides[1]
        intern.criteria_needs = ["internship"]
        intern.criteria_education = ["master"]
        intern.save()
        guides[0].criteria_needs = ["funding"]
        guides[0].save()
        response = client.post(
            "/en/policies/check/",
            {
                "origin": "hk",
                "age": "25",
                "education": "master",
                "situation": "studying",
                "needs": ["internship"],
                "months": "3",
            },
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert [r.policy.slug for r in response.context["results"]] == ["intern"]
        assert "Master&#x27;s degree, 3 months: up to 7,500 RMB" in content
        assert "Your education level (Master&#x27;s degree) qualifies." in content

    def test_invalid_answers(self, client):
        response = client.post("/en/policies/check/", {"origin": "mars"})
        assert response.status_code == 400
        assert "govuk-error-summary" in response.content.decode()


class TestDashboard:
    def test_staff_panel_counts_drafts_and_missing_languages(self, client, make_user):
        PolicyFactory(status=Policy.Status.DRAFT, published_at=None, title_en="Draft guide")
        PolicyFactory(title_en="")
        client.force_login(make_user("reviewer", is_staff=True))
        response = client.get("/en/dashboard/")
        content = response.content.decode()
        assert 'data-testid="policies-staff-panel"' in content
        panel = next(p for p in response.context["panels"] if p["template"] == "policies/dashboard_staff.html")
        assert (panel["drafts"], panel["missing_language"]) == (1, 1)
        assert "Draft guide" in content

    @pytest.mark.parametrize("role", ["youth", "mentor", "base_operator"])
    def test_no_staff_panel_for_others(self, client, make_user, role):
        client.force_login(make_user(role))
        content = client.get("/en/dashboard/").content.decode()
        assert 'data-testid="policies-staff-panel"' not in content
        assert ("/en/policies/check/" in content) is (role == "youth")
