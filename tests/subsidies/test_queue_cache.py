"""The staff review queue served from Redis (subsidies/cache.py): a hit costs the user and its
roles and no queue query; every kind of write that shows on the queue shows on the very next
request; nothing personal is kept; messages and Redis being down are handled."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from subsidies import cache as queue_cache
from subsidies import services
from subsidies.models import Claim

pytestmark = pytest.mark.django_db

QUEUE = "/en/subsidies/review/"


def signed_in(client, user):
    client.force_login(user)
    return client


# The user and its roles, when the users version moved since they were last read (a user saved,
# signed in, or given a role: accounts/backends.py); else both come from Redis.
USER_QUERIES = 2


def hit(client, django_assert_num_queries, path=QUEUE, *, user_read=False):
    """A request that must be served from the cache: no query at all (the session, the user with
    its roles, and the claims version with the page, each one Redis round trip)."""
    with django_assert_num_queries(USER_QUERIES if user_read else 0):
        response = client.get(path)
    assert response.status_code == 200
    assert response.context is None  # no template rendered
    return response.content.decode()


def miss(client, django_assert_num_queries, path=QUEUE, *, user_read=False):
    """A request that must render the queue: the same 5 queries at any size (+ the user's 2)."""
    # 1 schemes (filter choices), 2 count, 3 page of claims with scheme, applicant and batch item,
    # 4 exclusive schemes, 5 the same people's/companies' other claims
    with django_assert_num_queries(5 + (USER_QUERIES if user_read else 0)):
        response = client.get(path)
    assert response.status_code == 200
    assert response.context is not None
    return response.content.decode()


def row(body: str, claim) -> str:
    start = body.index(f"#{claim.pk}<")
    return body[start : body.index("</tr>", start)]


def without_tokens(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


class TestHits:
    def test_second_request_is_served_from_the_cache(self, client, kit, django_assert_num_queries):
        claim = kit.submitted()
        signed_in(client, kit.reviewer)
        first = miss(client, django_assert_num_queries, user_read=True)  # signing in moved the users version
        second = hit(client, django_assert_num_queries)
        assert f"#{claim.pk}<" in second
        assert without_tokens(second) == without_tokens(first)

    def test_query_count_on_a_miss_is_the_same_for_few_and_many(self, client, kit, django_assert_num_queries):
        kit.submitted()
        signed_in(client, kit.reviewer)
        miss(client, django_assert_num_queries, user_read=True)
        for _ in range(5):
            kit.submitted("luohu-living", company_name="Same Co")
        miss(client, django_assert_num_queries, user_read=True)  # new applicants moved the users version
        hit(client, django_assert_num_queries)

    def test_each_reviewer_sees_their_own_name_and_a_working_token(
        self, client, kit, make_user, django_assert_num_queries
    ):
        kit.submitted()
        first_reviewer = kit.reviewer
        first_reviewer.full_name = "Reviewer <Chan>"
        first_reviewer.save()
        other = make_user("reviewer", full_name="Reviewer Wong")
        signed_in(client, first_reviewer)
        mine = client.get(QUEUE).content.decode()
        assert "Reviewer &lt;Chan&gt;" in mine
        signed_in(client, other)
        theirs = hit(client, django_assert_num_queries, user_read=True)  # the page kept by the first
        assert "Reviewer Wong" in theirs and "Chan" not in theirs
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', theirs)
        assert len(tokens) == 3 and len(set(tokens)) == 1  # sign out, bulk action, export
        assert queue_cache.CSRF_PLACEHOLDER not in theirs and queue_cache.USER_PLACEHOLDER not in theirs

    def test_the_kept_page_holds_no_name_and_no_token(self, client, kit):
        kit.submitted()
        kit.reviewer.full_name = "Reviewer Chan"
        kit.reviewer.save()
        signed_in(client, kit.reviewer)
        client.get(QUEUE)
        client.get(QUEUE)
        with translation.override("en"):
            _version, page = queue_cache.QUEUE.read(queue_cache.page_key(_request_for(client, kit.reviewer)))
        assert page is not None
        page = page.decode()
        assert "Reviewer Chan" not in page
        assert queue_cache.USER_PLACEHOLDER in page and queue_cache.CSRF_PLACEHOLDER in page
        assert not re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{20,}"', page)

    def test_the_bulk_form_posts_with_the_served_token(self, kit, django_capture_on_commit_callbacks):
        from django.test import Client

        claim = kit.in_review()
        client = Client(enforce_csrf_checks=True)
        signed_in(client, kit.reviewer)
        client.get(QUEUE)
        body = client.get(QUEUE).content.decode()  # from the cache
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("subsidies:review_bulk"),
                {"csrfmiddlewaretoken": token, "action": "return", "reason": "Add the contract.", "claims": [claim.pk]},
            )
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.state == "returned"

    def test_no_store_stays_on_the_response(self, client, kit):
        kit.submitted()
        signed_in(client, kit.reviewer)
        for _ in range(2):
            assert "no-store" in client.get(QUEUE)["Cache-Control"]

    def test_filters_page_and_language_are_part_of_the_key(self, client, kit):
        small = kit.submitted(requested_amount=Decimal("1000"))
        big = kit.submitted("luohu-living", requested_amount=Decimal("60000"))
        signed_in(client, kit.reviewer)
        client.get(QUEUE)
        body = client.get(QUEUE + "?scheme=luohu-living").content.decode()
        assert f"#{big.pk}<" in body and f"#{small.pk}<" not in body
        assert 'lang="en"' in client.get(QUEUE).content.decode()
        assert 'lang="zh-hant"' in client.get("/zh-hant/subsidies/review/").content.decode().split(">", 2)[1]

    def test_staff_only_even_when_kept(self, client, kit, make_user):
        kit.submitted()
        signed_in(client, kit.reviewer)
        client.get(QUEUE)
        signed_in(client, make_user("youth"))
        assert client.get(QUEUE).status_code == 403
        client.logout()
        assert client.get(QUEUE).status_code == 302


def _request_for(client, user):
    from django.test import RequestFactory

    request = RequestFactory().get(QUEUE)
    request.user = user
    return request


class TestFreshAfterEveryWrite:
    """Each kind of write shows on the very next request."""

    def kept(self, client, django_assert_num_queries, path=QUEUE):
        client.get(path)  # rendered (or already kept), the user read
        return hit(client, django_assert_num_queries, path)

    def test_state_change(self, client, kit, django_assert_num_queries):
        claim = kit.submitted()
        signed_in(client, kit.reviewer)
        assert "Submitted" in row(self.kept(client, django_assert_num_queries), claim)
        services.claim_start_review(claim_id=claim.pk, actor=kit.reviewer)
        assert "In review" in row(miss(client, django_assert_num_queries), claim)

    def test_claim_leaving_the_queue(self, client, kit, django_assert_num_queries):
        claim, _other = kit.in_review(), kit.in_review()
        signed_in(client, kit.reviewer)
        assert f"#{claim.pk}<" in self.kept(client, django_assert_num_queries)
        services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="Add the contract.")
        assert f"#{claim.pk}<" not in miss(client, django_assert_num_queries)

    def test_amount_edit(self, client, kit, django_assert_num_queries):
        claim = kit.in_review(requested_amount=Decimal("3000"))
        services.claim_return(claim_id=claim.pk, actor=kit.reviewer, note="Check the amount.")
        signed_in(client, kit.reviewer)
        path = QUEUE + "?state=returned"
        assert "3,000" in row(self.kept(client, django_assert_num_queries, path), claim)
        data = services.ClaimInput(
            requested_amount=Decimal("2500"),
            education_level="master",
            start_date=claim.start_date,
            end_date=claim.end_date,
        )
        services.claim_update(claim_id=claim.pk, actor=claim.applicant, data=data)
        assert "2,500" in row(miss(client, django_assert_num_queries, path), claim)

    def test_new_submitted_claim(self, client, kit, django_assert_num_queries):
        kit.submitted()
        signed_in(client, kit.reviewer)
        self.kept(client, django_assert_num_queries)
        new = kit.submitted()  # and its new applicant
        assert f"#{new.pk}<" in miss(client, django_assert_num_queries, user_read=True)

    def test_payment(self, client, kit, django_assert_num_queries, django_capture_on_commit_callbacks):
        claim, _other = kit.approved(), kit.approved()
        signed_in(client, kit.reviewer)
        path = QUEUE + "?state=approved"
        assert f"#{claim.pk}<" in self.kept(client, django_assert_num_queries, path)
        batch = services.payment_batch_create(actor=kit.approver, claim_ids=[claim.pk])
        self.kept(client, django_assert_num_queries, path)
        with django_capture_on_commit_callbacks(execute=True):
            services.payment_batch_mark_paid(batch_id=batch.pk, actor=kit.approver)
        assert f"#{claim.pk}<" not in miss(client, django_assert_num_queries, path)
        assert f"#{claim.pk}<" in client.get(QUEUE + "?state=paid").content.decode()

    def test_applicant_rename(self, client, kit, django_assert_num_queries):
        claim = kit.submitted()
        signed_in(client, kit.reviewer)
        self.kept(client, django_assert_num_queries)
        signed_in(client, claim.applicant)
        assert (
            client.post(reverse("profile"), {"full_name": "Lee Siu Ming", "preferred_language": "en"}).status_code
            == 302
        )
        signed_in(client, kit.reviewer)
        assert "Lee Siu Ming" in row(miss(client, django_assert_num_queries, user_read=True), claim)

    def test_signing_in_does_not_move_the_version(self, client, kit, make_user, django_assert_num_queries):
        from django.contrib.auth.models import update_last_login

        kit.submitted()
        someone = make_user("youth")
        signed_in(client, kit.reviewer)
        self.kept(client, django_assert_num_queries)
        update_last_login(None, someone)  # what signing in saves: last_login only
        hit(client, django_assert_num_queries, user_read=True)  # the users version moves, not the claims'

    def test_drafts_and_new_users_leave_the_kept_page_alone(self, client, kit, django_assert_num_queries):
        kit.submitted()
        signed_in(client, kit.reviewer)
        self.kept(client, django_assert_num_queries)
        draft = kit.draft()  # a new applicant and a draft: neither shows in the queue
        body = hit(client, django_assert_num_queries, user_read=True)  # the users version moved
        assert f"#{draft.pk}<" not in body
        services.claim_submit(claim_id=kit.with_documents(draft).pk, actor=draft.applicant)
        assert f"#{draft.pk}<" in miss(client, django_assert_num_queries)

    def test_scheme_rename(self, client, kit, schemes, django_assert_num_queries):
        claim = kit.submitted()
        signed_in(client, kit.reviewer)
        self.kept(client, django_assert_num_queries)
        scheme = schemes["futian-internship"]
        scheme.name_en = "Futian graduate internship subsidy"
        scheme.save()
        body = miss(client, django_assert_num_queries)
        assert "Futian graduate internship subsidy" in row(body, claim)

    def test_schemes_made_exclusive(self, client, kit, schemes, django_assert_num_queries):
        applicant = kit.make_user("youth")
        identity = kit.next_hkid()
        first = kit.submitted("futian-internship", applicant=applicant, identity_number=identity)
        kit.submitted("luohu-living", applicant=applicant, identity_number=identity)
        schemes["futian-internship"].exclusive_with.clear()
        signed_in(client, kit.reviewer)
        assert "Double claim?" not in row(self.kept(client, django_assert_num_queries), first)
        schemes["futian-internship"].exclusive_with.add(schemes["luohu-living"])
        assert "Double claim?" in row(miss(client, django_assert_num_queries), first)

    def test_admin_edit(self, client, kit, make_user, django_assert_num_queries):
        claim = kit.submitted()
        admin = make_user(None, is_staff=True, is_superuser=True)
        signed_in(client, kit.reviewer)
        self.kept(client, django_assert_num_queries)
        signed_in(client, admin)
        applicant = claim.applicant
        change = f"/en/admin/accounts/user/{applicant.pk}/change/"
        now = timezone.localtime()
        response = client.post(
            change,
            {
                "email": applicant.email,
                "full_name": "Renamed In Admin",
                "preferred_language": "en",
                "is_active": "on",
                "groups": [g.pk for g in applicant.groups.all()],
                "date_joined_0": now.strftime("%Y-%m-%d"),
                "date_joined_1": now.strftime("%H:%M:%S"),
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
        signed_in(client, kit.reviewer)
        assert "Renamed In Admin" in row(miss(client, django_assert_num_queries, user_read=True), claim)

    def test_anonymising_a_closed_claim(self, client, kit, django_assert_num_queries):
        from subsidies import retention

        claim = kit.in_review()
        services.claim_reject(claim_id=claim.pk, actor=kit.reviewer, reason="Outside the conditions.")
        signed_in(client, kit.reviewer)
        path = QUEUE + "?state=rejected"
        assert claim.masked_identity in row(self.kept(client, django_assert_num_queries, path), claim)
        assert retention.claim_anonymise(claim_id=claim.pk, now=timezone.now())
        assert claim.masked_identity not in row(miss(client, django_assert_num_queries, path), claim)

    def test_queryset_update_without_a_signal_needs_a_bump(self, client, kit, django_assert_num_queries):
        """Why code that updates claims with update() must call queue_changed()."""
        claim = kit.submitted(requested_amount=Decimal("3000"))
        signed_in(client, kit.reviewer)
        self.kept(client, django_assert_num_queries)
        Claim.objects.filter(pk=claim.pk).update(requested_amount=Decimal("2000"))
        assert "3,000" in row(hit(client, django_assert_num_queries), claim)
        queue_cache.queue_changed()
        assert "2,000" in row(miss(client, django_assert_num_queries), claim)


class TestRenderedFresh:
    def test_a_request_with_messages_is_rendered_for_itself(
        self, client, kit, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        a, b = kit.in_review(), kit.in_review()
        signed_in(client, kit.reviewer)
        client.get(QUEUE)
        hit(client, django_assert_num_queries)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("subsidies:review_bulk"),
                {"action": "return", "reason": "Add the contract.", "claims": [a.pk]},
                follow=True,
            )
        body = response.content.decode()
        assert response.context is not None  # rendered, not served from the cache
        assert "1 claims updated." in body or "1 claim" in body
        assert "govuk-notification-banner" in body
        assert f"#{a.pk}<" not in body and f"#{b.pk}<" in body
        again = client.get(QUEUE).content.decode()  # shown once
        assert "govuk-notification-banner" not in again

    def test_redis_down_renders_without_cache_and_writes_succeed(
        self, client, kit, redis_down, django_assert_num_queries
    ):
        claim = kit.submitted()
        signed_in(client, kit.reviewer)
        first = client.get(QUEUE)
        assert first.status_code == 200 and first.context is not None
        services.claim_start_review(claim_id=claim.pk, actor=kit.reviewer)
        second = client.get(QUEUE)
        assert second.context is not None and "In review" in row(second.content.decode(), claim)


def test_the_date_is_part_of_the_key(client, kit, monkeypatch):
    kit.submitted()
    signed_in(client, kit.reviewer)
    request = _request_for(client, kit.reviewer)
    today = queue_cache.page_key(request)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    monkeypatch.setattr(queue_cache.timezone, "localdate", lambda *a: tomorrow)
    assert queue_cache.page_key(request) != today
