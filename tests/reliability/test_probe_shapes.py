"""The request shapes the probe of issue 15 (item 15) found giving a 500, each answered now with a
4xx (or ignored, for an undeclared query parameter) and nothing written. Deep JSON is in
tests/portal/test_request_limits.py; the bad-input suite (tests/security/test_bad_input.py) now also sends
undeclared parameters, deep nesting and Unicode digits to every route."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from accounts.roles import REVIEWER
from mentorship.models import MentorRelationship, PublicWelfareActivity
from portal.models import AuditEntry
from subsidies.models import ClaimState, ExportJob
from tests.mentorship.factories import MenteeFactory, MentorFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def reviewer(make_user):
    return make_user(REVIEWER)


@pytest.fixture
def kit(db, make_user, django_capture_on_commit_callbacks):
    from subsidies.demo import ensure_schemes
    from tests.subsidies.factories import ClaimKit

    return ClaimKit(schemes=ensure_schemes(), make_user=make_user, capture=django_capture_on_commit_callbacks)


def test_a_unicode_digit_relationship_on_the_services_api_is_no_500(reviewer):
    RelationshipFactory()
    api = APIClient()
    api.force_authenticate(reviewer)
    for value in ("²", "١", "abc", "9" * 40):
        response = api.get("/api/v1/mentorship/services/", {"relationship": value})
        assert response.status_code in (200, 400), (value, response.status_code)


def test_a_unicode_digit_claim_on_bulk_review_is_no_500(client, kit):
    claim = kit.submitted()
    client.force_login(kit.reviewer)
    response = client.post(
        en("subsidies:review_bulk"), {"claims": ["²", str(claim.pk)], "action": "return", "reason": "?"}
    )
    assert response.status_code in (302, 400)
    claim.refresh_from_db()
    assert claim.state in (ClaimState.SUBMITTED, ClaimState.RETURNED)


def test_a_mentor_that_is_not_a_number_on_the_staff_activity_page_is_no_500(client, reviewer):
    activity = PublicWelfareActivity.objects.create(title="Beach clean-up", date=dt.date(2024, 2, 1))
    client.force_login(reviewer)
    for value in ("abc", "²", "9" * 40):
        response = client.post(en("mentorship:staff_activity", activity.pk), {"mentor": value})
        assert response.status_code in (302, 400), (value, response.status_code)


def test_a_nul_in_an_export_filter_is_refused_and_no_export_is_made(client, reviewer):
    client.force_login(reviewer)
    for filters in ({"scheme": "futian\x00internship"}, {"state": "paid\x00"}, {"scheme": "no-such-scheme"}):
        response = client.post(en("subsidies:export_start"), {"format": "csv", **filters})
        assert response.status_code in (302, 400), filters
    assert not ExportJob.objects.exists()


def test_a_unicode_digit_actor_on_the_audit_page_is_no_500(client, make_user):
    client.force_login(make_user(None, is_staff=True, is_superuser=True))
    AuditEntry.objects.create(action="role.granted", object_type="accounts.user", object_id="1")
    for value in ("²", "١٢", "\x00", "9" * 40):
        response = client.get(en("audit_log"), {"actor": value})
        assert response.status_code in (200, 400), (value, response.status_code)


def test_an_absurd_amount_on_the_approve_page_is_refused(client, kit):
    claim = kit.recommended()
    client.force_login(kit.approver)
    for amount in ("1E+30", "1e999999", "NaN", "-0", "²"):
        response = client.post(en("subsidies:claim_action", claim.pk, "approve"), {"amount": amount, "reason": "x"})
        assert response.status_code == 400, (amount, response.status_code)
    claim.refresh_from_db()
    assert claim.state == ClaimState.RECOMMENDED


def test_a_relationship_starting_on_the_last_day_of_9999_is_refused(make_user):
    staff = make_user(REVIEWER)
    api = APIClient()
    api.force_authenticate(staff)
    mentor, mentee = MentorFactory(), MenteeFactory()
    for day in ("9999-12-31", "9999-01-01"):
        response = api.post(
            "/api/v1/mentorship/relationships/",
            {"mentor": mentor.pk, "mentee": mentee.pk, "start_date": day},
            format="json",
        )
        assert response.status_code == 400, (day, response.status_code)
        assert "start_date" in response.json()
    assert not MentorRelationship.objects.exists()


def test_the_relationship_form_refuses_the_last_day_of_9999_too(make_user):
    staff = make_user(REVIEWER)
    client = Client()
    client.force_login(staff)
    mentor, mentee = MentorFactory(), MenteeFactory()
    with translation.override("en"):
        url = reverse("mentorship:staff_match")
    response = client.post(url, {"mentor": mentor.pk, "mentee": mentee.pk, "start_date": "9999-12-31"})
    assert response.status_code == 400
    assert not MentorRelationship.objects.exists()


def test_the_last_day_of_the_calendar_as_the_audit_pages_end_date_is_no_500(client, make_user):
    """Found by the extended bad-input suite: the day after 9999-12-31 overflowed."""
    client.force_login(make_user(None, is_staff=True, is_superuser=True))
    AuditEntry.objects.create(action="role.granted", object_type="accounts.user", object_id="1")
    response = client.get(en("audit_log"), {"date_to": "9999-12-31"})
    assert response.status_code == 200 and "role" in response.content.decode().lower()
