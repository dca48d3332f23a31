"""The checker's estimate is a claim's eligible amount: for every demo scheme and any answers,
what the eligibility checker says a person could receive equals the eligible amount of a claim
made with the same facts through the real services (claim_create, then
claim_compute_eligibility), on the test PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies import rules as policy_rules
from policies import selectors as policy_selectors
from policies.models import Education
from subsidies import selectors, services

pytestmark = pytest.mark.django_db

answers = st.builds(
    policy_rules.Applicant,
    origin=st.sampled_from(["hk", "macau"]),
    age=st.integers(min_value=18, max_value=45),
    education=st.sampled_from(Education.values),
    situation=st.sampled_from(["studying", "employed", "unemployed", "startup"]),
    months=st.integers(min_value=1, max_value=24),
    financing=st.one_of(
        st.none(),
        st.decimals(min_value=Decimal("0"), max_value=Decimal("20000000"), places=2),
        st.sampled_from([Decimal("10000000"), Decimal("9999999.99"), Decimal("10000000.10")]),  # the ceiling's edge
    ),
)


@pytest.fixture
def demo_schemes(db):
    from subsidies.demo import ensure_schemes

    return ensure_schemes()


def _claim_with(applicant, scheme, facts, django_capture_on_commit_callbacks):
    data = services.ClaimInput(
        education_level=facts.education_level or "",
        start_date=facts.start_date,
        end_date=facts.end_date,
        financing_amount=facts.financing_amount,
    )
    with django_capture_on_commit_callbacks(execute=True):  # the eligibility task runs on commit
        claim = services.claim_create(applicant=applicant, scheme=scheme, data=data)
    services.claim_compute_eligibility(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


@pytest.mark.heavy
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=answers)
def test_the_estimate_is_the_eligible_amount_of_the_same_claim(
    demo_schemes, make_user, django_capture_on_commit_callbacks, person
):
    today = timezone.localdate()
    for code, scheme in demo_schemes.items():
        applicant = make_user(scheme.applicant_role)
        facts = policy_rules.claim_facts(person, today)
        if scheme.applicant_role == "youth":
            estimate = policy_selectors.estimate_for_scheme(scheme, person, today)  # what the checker shows
            expected = estimate.amount if estimate else None
        else:  # mentors' and bases' money: the same function, with the mentor's entitlement
            summary = selectors.mentor_entitlement(applicant.pk) if code == "gba-mentor" else None
            found = selectors.scheme_estimate(scheme, facts, today, mentor_summary=summary)
            expected = found.amount if found else None
        claim = _claim_with(applicant, scheme, facts, django_capture_on_commit_callbacks)
        assert claim.eligible_amount == expected, (code, person, claim.calculation)
