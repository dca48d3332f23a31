"""A report's page: its figures, what the reader may decide, and its timeline (portal.timeline):
each version, each correction filed, accepted or rejected, each flag raised, resolved or cleared."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import BASE_OPERATOR
from incubators import selectors, services
from incubators.models import FlagStatus

from .factories import BaseFactory, save

pytestmark = pytest.mark.django_db
MAY = date(2023, 5, 1)


@pytest.fixture
def operator(make_user):
    return make_user(BASE_OPERATOR, preferred_language="en", full_name="Operator Chan")


@pytest.fixture
def base(operator):
    return BaseFactory(operators=[operator])


def whats(entries) -> list[str]:
    return [str(entry.what) for entry in entries]


def test_the_timeline_tells_the_reports_story(base, operator, make_user):
    reviewer = make_user("reviewer", full_name="Reviewer Wong")
    save(base, operator, period=MAY)
    report = save(base, operator, members=200)  # a jump: flagged
    report = save(base, operator, version=report.version, members=210)  # the open flag is replaced
    flag = report.flags.get(field="members")
    services.flag_resolve(flag_id=flag.pk, status=FlagStatus.QUERIED, note="Check the members", acting_user=reviewer)
    report = save(base, operator, version=report.version, members=210, incubated_total=19, reason="Counted twice")
    services.report_correction_review(report_id=report.pk, accept=False, note="Show the list", acting_user=reviewer)

    entries = selectors.report_timeline(report)
    jump = "Flagged: Count jumped by more than half (team members: 100 → {})"
    assert whats(entries) == [
        "Report filed (version 1)",
        jump.format(200),
        "Figures changed (version 2)",
        "Flag cleared: a later version of the report was checked again",
        jump.format(210),
        "Flagged figure queried with the operators",
        "Figures changed (version 3)",
        "Correction filed",
        jump.format(210),  # version 3 is checked again: the queried flag stays beside the new one
        "Correction rejected",
    ]
    by_what = {str(entry.what): entry for entry in entries}
    assert by_what["Report filed (version 1)"].who == "Operator Chan"
    assert by_what["Correction filed"].note == "Counted twice"
    assert (by_what["Correction rejected"].who, by_what["Correction rejected"].note) == (
        "Reviewer Wong",
        "Show the list",
    )
    assert by_what["Flagged figure queried with the operators"].note == "Check the members"
    assert [entry.at for entry in entries] == sorted(entry.at for entry in entries)


def test_the_report_page_shows_the_timeline(client, base, operator, make_user, django_assert_num_queries):
    save(base, operator, period=MAY)
    report = save(base, operator, incubated_total=19, members=200, reason="Counted twice")
    reviewer = make_user("reviewer")
    client.force_login(reviewer)
    url = reverse("incubators:report", args=[report.pk])
    # 1 user (the session from the cache), 1 the report with its base, 1 the user's roles (a
    # reviewer: no question whether they operate the base), 1 the report's flags; the timeline:
    # 1 history rows with their users, 1 flags with who resolved them, 1 flags removed since
    with django_assert_num_queries(7):
        response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="timeline"' in content and "Correction filed" in content and "Counted twice" in content
    assert response.context["correction_form"] is not None  # staff may decide
    client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 200 and response.context["correction_form"] is None
    assert "Change the report" in response.content.decode()
    for other in (make_user("youth"), make_user(BASE_OPERATOR)):
        client.force_login(other)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get(reverse("incubators:report", args=[999999])).status_code == 302


def test_a_refused_decision_is_shown_on_the_report_page(client, base, operator, make_user):
    save(base, operator, period=MAY)
    report = save(base, operator, incubated_total=19, reason="Counted twice")
    reviewer = make_user("reviewer")
    services.report_correction_review(report_id=report.pk, accept=True, acting_user=reviewer)
    client.force_login(make_user("approver"))
    prefix = f"correction-{report.pk}"
    response = client.post(reverse("incubators:correction_review", args=[report.pk]), {f"{prefix}-decision": "reject"})
    assert response.status_code == 409
    assert "This cannot be done while it is accepted." in response.content.decode()


def test_the_review_page_links_each_report(client, base, operator, make_user):
    save(base, operator, period=MAY)
    report = save(base, operator, incubated_total=19, reason="Counted twice")
    client.force_login(make_user("reviewer"))
    content = client.get(reverse("incubators:review")).content.decode()
    assert reverse("incubators:report", args=[report.pk]) in content
