"""The demo: the demo mentor approved with mentees and real figures; loading twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.demo import demo_user
from mentorship import selectors


@pytest.mark.django_db
def test_demo_mentor_has_mentees_and_an_entitlement_and_loading_twice_changes_nothing():
    call_command("load_demo", verbosity=0)
    counts = {model.__name__: model.objects.count() for model in apps.get_app_config("mentorship").get_models()}
    call_command("load_demo", verbosity=0)
    assert counts == {model.__name__: model.objects.count() for model in apps.get_app_config("mentorship").get_models()}
    mentor = selectors.mentor_for_user(demo_user("mentor"))
    assert mentor.status == "approved" and mentor.display_name_en == "Lee Chi Ming"
    summary = selectors.mentor_entitlement_summary(mentor_user_id=mentor.user_id)
    # 4 sessions (800) + 12 internship days (1,200) + referral insured 2 months (1,000) + 1 activity (1,000)
    assert summary["career_guidance"] == Decimal("800")
    assert summary["internship_guidance"] == Decimal("1200")
    assert summary["job_referral"] == Decimal("1000")
    assert summary["public_welfare"] == Decimal("1000")
    assert summary["total"] == Decimal("4000")
    assert len(summary["relationships"]) == 4
    assert selectors.approved_mentors_with_free_places().count() >= 4
    assert selectors.approved_mentors_with_free_places().get(pk=mentor.pk).free_places == 1
