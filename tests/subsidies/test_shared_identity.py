"""One identity number on several accounts is flagged to staff where they see the claim (issue
15, item 9): a person with two accounts would otherwise split the per-person caps. The flag says
how many accounts, never the number itself; applicants never see it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from subsidies import selectors

pytestmark = pytest.mark.django_db

SHARED = "A1234563"  # A123456(3)


def url(name, *args):
    with translation.override("en"):
        return reverse(f"subsidies:{name}", args=args)


def test_a_claim_whose_identity_number_is_on_two_accounts_is_flagged(client, kit):
    first = kit.submitted(identity_number=SHARED)
    second = kit.submitted(identity_number=SHARED)
    alone = kit.submitted()
    flags = selectors.shared_identity_flags([first, second, alone])
    assert [str(f) for f in flags[first.pk]] == ["The identity number of this claim is on 2 accounts."]
    assert flags[second.pk] == flags[first.pk] and alone.pk not in flags

    client.force_login(kit.reviewer)
    page = client.get(url("claim", first.pk)).content.decode()
    assert "is on 2 accounts" in page and "A123456" not in page
    queue = client.get(url("review_queue")).content.decode()
    assert queue.count("is on 2 accounts") == 2 * 2 and "A123456" not in queue  # per row: a title and hidden text

    client.force_login(first.applicant)
    assert "accounts" not in client.get(url("claim", first.pk)).content.decode().split("govuk-main-wrapper")[1]


@pytest.mark.parametrize(("lang", "words"), [("zh-hant", "2 個帳戶"), ("zh-hans", "2 个账户")])
def test_the_flag_speaks_the_staffs_language(kit, lang, words):
    claim = kit.submitted(identity_number=SHARED)
    kit.submitted(identity_number=SHARED)
    with translation.override(lang):
        assert words in str(selectors.shared_identity_flags([claim])[claim.pk][0])


def test_the_flags_take_one_query_for_a_page_of_claims(kit, django_assert_num_queries):
    claims = [kit.submitted(identity_number=SHARED) for _ in range(3)] + [kit.submitted() for _ in range(3)]
    with django_assert_num_queries(1):
        flags = selectors.shared_identity_flags(claims)
    assert set(flags) == {c.pk for c in claims[:3]}
