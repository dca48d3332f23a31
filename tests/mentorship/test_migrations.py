"""The mentorship data migrations, run as functions against today's tables: the launch rates,
what mentors had been approved under gba-mentor claims, the events' free text."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection

from mentorship import selectors, services
from mentorship.models import MentorEntitlement, MentorshipEvent, RateSchedule

from .factories import MentorFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db


class SchemaEditor:
    connection = connection


def migration(name: str):
    return importlib.import_module(f"mentorship.migrations.{name}")


def test_the_launch_rates_are_loaded_once():
    rates = migration("0002_default_rates")
    assert RateSchedule.objects.count() == 1
    rates.load_default_rates(apps, SchemaEditor())
    assert RateSchedule.objects.count() == 1  # a schedule exists: nothing added
    RateSchedule.objects.all().delete()
    rates.load_default_rates(apps, SchemaEditor())
    (row,) = RateSchedule.objects.all()
    assert row.effective_from == dt.date(2023, 6, 14)
    assert (row.referral_first_amount, row.referral_further_amount, row.public_welfare_rate) == (1000, 4000, 1000)


def _claim(scheme, applicant, state, amount):
    from subsidies.models import Claim

    return Claim.objects.create(
        scheme=scheme,
        applicant=applicant,
        state=state,
        requested_amount=amount,
        eligible_amount=amount,
        approved_amount=amount if state in ("approved", "paid") else None,
    )


def test_claimed_filled_from_approved_and_paid_gba_mentor_claims():
    from subsidies.demo import ensure_schemes

    schemes = ensure_schemes()
    gba_mentor, other = schemes["gba-mentor"], schemes["luohu-living"]
    with_row = RelationshipFactory()
    services.service_log(
        relationship_id=with_row.pk,
        kind="career_guidance",
        date=dt.date(2024, 1, 2),
        acting_user=with_row.mentor.user,
    )
    services.entitlement_recompute(mentor_id=with_row.mentor_id)
    without_row = MentorFactory()
    untouched = MentorFactory()
    _claim(gba_mentor, with_row.mentor.user, "approved", Decimal("150"))
    _claim(gba_mentor, with_row.mentor.user, "paid", Decimal("50"))
    _claim(gba_mentor, with_row.mentor.user, "recommended", Decimal("999"))  # not approved: not claimed
    _claim(other, with_row.mentor.user, "approved", Decimal("60000"))  # another scheme
    _claim(gba_mentor, without_row.user, "approved", Decimal("300"))
    _claim(gba_mentor, UserFactory(), "approved", Decimal("500"))  # not a mentor: nothing to store

    migration("0006_entitlement_claimed").fill_claimed(apps, SchemaEditor())

    stored = MentorEntitlement.objects.get(mentor_id=with_row.mentor_id)
    assert (stored.total, stored.claimed) == (Decimal("200"), Decimal("200"))
    assert selectors.mentor_entitlement_summary(mentor_user_id=with_row.mentor.user_id)["claimable"] == 0
    # a mentor with claims but no stored entitlement: the row, "being recomputed" until it is
    created = MentorEntitlement.objects.get(mentor_id=without_row.pk)
    assert created.claimed == Decimal("300")
    assert not MentorEntitlement.objects.filter(mentor_id=untouched.pk).exists()
    services.entitlement_recompute(mentor_id=without_row.pk)
    assert MentorEntitlement.objects.get(mentor_id=without_row.pk).claimed == Decimal("300")


def test_events_lose_their_free_text_and_keep_the_rest():
    relationship = RelationshipFactory()
    old = MentorshipEvent.objects.create(
        action="relationship_ended",
        relationship=relationship,
        detail={"ended_on": "2024-03-31", "reason": "The mentee's family moved to Macau"},
    )
    approved = MentorshipEvent.objects.create(
        action="mentor_approved", mentor=relationship.mentor, detail={"note": "Known to the bureau"}
    )
    clean = MentorshipEvent.objects.create(action="service_logged", relationship=relationship, detail={"service": 1})
    migration("0004_events_without_free_text").drop_free_text(apps, SchemaEditor())
    old.refresh_from_db(), approved.refresh_from_db(), clean.refresh_from_db()
    assert (old.detail, approved.detail, clean.detail) == ({"ended_on": "2024-03-31"}, {}, {"service": 1})


def test_services_logged_before_are_counted_by_the_entitlement_stored_since():
    relationship = RelationshipFactory()
    service = services.service_log(
        relationship_id=relationship.pk,
        kind="career_guidance",
        date=dt.date(2024, 1, 2),
        acting_user=relationship.mentor.user,
    )
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    type(service).objects.filter(pk=service.pk).update(changed_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    assert selectors.relationship_entitlement(relationship)["being_recomputed"] is True
    migration("0005_service_changed_at").services_changed_when_logged(apps, SchemaEditor())
    assert selectors.relationship_entitlement(relationship)["being_recomputed"] is False
