"""The two workflow tables of the programme (mentorship.workflow), walked triple by triple: every
(state, action, role) goes through the service, the page and the API, and all three agree with
the table, and the table with the rule written out here.

Outcomes: "ok" (done: the state moved to the row's target), "not_allowed" (this role may never
do it: 403; the API and the pages answer 404 to someone who may not even see the object, which
counts as the same refusal), "wrong_state" (the role may, but not from this state: 409).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from mentorship import services, workflow
from mentorship.models import Mentor, MentorRelationship
from portal.errors import DomainError

from .factories import MenteeFactory, MentorFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/mentorship"
REASON = "Moved back to Hong Kong"


def outcome_of(error: DomainError | None) -> str:
    return "ok" if error is None else error.reason


def expected(allowed: set[tuple[str, str, str]], table: workflow.Workflow, state: str, action: str, role: str) -> str:
    """The rule as written in this test; the table must say the same."""
    if (state, action, role) in allowed:
        outcome = "ok"
    elif any(role in row.roles for row in table.rows(action)):
        outcome = "wrong_state"
    else:
        outcome = "not_allowed"
    found = table.find(action, state, {role})
    assert (found is not None) == (outcome == "ok"), (state, action, role)
    return outcome


def api_outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 404:
        return "not_allowed"
    assert response.status_code in (403, 409), response.content
    return response.json()["reason"]


# --- the mentor application ---------------------------------------------------------------------

APPLICATION_ALLOWED = {
    ("applied", "approve", "staff"),
    ("rejected", "approve", "staff"),  # a second look
    ("applied", "reject", "staff"),
}
APPLICATION_ROLES = ["staff", "applicant", "other"]


@pytest.fixture
def people():
    return {"staff": UserFactory(role="reviewer"), "other": UserFactory(role="youth")}


def application_in(state: str, staff) -> Mentor:
    user = UserFactory(role="youth")
    mentor = services.mentor_apply(user=user, acting_user=user, display_name=f"Applicant {user.pk}")
    if state == "approved":
        services.mentor_approve(mentor=mentor, acting_user=staff)
    elif state == "rejected":
        services.mentor_reject(mentor=mentor, acting_user=staff, note="Not enough mainland experience.")
    mentor.refresh_from_db()
    assert mentor.status == state
    return mentor


def acting(role: str, people, mentor: Mentor):
    return mentor.user if role == "applicant" else people[role]


@pytest.mark.parametrize(
    ("state", "action", "role"),
    [
        (state, action, role)
        for state in ("applied", "approved", "rejected")
        for action in workflow.MENTOR_APPLICATION.actions
        for role in APPLICATION_ROLES
    ],
)
def test_mentor_application_service_page_and_api_agree(state, action, role, people, client):
    want = expected(APPLICATION_ALLOWED, workflow.MENTOR_APPLICATION, state, action, role)
    target = workflow.MENTOR_APPLICATION.rows(action)[0].target

    # the service
    mentor = application_in(state, people["staff"])
    try:
        services.mentor_decide(mentor=mentor, action=action, acting_user=acting(role, people, mentor), note=REASON)
        error = None
    except DomainError as refused:
        error = refused
    mentor.refresh_from_db()
    assert outcome_of(error) == want
    assert mentor.status == (target if want == "ok" else state)

    # the page: the staff page's buttons, then the decision posted
    mentor = application_in(state, people["staff"])
    user = acting(role, people, mentor)
    client.force_login(user)
    listing = client.get("/en/mentors/staff/")
    if role == "staff":
        html = listing.content.decode()
        offered = f'name="decision" value="{action}"' in html and mentor.display_name in html
        # the staff page lists the applications waiting: the table's buttons for "applied"
        assert offered == (state == "applied" and ("applied", action, role) in APPLICATION_ALLOWED)
    else:
        assert listing.status_code == 403
    response = client.post(f"/en/mentors/staff/mentors/{mentor.pk}/review/", {"decision": action, "note": REASON})
    mentor.refresh_from_db()
    if response.status_code == 403:
        page = "not_allowed"
    else:
        assert response.status_code == 302
        shown = client.get(response["Location"]).content.decode()
        page = "ok" if mentor.status != state else ("wrong_state" if "cannot be done while" in shown else "?")
    assert page == want
    assert mentor.status == (target if want == "ok" else state)

    # the API: one route per action of the table
    mentor = application_in(state, people["staff"])
    api = APIClient()
    api.force_authenticate(acting(role, people, mentor))
    response = api.post(f"{API}/mentors/{mentor.pk}/{action}/", {"note": REASON}, format="json")
    mentor.refresh_from_db()
    assert api_outcome(response) == want
    assert mentor.status == (target if want == "ok" else state)
    if want == "ok":
        assert response.json()["status"] == target


def test_a_rejection_needs_its_reason_in_the_service_the_page_and_the_api(people, client):
    staff = people["staff"]
    with pytest.raises(DomainError) as error:
        services.mentor_decide(mentor=application_in("applied", staff), action="reject", acting_user=staff, note="")
    assert error.value.status == 400 and list(error.value.errors) == ["note"]

    mentor = application_in("applied", staff)
    client.force_login(staff)
    response = client.post(f"/en/mentors/staff/mentors/{mentor.pk}/review/", {"decision": "reject", "note": " "})
    assert "Give a reason." in client.get(response["Location"]).content.decode()
    assert Mentor.objects.get(pk=mentor.pk).status == "applied"

    api = APIClient()
    api.force_authenticate(staff)
    response = api.post(f"{API}/mentors/{mentor.pk}/reject/", {"note": ""}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    assert api.post(f"{API}/mentors/{mentor.pk}/bogus/", {}, format="json").status_code == 404  # no such route


# --- the relationship ---------------------------------------------------------------------------

RELATIONSHIP_ALLOWED = {(state, "end", "staff") for state in ("upcoming", "active", "completed")}
RELATIONSHIP_ROLES = ["staff", "mentor", "mentee", "other"]


def relationship_in(state: str, staff) -> MentorRelationship:
    today = timezone.localdate()
    start = {
        "upcoming": today + dt.timedelta(days=10),
        "active": today - dt.timedelta(days=10),
        "completed": today - dt.timedelta(days=400),
        "ended": today - dt.timedelta(days=10),
    }[state]
    relationship = RelationshipFactory(start_date=start)
    if state == "ended":
        services.relationship_end(relationship=relationship, ended_on=start, reason="Found a job", acting_user=staff)
    relationship = MentorRelationship.objects.select_related("mentor", "mentee__user").get(pk=relationship.pk)
    assert workflow.relationship_state(relationship) == state
    return relationship


def relationship_actor(role: str, people, relationship: MentorRelationship):
    return {
        "staff": people["staff"],
        "mentor": relationship.mentor.user,
        "mentee": relationship.mentee.user,
        "other": people["other_mentor"],
    }[role]


@pytest.fixture
def relationship_people(people):
    return {**people, "other_mentor": MentorFactory().user}


@pytest.mark.parametrize(
    ("state", "action", "role"),
    [
        (state, action, role)
        for state in ("upcoming", "active", "completed", "ended")
        for action in workflow.RELATIONSHIP.actions
        for role in RELATIONSHIP_ROLES
    ],
)
def test_relationship_service_page_and_api_agree(state, action, role, relationship_people, client):
    people = relationship_people
    want = expected(RELATIONSHIP_ALLOWED, workflow.RELATIONSHIP, state, action, role)
    body = {"ended_on": None, "reason": REASON}

    # the service
    relationship = relationship_in(state, people["staff"])
    try:
        services.relationship_end(
            relationship=relationship,
            ended_on=relationship.start_date,
            reason=REASON,
            acting_user=relationship_actor(role, people, relationship),
        )
        error = None
    except DomainError as refused:
        error = refused
    assert outcome_of(error) == want
    assert workflow.relationship_state(MentorRelationship.objects.get(pk=relationship.pk)) == (
        "ended" if want == "ok" else state
    )

    # the page: the relationship's own page offers the action as a link, the action's page does it
    relationship = relationship_in(state, people["staff"])
    client.force_login(relationship_actor(role, people, relationship))
    page = client.get(f"/en/mentors/relationships/{relationship.pk}/")
    if role == "other":
        assert page.status_code == 404  # a stranger to the relationship does not see it
    else:
        assert page.status_code == 200
        assert (f'data-action="{action}"' in page.content.decode()) == (want == "ok")
        assert relationship.mentee.user.full_name in page.content.decode()
    response = client.post(
        f"/en/mentors/staff/relationships/{relationship.pk}/{action}/",
        {**body, "ended_on": relationship.start_date.isoformat()},
    )
    if response.status_code == 403:
        outcome = "not_allowed"
    elif response.status_code == 302:
        outcome = "ok"
    else:
        assert response.status_code == 409, response.status_code
        assert "cannot be done while" in response.content.decode()
        outcome = "wrong_state"
    assert outcome == want

    # the API: one route per action of the table
    relationship = relationship_in(state, people["staff"])
    api = APIClient()
    api.force_authenticate(relationship_actor(role, people, relationship))
    response = api.post(
        f"{API}/relationships/{relationship.pk}/{action}/",
        {**body, "ended_on": relationship.start_date.isoformat()},
        format="json",
    )
    assert api_outcome(response) == want
    if want == "ok":
        assert response.json()["ended_on"] == relationship.start_date.isoformat()


def test_the_staff_list_offers_ending_only_where_the_table_allows(relationship_people, client):
    staff = relationship_people["staff"]
    active = relationship_in("active", staff)
    ended = relationship_in("ended", staff)
    # ended with effect from today: still among today's relationships, but nothing more to end
    MentorRelationship.objects.filter(pk=ended.pk).update(ended_on=timezone.localdate())
    client.force_login(staff)
    html = client.get("/en/mentors/staff/").content.decode()
    assert f'href="/en/mentors/staff/relationships/{active.pk}/end/"' in html
    assert f'href="/en/mentors/staff/relationships/{ended.pk}/end/"' not in html


def test_every_action_of_the_tables_has_its_routes():
    from django.urls import reverse

    from mentorship.api.views import RELATIONSHIP_ACTIONS
    from mentorship.views import DECISION_DONE, RELATIONSHIP_ACTION_PAGES

    for action in workflow.MENTOR_APPLICATION.actions:
        assert reverse(f"mentorship-api-mentor-{action}", kwargs={"pk": 1}) == f"{API}/mentors/1/{action}/"
    for action in workflow.RELATIONSHIP.actions:
        assert reverse(f"mentorship-api-relationship-{action}", kwargs={"pk": 1}) == f"{API}/relationships/1/{action}/"
        assert reverse(f"mentorship:staff_{action}", kwargs={"pk": 1}).endswith(f"/staff/relationships/1/{action}/")
    assert set(RELATIONSHIP_ACTIONS) == set(RELATIONSHIP_ACTION_PAGES) == set(workflow.RELATIONSHIP.actions)
    assert set(DECISION_DONE) == set(workflow.MENTOR_APPLICATION.actions)


def test_roles_of_a_person_on_each_object(people):
    staff = people["staff"]
    relationship = relationship_in("active", staff)
    assert workflow.roles_of(staff, relationship) == {"staff"}
    assert workflow.roles_of(relationship.mentor.user, relationship) == {"mentor"}
    assert workflow.roles_of(relationship.mentee.user, relationship) == {"mentee"}
    assert workflow.roles_of(MenteeFactory().user, relationship) == frozenset()
    assert workflow.roles_of(relationship.mentor.user, relationship.mentor) == {"applicant"}
    from django.contrib.auth.models import AnonymousUser

    assert workflow.roles_of(AnonymousUser(), relationship) == frozenset()
