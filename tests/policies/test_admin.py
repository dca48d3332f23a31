"""The staff admin: who may use it, language tabs, missing languages, preview, save, bulk publish."""

from __future__ import annotations

import pytest

from policies.models import Policy

from .factories import CategoryFactory, IssuerFactory, PolicyFactory, RegionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/policies/policy/"


@pytest.fixture
def reviewer(make_user):
    return make_user("reviewer", is_staff=True)


class TestWhoMayUseIt:
    @pytest.mark.parametrize("role", ["youth", "mentor", "base_operator"])
    def test_non_staff_roles_are_sent_to_the_login(self, client, make_user, role):
        client.force_login(make_user(role))
        response = client.get(CHANGELIST)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_staff_without_a_bureau_role_cannot_see_guides(self, client, make_user):
        client.force_login(make_user(None, is_staff=True))
        assert client.get(CHANGELIST).status_code == 403

    @pytest.mark.parametrize("role", ["reviewer", "approver"])
    def test_bureau_staff_can(self, client, make_user, role):
        client.force_login(make_user(role, is_staff=True))
        assert client.get(CHANGELIST).status_code == 200
        assert client.get(CHANGELIST + "add/").status_code == 200

    def test_anonymous(self, client):
        assert client.get(CHANGELIST).status_code == 302


class TestChangeList:
    def test_missing_languages_and_preview(self, client, reviewer, django_assert_max_num_queries):
        PolicyFactory(slug="complete")
        PolicyFactory(slug="partial", title_en="", summary_en="")
        client.force_login(reviewer)
        response = client.get(CHANGELIST)
        content = response.content.decode()
        assert "English" in content  # the missing-languages column of "partial"
        assert 'href="/en/policies/partial/"' in content  # preview

    def test_one_tab_per_language_on_the_form(self, client, reviewer):
        client.force_login(reviewer)
        content = client.get(CHANGELIST + "add/").content.decode()
        for name in ("title_zh_hant", "title_zh_hans", "title_en", "how_to_apply_en"):
            assert f'name="{name}"' in content
        assert "modeltranslation" in content  # the tabs' script and styles

    def test_bulk_publish(self, client, reviewer):
        drafts = [PolicyFactory(status=Policy.Status.DRAFT, published_at=None) for _ in range(3)]
        client.force_login(reviewer)
        response = client.post(
            CHANGELIST,
            {"action": "publish_selected", "_selected_action": [policy.pk for policy in drafts]},
            follow=True,
        )
        assert response.status_code == 200
        assert "3 guides published." in response.content.decode()
        assert Policy.objects.filter(status=Policy.Status.PUBLISHED).count() == 3
        assert all(policy.changes.filter(is_public=True, changed_by=reviewer).exists() for policy in drafts)

    def test_search_across_scripts(self, client, reviewer):
        PolicyFactory(slug="startup", title_zh_hans="创业补贴")
        client.force_login(reviewer)
        response = client.get(CHANGELIST, {"q": "創業"})
        assert response.context["cl"].result_count == 1


def test_add_a_guide_with_criteria_and_public_note(client, reviewer):
    issuer, region, category = IssuerFactory(), RegionFactory(), CategoryFactory(slug="internship")
    client.force_login(reviewer)
    data = {
        "slug": "new-guide",
        "status": "published",
        "issuer": issuer.pk,
        "region": region.pk,
        "categories": [category.pk],
        "title_zh_hant": "新指南",
        "title_zh_hans": "新指南",
        "title_en": "New guide",
        "summary_en": "Summary",
        "in_checker": "on",
        "criteria_origins": ["hk"],
        "criteria_needs": ["internship"],
        "criteria_education": ["master"],
        "currency": "RMB",
        "change_note_en": "First version",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
    }
    response = client.post(CHANGELIST + "add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    policy = Policy.objects.get(slug="new-guide")
    assert policy.published_at is not None
    assert policy.criteria_origins == ["hk"] and policy.criteria_needs == ["internship"]
    assert not hasattr(policy, "benefits")  # a guide's amounts are its schemes' rules (subsidies admin)
    assert "new guide" in policy.search_title
    change = policy.changes.get()
    assert change.is_public and change.summary_en == "First version" and change.changed_by == reviewer
