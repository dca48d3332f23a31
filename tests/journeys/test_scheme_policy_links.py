"""Policy guides and subsidy schemes lead to each other, in both directions."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schemes_link_to_their_policy_guides_and_back(client):
    call_command("load_demo", verbosity=0)
    schemes = client.get("/en/subsidies/").content.decode()
    assert 'href="/en/policies/futian-internship-subsidy/"' in schemes
    assert 'href="/en/policies/luohu-hkmo-professionals-living-subsidy/"' in schemes
    guide = client.get("/en/policies/futian-internship-subsidy/").content.decode()
    assert 'href="/en/subsidies/apply/futian-internship/"' in guide
    # every scheme's guide exists and is published
    from policies.models import Policy
    from subsidies.models import Scheme

    slugs = set(Scheme.objects.filter(policy__isnull=False).values_list("policy__slug", flat=True))
    assert slugs and slugs <= set(Policy.objects.published().values_list("slug", flat=True))
