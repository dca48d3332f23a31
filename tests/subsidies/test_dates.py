"""Issue 15 #4: every date of a claim lies in the range its measure allows, checked by one rule
function (rules.period_errors) in the claim form, the API (through the services) and the rule;
the eligibility task never crashes on a date, year 9999 included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from subsidies import rules, services
from subsidies.forms import ClaimForm
from subsidies.models import Claim

BASE = "/api/v1/subsidies"
WINDOW = rules.DateWindow(earliest=date(2021, 1, 1), latest=date(2027, 12, 31))
PHD = rules.RuleParams(kind=rules.MONTHLY_BY_EDUCATION, rates={"phd": "4500"})


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(1, 1, 1), date(9999, 12, 31), 119_988),
        (date(9999, 12, 1), date(9999, 12, 31), 1),
        (date(9999, 12, 2), date(9999, 12, 31), 0),
        (date(9999, 1, 31), date(9999, 12, 31), 11),
        (date(2026, 1, 1), date(2026, 6, 30), 6),
    ],
)
def test_whole_months_is_defined_for_every_date(start, end, months):
    assert rules.whole_months(start, end) == months


def test_the_rule_refuses_dates_outside_the_window():
    facts = rules.ClaimFacts(education_level="phd", start_date=date(1, 1, 1), end_date=date(9998, 12, 31))
    with pytest.raises(rules.RuleError) as refused:
        rules.eligible_amount(PHD, facts, window=WINDOW)
    assert set(refused.value.errors) == {"start_date", "end_date"}
    facts = rules.ClaimFacts(education_level="phd", start_date=date(2027, 1, 1), end_date=date(2099, 12, 31))
    with pytest.raises(rules.RuleError) as refused:
        rules.eligible_amount(PHD, facts, window=WINDOW)
    assert set(refused.value.errors) == {"end_date"}
    inside = rules.ClaimFacts(education_level="phd", start_date=date(2026, 1, 1), end_date=date(2026, 6, 30))
    assert rules.eligible_amount(PHD, inside, window=WINDOW).amount == 27000


def test_period_errors_bounds_and_order():
    assert rules.period_errors(date(2021, 1, 1), date(2027, 12, 31), WINDOW) == {}
    assert set(rules.period_errors(date(2020, 12, 31), None, WINDOW)) == {"start_date"}
    assert set(rules.period_errors(None, date(2028, 1, 1), WINDOW)) == {"end_date"}
    assert set(rules.period_errors(date(2026, 2, 1), date(2026, 1, 1), WINDOW)) == {"end_date"}
    far = rules.date_window(earliest=date(2021, 1, 1), ahead_days=366, day=date(9999, 12, 30))
    assert far.latest == date.max  # no overflow near the calendar's end


def _client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "fields"),
    [
        ("0001-01-01", "9998-12-31", {"start_date", "end_date"}),
        ("2027-01-01", "2099-12-31", {"end_date"}),
        ("2026-01-01", "9999-12-31", {"end_date"}),
    ],
)
def test_the_api_refuses_absurd_dates(schemes, make_user, start, end, fields):
    response = _client(make_user("youth")).post(
        f"{BASE}/claims/",
        {"scheme": "futian-internship", "education_level": "phd", "start_date": start, "end_date": end},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert fields <= set(response.json())
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_the_window_ends_a_short_time_after_the_claims_day(schemes, make_user):
    scheme = schemes["futian-internship"]
    latest = timezone.localdate() + timedelta(days=scheme.period_ahead_days)
    api = _client(make_user("youth"))
    body = {"scheme": scheme.code, "education_level": "phd", "start_date": "2026-01-01"}
    assert api.post(f"{BASE}/claims/", {**body, "end_date": latest.isoformat()}, format="json").status_code == 201
    later = (latest + timedelta(days=1)).isoformat()
    assert api.post(f"{BASE}/claims/", {**body, "end_date": later}, format="json").status_code == 400


@pytest.mark.django_db
def test_a_patch_to_an_absurd_date_is_refused(kit, django_capture_on_commit_callbacks):
    claim = kit.draft()
    response = _client(claim.applicant).patch(f"{BASE}/claims/{claim.pk}/", {"end_date": "9999-12-31"}, format="json")
    assert response.status_code == 400 and "end_date" in response.json()


@pytest.mark.django_db
def test_the_form_refuses_absurd_dates(schemes):
    form = ClaimForm(
        {"education_level": "phd", "start_date": "0001-01-01", "end_date": "9998-12-31"},
        scheme=schemes["futian-internship"],
        rule_kind=rules.MONTHLY_BY_EDUCATION,
        needs_identity=False,
    )
    assert not form.is_valid()
    assert {"start_date", "end_date"} <= set(form.errors)
    assert "2021-01-01" in form.errors["start_date"][0]


@pytest.mark.django_db
def test_the_task_survives_year_9999_and_the_claim_cannot_be_recommended(kit, django_capture_on_commit_callbacks):
    claim = kit.submitted()
    # a claim stored before the check: its dates written behind the services' back
    Claim.objects.filter(pk=claim.pk).update(start_date=date(9999, 1, 1), end_date=date(9999, 12, 31))
    done = services.claim_compute_eligibility(claim_id=claim.pk)
    assert done is not None and done.eligible_amount is None
    assert done.calculation["kind"] == "missing" and "end_date" in done.calculation["fields"]
    with pytest.raises(services.WrongState):
        services.claim_recommend(claim_id=claim.pk, actor=kit.reviewer)
