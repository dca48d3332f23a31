"""Writes: publish, archive, change history, search text; who may make them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from policies import services
from policies.models import Policy, PolicyChange

from .factories import IssuerFactory, PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return PolicyFactory(status=Policy.Status.DRAFT, published_at=None)


class TestPublish:
    def test_reviewer_publishes_a_draft_with_a_public_history_row(self, draft, make_user):
        reviewer = make_user("reviewer")
        assert services.policy_publish(policy=draft, acting_user=reviewer)
        draft.refresh_from_db()
        assert draft.status == Policy.Status.PUBLISHED
        assert draft.published_at is not None
        change = draft.changes.get()
        assert change.is_public and change.changed_by == reviewer
        assert (change.summary_en, change.summary_zh_hant, change.summary_zh_hans) == (
            "Published.",
            "已發布。",
            "已发布。",
        )

    def test_publishing_twice_writes_once(self, draft, make_user):
        approver = make_user("approver")
        assert services.policy_publish(policy=draft, acting_user=approver)
        assert not services.policy_publish(policy=draft, acting_user=approver)
        assert draft.changes.count() == 1

    @pytest.mark.parametrize("role", ["youth", "mentor", "base_operator", None])
    def test_only_bureau_staff_publish(self, draft, make_user, role):
        with pytest.raises(PermissionDenied):
            services.policy_publish(policy=draft, acting_user=make_user(role))
        draft.refresh_from_db()
        assert draft.status == Policy.Status.DRAFT
        assert not PolicyChange.objects.exists()

    def test_superuser_publishes(self, draft, make_user):
        assert services.policy_publish(policy=draft, acting_user=make_user(None, is_superuser=True, is_staff=True))


class TestArchive:
    def test_archive_a_published_guide_writes_an_internal_row(self, make_user):
        policy = PolicyFactory()
        assert services.policy_archive(policy=policy, acting_user=make_user("reviewer"))
        policy.refresh_from_db()
        assert policy.status == Policy.Status.ARCHIVED
        assert not policy.changes.get().is_public

    def test_archive_a_draft_does_nothing(self, draft, make_user):
        assert not services.policy_archive(policy=draft, acting_user=make_user("reviewer"))
        assert not draft.changes.exists()


class TestSearchText:
    def test_every_translation_issuer_and_region_in_simplified_lower_case(self):
        issuer = IssuerFactory(
            name_zh_hant="福田區人力資源局", name_zh_hans="福田区人力资源局", name_en="Futian HR Bureau"
        )
        policy = PolicyFactory(
            issuer=issuer, title_zh_hant="實習補貼", title_zh_hans="实习补贴", title_en="Internship Subsidy"
        )
        policy.refresh_from_db()
        assert policy.search_title == "实习补贴\n实习补贴\ninternship subsidy"
        assert "福田区人力资源局" in policy.search_text
        assert "futian hr bureau" in policy.search_text
        assert "實" not in policy.search_text


class TestSave:
    def test_public_note_in_three_languages(self, draft, make_user):
        draft.status = Policy.Status.PUBLISHED
        draft.title_en = "Internship subsidy"
        services.policy_save(
            policy=draft,
            acting_user=make_user("reviewer"),
            change_summary={"zh-hant": "更新申請方法", "zh-hans": "更新申请方法", "en": "How to apply updated"},
        )
        draft.refresh_from_db()
        assert draft.published_at is not None
        assert "internship subsidy" in draft.search_title
        change = draft.changes.get()
        assert change.is_public and change.summary_en == "How to apply updated"

    def test_without_note_an_internal_row(self, draft, make_user):
        services.policy_save(policy=draft, acting_user=make_user("approver"))
        change = draft.changes.get()
        assert not change.is_public and change.summary_en == "Edited."

    def test_youth_cannot(self, draft, make_user):
        with pytest.raises(PermissionDenied):
            services.policy_save(policy=draft, acting_user=make_user("youth"))


class TestDatabaseConstraints:
    def test_a_published_guide_has_a_publish_date(self):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            PolicyFactory(status=Policy.Status.PUBLISHED, published_at=None)

    def test_effective_dates_in_order(self):
        import datetime

        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            PolicyFactory(effective_from=datetime.date(2023, 7, 1), effective_to=datetime.date(2023, 6, 30))

    def test_age_range_in_order(self):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            PolicyFactory(criteria_min_age=30, criteria_max_age=18)
