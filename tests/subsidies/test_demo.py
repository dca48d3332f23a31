from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from subsidies.models import Claim, ClaimState, Scheme, SchemeBudget


@pytest.mark.django_db
def test_demo_loads_twice_without_changes():
    call_command("load_demo", verbosity=0)
    counts = {m._meta.label: m.objects.count() for m in apps.get_app_config("subsidies").get_models()}
    call_command("load_demo", verbosity=0)
    assert counts == {m._meta.label: m.objects.count() for m in apps.get_app_config("subsidies").get_models()}
    assert set(Scheme.objects.values_list("code", flat=True)) == {
        "futian-internship",
        "luohu-living",
        "futian-landing",
        "futian-landing-competition",
        "huaqiang-hardware-startup",
        "municipal-base-award",
        "gba-mentor",
    }
    assert set(Claim.objects.values_list("state", flat=True)) == {
        ClaimState.DRAFT,
        ClaimState.APPROVED,
        ClaimState.RETURNED,
        ClaimState.SUBMITTED,
        ClaimState.RECOMMENDED,
    }
    approved = Claim.objects.get(state=ClaimState.APPROVED)
    assert approved.approved_amount == Decimal("7500.00")
    assert SchemeBudget.objects.get(scheme=approved.scheme).committed == Decimal("7500.00")
    assert Scheme.objects.get(code="luohu-living").policy.slug == "luohu-hkmo-professionals-living-subsidy"
    # every paying measure's guide links its schemes; the three landing supports share one guide
    assert set(Scheme.objects.filter(policy__isnull=True).values_list("code", flat=True)) == set()
    assert set(Scheme.objects.filter(policy__slug="futian-landing-support").values_list("code", flat=True)) == {
        "futian-landing",
        "futian-landing-competition",
        "huaqiang-hardware-startup",
    }


@pytest.mark.django_db
def test_the_schemes_load_in_a_fixed_handful_of_queries(django_assert_max_num_queries):
    """Every subsidies test starts from ensure_schemes (tests/subsidies/conftest.py): it creates
    what is missing in bulk, so its cost does not grow with the schemes, documents and rules."""
    from subsidies.demo import DOCUMENTS, SCHEMES, ensure_schemes
    from subsidies.models import RequiredDocument, SchemeRule

    with django_assert_max_num_queries(12):
        schemes = ensure_schemes()
    assert set(schemes) == set(SCHEMES)
    assert RequiredDocument.objects.count() == sum(len(spec[4]) for spec in SCHEMES.values())
    assert SchemeRule.objects.count() == len(SCHEMES)
    assert {d.code for d in RequiredDocument.objects.all()} <= set(DOCUMENTS)
    assert list(schemes["luohu-living"].exclusive_with.all()) == [schemes["futian-internship"]]
    with django_assert_max_num_queries(12):
        assert set(ensure_schemes()) == set(SCHEMES)
    assert RequiredDocument.objects.count() == sum(len(spec[4]) for spec in SCHEMES.values())
