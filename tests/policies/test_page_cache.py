"""The anonymous list and search page served from Redis (policies/cache.py): every write that
shows on the list shows at once, signed-in readers never get a kept page, a hit costs no query."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator

from policies import cache as page_cache
from policies import selectors, services
from policies.models import Policy

from .factories import CategoryFactory, IssuerFactory, PolicyFactory, paying_scheme

pytestmark = pytest.mark.django_db

LIST = "/en/policies/"


def titles(response) -> str:
    return response.content.decode()


def served_from_cache(client, django_assert_num_queries, path=LIST, **params):
    """A request that must be a cache hit: no query at all."""
    with django_assert_num_queries(0):
        response = client.get(path, params)
    assert response.status_code == 200
    assert response.context is None  # no template rendered
    return response


class TestHits:
    def test_second_anonymous_request_costs_no_query(self, client, django_assert_num_queries):
        PolicyFactory(title_en="Rent waiver for start-ups")
        first = client.get(LIST)
        assert first.context is not None  # rendered
        second = served_from_cache(client, django_assert_num_queries)
        assert second.content == first.content
        assert "Rent waiver for start-ups" in titles(second)

    def test_kept_page_is_public_for_a_minute_and_varies_on_cookie(self, client, django_assert_num_queries):
        PolicyFactory()
        first = client.get(LIST)
        second = served_from_cache(client, django_assert_num_queries)
        for response in (first, second):
            assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
            assert "Cookie" in response["Vary"]
            assert not response.cookies  # nothing set on a shared page

    def test_nothing_personal_in_a_kept_page(self, client, django_assert_num_queries):
        PolicyFactory()
        client.get(LIST)
        body = titles(served_from_cache(client, django_assert_num_queries))
        assert "csrfmiddlewaretoken" not in body
        assert 'data-testid="sign-out"' not in body
        assert "govuk-notification-banner" not in body

    def test_language_and_query_string_are_part_of_the_key(self, client, django_assert_num_queries):
        PolicyFactory(title_en="English title", title_zh_hant="繁體標題", title_zh_hans="简体标题")
        english = client.get(LIST)
        chinese = client.get("/zh-hant/policies/")
        assert "English title" in titles(english) and "繁體標題" in titles(chinese)
        assert titles(served_from_cache(client, django_assert_num_queries, "/zh-hant/policies/")) == titles(chinese)
        # the language switcher links to the same page, query string included
        searched = client.get(LIST, {"search": "English"})
        assert searched.context is not None
        assert "/zh-hans/policies/?search=English" in titles(searched)
        assert titles(served_from_cache(client, django_assert_num_queries, search="English")) == titles(searched)

    def test_a_bad_filter_is_not_kept(self, client):
        assert client.get(LIST, {"category": "no-such"}).status_code == 400
        again = client.get(LIST, {"category": "no-such"})
        assert again.status_code == 400 and again.context is not None


class TestWritesShowAtOnce:
    """Each write bumps the version at once and again after commit: the on_commit callbacks
    are run here (django_capture_on_commit_callbacks) as they would be in production."""

    def test_publish(self, client, django_capture_on_commit_callbacks):
        draft = PolicyFactory(status=Policy.Status.DRAFT, published_at=None, title_en="Housing for graduates")
        assert "Housing for graduates" not in titles(client.get(LIST))
        with django_capture_on_commit_callbacks(execute=True):
            assert services.policy_publish(policy=draft, acting_user=None)
        assert "Housing for graduates" in titles(client.get(LIST))

    def test_archive(self, client, django_capture_on_commit_callbacks):
        policy = PolicyFactory(title_en="Old internship scheme")
        assert "Old internship scheme" in titles(client.get(LIST))
        with django_capture_on_commit_callbacks(execute=True):
            assert services.policy_archive(policy=policy, acting_user=None)
        assert "Old internship scheme" not in titles(client.get(LIST))

    def test_edit(self, client, django_capture_on_commit_callbacks):
        policy = PolicyFactory(title_en="Talent flat")
        assert "Talent flat" in titles(client.get(LIST))
        policy.title_en = "Talent apartment"
        with django_capture_on_commit_callbacks(execute=True):
            services.policy_save(policy=policy, acting_user=None)
        body = titles(client.get(LIST))
        assert "Talent apartment" in body and "Talent flat" not in body

    def test_search_results_follow_an_edit(self, client, django_capture_on_commit_callbacks):
        policy = PolicyFactory(title_en="Talent flat")
        assert policy.get_absolute_url() not in titles(client.get(LIST, {"search": "apartment"}))
        policy.title_en = "Talent apartment"
        with django_capture_on_commit_callbacks(execute=True):
            services.policy_save(policy=policy, acting_user=None)
        assert policy.get_absolute_url() in titles(client.get(LIST, {"search": "apartment"}))  # title highlighted

    def test_a_new_scheme_rule_and_category(self, client):
        from subsidies.models import SchemeRule

        policy = PolicyFactory()
        assert "8,888" not in titles(client.get(LIST))
        scheme = paying_scheme(policy, kind="fixed", amount="8888.00")  # a subsidies row: it shows too
        assert "8,888" in titles(client.get(LIST))
        SchemeRule.objects.filter(scheme=scheme).get().delete()
        assert "8,888" not in titles(client.get(LIST))
        policy.categories.add(CategoryFactory(name_en="Brand-new category"))
        assert "Brand-new category" in titles(client.get(LIST))

    def test_issuer_renamed_in_the_admin(self, client, make_user):
        issuer = IssuerFactory(name_en="Futian Bureau")
        PolicyFactory(issuer=issuer)
        assert "Futian Bureau" in titles(client.get(LIST))
        staff = make_user("reviewer", is_staff=True)
        admin = type(client)()
        admin.force_login(staff)
        response = admin.post(
            f"/en/admin/policies/issuer/{issuer.pk}/change/",
            {
                "slug": issuer.slug,
                "kind": issuer.kind,
                "name_zh_hant": issuer.name_zh_hant,
                "name_zh_hans": issuer.name_zh_hans,
                "name_en": "Futian District HR Bureau",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert "Futian District HR Bureau" in titles(client.get(LIST))

    def test_version_lost_by_redis_is_not_a_stale_page(self, client, django_assert_num_queries):
        policy = PolicyFactory(title_en="Before")
        client.get(LIST)
        served_from_cache(client, django_assert_num_queries)
        cache.delete(page_cache.VERSION_KEY)  # evicted
        Policy.objects.filter(pk=policy.pk).update(title_en="After")  # no signal, no bump
        assert "After" in titles(client.get(LIST))  # not the page kept under the lost version
        page_cache.content_changed()  # a later write re-creates the version
        assert "After" in titles(client.get(LIST))

    def test_page_rendered_during_a_write_is_not_served_after_it(self, client):
        """A page stored under the version read before rendering is useless once the version
        moved: the reader who rendered it while a write was committing cannot make it stick."""
        PolicyFactory(title_en="Old")
        request_version = cache.get(page_cache.VERSION_KEY)
        client.get(LIST)  # kept under the current version
        page_cache.content_changed()
        assert cache.get(page_cache.VERSION_KEY) != request_version
        assert client.get(LIST).context is not None  # rendered again


class TestNeverCachedFor:
    def test_signed_in_staff_sees_drafts_not_the_kept_page(self, client, make_user):
        PolicyFactory(title_en="Public guide")
        PolicyFactory(status=Policy.Status.DRAFT, published_at=None, title_en="Secret draft")
        anonymous = client.get(LIST)
        assert "Secret draft" not in titles(anonymous)
        client.force_login(make_user("reviewer"))
        staff = client.get(LIST)
        assert staff.context is not None  # rendered for them
        assert "Secret draft" in titles(staff) and 'data-testid="sign-out"' in titles(staff)
        assert staff["Cache-Control"] == "no-store, private"
        client.logout()
        # and what staff saw was not kept for the public
        assert "Secret draft" not in titles(client.get(LIST))

    def test_signed_in_youth_is_rendered_every_time(self, client, make_user):
        PolicyFactory()
        client.get(LIST)
        client.force_login(make_user("youth"))
        for _ in range(2):
            response = client.get(LIST)
            assert response.context is not None
            assert "public" not in response["Cache-Control"]

    @pytest.mark.parametrize("cookie", ["sessionid", "messages"])
    def test_a_session_or_messages_cookie(self, client, cookie):
        PolicyFactory()
        client.get(LIST)
        client.cookies[cookie] = "something"
        response = client.get(LIST)
        assert response.context is not None
        assert "public" not in response.get("Cache-Control", "")


class TestCappedSearch:
    def test_more_than_the_cap_is_said_so(self, client, monkeypatch):
        monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
        PolicyFactory.create_batch(5, title_en="Start-up grant")
        response = client.get(LIST, {"search": "grant"})
        assert response.context["page_obj"].paginator.count == 4  # stopped at the cap + 1
        assert "More than 3 guides" in titles(response)
        assert len(response.context["hits"]) == 4
        assert "超過 3 份指南" in titles(client.get("/zh-hant/policies/", {"search": "grant"}))

    def test_under_the_cap_the_exact_number(self, client):
        PolicyFactory.create_batch(3, title_en="Start-up grant")
        assert "3 guides" in titles(client.get(LIST, {"search": "grant"}))


class TestTwoStepRanking:
    """The search page's two steps give exactly the order of `policy_list` (rank, newest, slug),
    page by page, across the end of the title matches."""

    @pytest.fixture
    def mixed(self):
        import datetime

        from django.utils import timezone

        now = timezone.now()
        for n in range(7):  # both terms in the title
            PolicyFactory(title_en=f"Youth grant {n}", published_at=now - datetime.timedelta(days=n))
        for n in range(5):  # one term in the title, the other in the body
            PolicyFactory(title_en=f"Grant {n}", body_en="for youth", published_at=now - datetime.timedelta(days=n))
        for n in range(9):  # both terms only in the texts; some published at the same time
            PolicyFactory(
                title_en=f"Scheme {n}",
                summary_en="A grant for youth",
                published_at=now - datetime.timedelta(days=n // 2),
            )
        PolicyFactory(title_en="Youth grant draft", status=Policy.Status.DRAFT, published_at=None)
        PolicyFactory(title_en="Housing only")  # not a match: "grant" missing

    @pytest.mark.parametrize("per_page", [1, 3, 5, 7, 12, 30])
    @pytest.mark.parametrize("user_role", [None, "reviewer"])
    def test_same_order_as_the_ranked_query(self, mixed, make_user, per_page, user_role):
        user = make_user(user_role) if user_role else None
        expected = [policy.slug for policy in selectors.policy_list(user=user, search="youth grant")]
        assert len(expected) == 21 + (1 if user_role else 0)
        results = selectors.policy_search(user=user, search="youth grant")
        assert results.count() == len(expected)
        paginator = Paginator(results, per_page)
        found = [policy.slug for number in paginator.page_range for policy in paginator.page(number).object_list]
        assert found == expected


@pytest.mark.django_db(transaction=True)
def test_publish_committed_for_real_shows_on_the_next_request(client):
    """With real commits (no test transaction around): the version after commit is what counts."""
    draft = PolicyFactory(status=Policy.Status.DRAFT, published_at=None, title_en="Committed guide")
    assert "Committed guide" not in titles(client.get(LIST))
    before = cache.get(page_cache.VERSION_KEY)
    assert services.policy_publish(policy=draft, acting_user=None)
    assert cache.get(page_cache.VERSION_KEY) >= before + 2  # during the transaction and after commit
    assert "Committed guide" in titles(client.get(LIST))


def test_redis_down_the_page_is_rendered_and_writes_still_succeed(client, redis_down):
    draft = PolicyFactory(status=Policy.Status.DRAFT, published_at=None, title_en="Published while Redis is down")
    response = client.get(LIST)
    assert response.status_code == 200 and response.context is not None
    assert "public" not in response.get("Cache-Control", "")  # not kept, so not marked shareable
    assert services.policy_publish(policy=draft, acting_user=None)
    assert "Published while Redis is down" in titles(client.get(LIST))
