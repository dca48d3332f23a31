"""Issue 15 #11: the double-claim check compares date ranges, not month sets, and its work per
queue page is bounded. Twenty claims of one youth with absurd dates (stored before the dates were
checked) leave the queue at its fixed seven queries, with at most FLAGS_PER_CLAIM flags a claim
and no month-by-month expansion. Timing goals are in bench/double_claims.py."""

from __future__ import annotations

from datetime import date

import pytest

from subsidies import rules, selectors
from subsidies.models import Claim

from .test_queue import row, shown, signed_in

pytestmark = pytest.mark.django_db


def test_twenty_absurd_claims_keep_the_queue_bounded(client, kit, make_user, django_assert_num_queries, monkeypatch):
    youth = make_user("youth")
    first = kit.submitted(applicant=youth)
    claims = [first] + [kit.submitted(applicant=youth, identity_number=first.identity_number) for _ in range(19)]
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(start_date=date(1, 1, 1), end_date=date(9998, 12, 31))

    def no_month_sets(*args):
        raise AssertionError("the check compares date ranges, never month by month")

    monkeypatch.setattr(rules, "months_covered", no_month_sets)
    signed_in(client, kit.reviewer)
    body = shown(client, django_assert_num_queries)  # the same 7 queries as for one claim
    assert body.count('name="claims"') == 20
    assert "Double claim?" in row(body, first)
    page = list(Claim.objects.filter(pk__in=[c.pk for c in claims]).select_related("scheme"))
    flags = selectors.double_claim_flags(page)
    assert all(0 < len(found) <= selectors.FLAGS_PER_CLAIM for found in flags.values())


def test_ranges_not_months(kit, make_user):
    youth = make_user("youth")
    early = kit.submitted(applicant=youth, start_date=date(2026, 1, 1), end_date=date(2026, 1, 15))
    late = kit.submitted(applicant=youth, start_date=date(2026, 1, 16), end_date=date(2026, 1, 31))
    touching = kit.submitted(applicant=youth, start_date=date(2026, 1, 31), end_date=date(2026, 2, 28))
    flags = selectors.double_claim_flags([early, late, touching])
    assert flags[early.pk] == []  # the same month, not the same days
    assert any(f"#{touching.pk}" in flag for flag in flags[late.pk])  # 31 January in both
