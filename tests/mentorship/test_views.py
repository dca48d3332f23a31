"""Pages: the public list (query count pinned), forms, each role's pages and the staff pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mentorship import services
from mentorship.models import Mentee, Mentor, MentorRelationship, PublicWelfareActivity, RateSchedule, Service

from .factories import MenteeFactory, MentorFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role="reviewer")


def test_default_rates_loaded_by_the_data_migration():
    rates = RateSchedule.objects.get()
    assert (rates.career_guidance_rate, rates.career_guidance_cap) == (200, 1000)
    assert (rates.internship_guidance_rate, rates.internship_guidance_cap) == (100, 2000)
    assert (rates.referral_first_amount, rates.referral_first_months) == (1000, 1)
    assert (rates.referral_further_amount, rates.referral_further_months) == (4000, 6)
    assert rates.public_welfare_rate == 1000


def test_public_mentor_list_shows_free_places_with_a_fixed_query_count(client, django_assert_num_queries):
    mentor = MentorFactory(display_name_zh_hant="李志明", display_name_en="Lee Chi Ming")
    MentorFactory(status="applied", display_name_en="Pending Person")
    for _ in range(5):
        RelationshipFactory(mentor=mentor, start_date=dt.date.today())
    # session-less anonymous request: 1 count for the paginator, 1 page of mentors (active count annotated)
    with django_assert_num_queries(2):
        response = client.get("/en/mentors/")
    html = response.content.decode()
    assert "Lee Chi Ming" in html and "Full" in html
    assert "Pending Person" not in html
    assert "李志明" in client.get("/zh-hant/mentors/").content.decode()
    for _ in range(25):
        MentorFactory()
    with django_assert_num_queries(2):
        response = client.get("/en/mentors/")
    assert response.status_code == 200
    assert "govuk-pagination" in response.content.decode()  # 26 mentors: two pages


def test_mentor_detail_public_only_when_approved(client):
    approved, applied = MentorFactory(), MentorFactory(status="applied")
    assert client.get(f"/en/mentors/{approved.pk}/").status_code == 200
    assert client.get(f"/en/mentors/{applied.pk}/").status_code == 404


def test_apply_to_be_a_mentor(client):
    user = UserFactory(role="youth")
    client.force_login(user)
    response = client.post(
        "/en/mentors/apply/",
        {"display_name": "Wong", "industries": "Logistics", "employer": "順豐", "district": "Luohu"},
    )
    assert response.status_code == 302
    mentor = Mentor.objects.get(user=user)
    assert mentor.status == "applied" and mentor.employer == "順豐"
    assert "Applied" in client.get("/en/mentors/apply/").content.decode()


def test_youth_asks_for_a_mentor(client):
    youth = UserFactory(role="youth")
    mentor = MentorFactory()
    client.force_login(youth)
    assert client.get(f"/en/mentors/ask/?mentor={mentor.pk}").status_code == 200
    response = client.post(
        "/en/mentors/ask/",
        {
            "status": "unemployed",
            "status_since": "2024-01-01",
            "requested_mentor": mentor.pk,
            "interests": "finance jobs in Shenzhen",
        },
    )
    assert response.status_code == 302, response.content.decode()
    mentee = Mentee.objects.get(user=youth)
    assert mentee.wants_mentor and mentee.requested_mentor == mentor
    response = client.post("/en/mentors/ask/", {"status": "employed", "status_since": "2999-01-01"})
    assert "cannot be in the future" in response.content.decode()


def test_mentor_logs_a_session_and_sees_the_entitlement(client):
    relationship = RelationshipFactory()
    client.force_login(relationship.mentor.user)
    page = client.get("/en/mentors/my-mentees/").content.decode()
    assert str(relationship.mentee.user) in page
    url = f"/en/mentors/relationships/{relationship.pk}/"
    response = client.post(url, {"kind": "career_guidance", "date": "2024-02-01", "topic": "Contracts in Shenzhen"})
    assert response.status_code == 302
    assert Service.objects.filter(relationship=relationship).count() == 1
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    page = client.get(url).content.decode()
    assert "Contracts in Shenzhen" in page and "200" in page
    response = client.post(url, {"kind": "internship_guidance", "date": "2024-02-01", "days": 2})
    assert "unemployed mentee" in response.content.decode()


def test_mentor_cannot_open_someone_elses_mentee(client):
    relationship = RelationshipFactory()
    client.force_login(MentorFactory().user)
    assert client.get(f"/en/mentors/relationships/{relationship.pk}/").status_code == 404
    assert (
        client.post(
            f"/en/mentors/relationships/{relationship.pk}/", {"kind": "career_guidance", "date": "2024-02-01"}
        ).status_code
        == 404
    )


def test_mentee_page_and_status_change(client):
    relationship = RelationshipFactory()
    client.force_login(relationship.mentee.user)
    assert relationship.mentor.display_name in client.get("/en/mentors/my-mentor/").content.decode()
    response = client.post("/en/mentors/my-mentor/", {"status": "unemployed", "since": "2024-05-01"})
    assert response.status_code == 302
    assert Mentee.objects.get(pk=relationship.mentee_id).status == "unemployed"


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("youth", 403), ("mentor", 403), ("base_operator", 403), ("reviewer", 200), ("approver", 200)],
)
def test_staff_pages_by_role(client, role, status):
    if role:
        client.force_login(UserFactory(role=role))
    for url in ["/en/mentors/staff/", "/en/mentors/staff/match/", "/en/mentors/staff/activities/new/"]:
        assert client.get(url).status_code == status


def test_staff_approve_match_end_and_activities(client, staff):
    applicant = MentorFactory(status="applied")
    mentee = MenteeFactory()
    client.force_login(staff)
    assert applicant.display_name in client.get("/en/mentors/staff/").content.decode()
    client.post(f"/en/mentors/staff/mentors/{applicant.pk}/review/", {"decision": "approve", "note": "ok"})
    assert Mentor.objects.get(pk=applicant.pk).status == "approved"
    response = client.post(
        "/en/mentors/staff/match/", {"mentor": applicant.pk, "mentee": mentee.pk, "start_date": "2024-01-01"}
    )
    assert response.status_code == 302
    relationship = MentorRelationship.objects.get(mentor=applicant)
    response = client.post(
        f"/en/mentors/staff/relationships/{relationship.pk}/end/",
        {"ended_on": "2024-06-30", "reason": "Moved back to Hong Kong"},
    )
    assert response.status_code == 302
    assert MentorRelationship.objects.get(pk=relationship.pk).ended_on == dt.date(2024, 6, 30)
    response = client.post(
        "/en/mentors/staff/activities/new/",
        {"title": "港澳青年就业沙龙", "date": "2024-03-01", "invite": [applicant.pk]},
    )
    activity = PublicWelfareActivity.objects.get()
    assert response.status_code == 302
    client.post(f"/en/mentors/staff/activities/{activity.pk}/", {"mentor": applicant.pk})
    assert activity.invitations.get().attended


def test_sixth_mentee_refused_on_the_match_form(client, staff):
    mentor = MentorFactory()
    for _ in range(5):
        RelationshipFactory(mentor=mentor, start_date=dt.date(2024, 1, 1))
    client.force_login(staff)
    response = client.post(
        "/en/mentors/staff/match/", {"mentor": mentor.pk, "mentee": MenteeFactory().pk, "start_date": "2024-02-01"}
    )
    assert response.status_code == 409  # CapacityFull, shown on the form (portal.errors.form_refusal)
    assert "at most 5 mentees" in response.content.decode()


def test_dashboard_panels_per_role(client, staff):
    relationship = RelationshipFactory(start_date=dt.date.today())
    client.force_login(relationship.mentor.user)
    assert "My mentees" in client.get("/en/dashboard/").content.decode()
    client.force_login(relationship.mentee.user)
    assert relationship.mentor.display_name in client.get("/en/dashboard/").content.decode()
    client.force_login(staff)
    assert "mentor applications to review" in client.get("/en/dashboard/").content.decode()


def test_pages_in_traditional_and_simplified_chinese(client):
    relationship = RelationshipFactory()
    client.force_login(relationship.mentor.user)
    assert "你可獲的補貼" in client.get("/zh-hant/mentors/my-mentees/").content.decode()
    response = client.post(
        f"/zh-hans/mentors/relationships/{relationship.pk}/",
        {"kind": "internship_guidance", "date": "2024-02-01", "days": 2},
    )
    assert "实习指导适用于未就业的学员" in response.content.decode()


def test_my_mentees_page_query_count_does_not_grow(client, django_assert_num_queries, staff):
    mentor = MentorFactory()
    RelationshipFactory(mentor=mentor)
    services.entitlement_recompute(mentor_id=mentor.pk)
    client.force_login(mentor.user)
    # user (the session comes from the cache), mentor profile, stored entitlement (with what was
    # claimed, and the latest service and attendance), per-relationship entitlements (joined with
    # mentee and user), the user's roles (base template), relationships (joined with mentee, user
    # and entitlement, service count annotated), invitations (joined with activity)
    with django_assert_num_queries(7):
        assert client.get("/en/mentors/my-mentees/").status_code == 200
    for _ in range(4):
        RelationshipFactory(mentor=mentor)
    services.activity_create(acting_user=staff, date=dt.date(2024, 1, 1), title="Sharing session", invite=[mentor])
    services.entitlement_recompute(mentor_id=mentor.pk)
    with django_assert_num_queries(7):
        assert client.get("/en/mentors/my-mentees/").status_code == 200


def test_staff_page_query_count_does_not_grow(client, django_assert_num_queries, staff):
    client.force_login(staff)
    RelationshipFactory(start_date=dt.date.today())
    MentorFactory(status="applied")
    # user (session: from the cache), roles, applications, waiting mentees, relationships count + page, activities
    with django_assert_num_queries(7):
        assert client.get("/en/mentors/staff/").status_code == 200
    for _ in range(5):
        RelationshipFactory(start_date=dt.date.today())
        MentorFactory(status="applied")
    services.activity_create(acting_user=staff, date=dt.date(2024, 1, 1), title="Sharing session")
    with django_assert_num_queries(7):
        assert client.get("/en/mentors/staff/").status_code == 200


def test_relationship_page_query_count_does_not_grow(client, django_assert_num_queries):
    relationship = RelationshipFactory()
    services.service_log(
        relationship_id=relationship.pk,
        kind="career_guidance",
        date=dt.date(2024, 1, 2),
        acting_user=relationship.mentor.user,
    )
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    client.force_login(relationship.mentor.user)
    url = f"/en/mentors/relationships/{relationship.pk}/"
    # user (session: from the cache), relationship (joined with mentor, mentee and user), the
    # user's roles (who they are to the relationship; kept for the base template), timeline
    # events, status history, stored relationship entitlement (with its services' latest
    # change), services
    with django_assert_num_queries(7):
        client.get(url)
    for day in range(3, 9):
        services.service_log(
            relationship_id=relationship.pk,
            kind="career_guidance",
            date=dt.date(2024, 1, day),
            acting_user=relationship.mentor.user,
        )
    with django_assert_num_queries(7):  # the same seven with more services
        assert "Career guidance session" in client.get(url).content.decode()


def test_mentor_edits_their_public_profile(client):
    mentor = MentorFactory()
    client.force_login(mentor.user)
    response = client.post(
        "/en/mentors/profile/",
        {"display_name": "Lee C. M.", "industries": "Fintech", "employer": "X", "district": "Luohu"},
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.display_name_en == "Lee C. M." and mentor.industries_en == "Fintech"
    client.force_login(UserFactory(role="youth"))
    assert client.get("/en/mentors/profile/").status_code == 302  # not a mentor: to the application


def test_admin_cannot_bypass_the_services(client):
    from accounts.demo import load as load_accounts

    load_accounts()
    from accounts.demo import demo_user

    client.force_login(demo_user("admin"))
    assert client.get("/en/admin/mentorship/rateschedule/").status_code == 200
    assert client.get("/en/admin/mentorship/mentor/").status_code == 200
    mentor = MentorFactory()
    assert client.get(f"/en/admin/mentorship/mentor/{mentor.pk}/change/").status_code == 200
    assert client.get("/en/admin/mentorship/publicwelfareactivity/add/").status_code == 200
    for model in ("mentorrelationship", "service", "mentor", "mentee"):
        assert client.get(f"/en/admin/mentorship/{model}/add/").status_code == 403


def test_admin_refuses_to_delete_logged_services_events_and_entitlements(client):
    """A logged service is money (deleting it would change an entitlement with no recomputation
    and no audit), an event is the relationship's timeline, an entitlement holds what was claimed:
    the admin deletes none of them, one by one or in bulk."""
    from accounts.demo import demo_user
    from accounts.demo import load as load_accounts
    from mentorship.models import MentorEntitlement, MentorshipEvent

    load_accounts()
    client.force_login(demo_user("admin"))
    relationship = RelationshipFactory()
    service = services.service_log(
        relationship_id=relationship.pk,
        kind="career_guidance",
        date=dt.date(2024, 1, 2),
        acting_user=relationship.mentor.user,
    )
    entitlement = services.entitlement_recompute(mentor_id=relationship.mentor_id)
    event = MentorshipEvent.objects.get(action="service_logged")
    for model, obj in (("service", service), ("mentorshipevent", event), ("mentorentitlement", entitlement)):
        assert client.get(f"/en/admin/mentorship/{model}/{obj.pk}/delete/").status_code == 403, model
        assert client.post(f"/en/admin/mentorship/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
        changelist = client.get(f"/en/admin/mentorship/{model}/")
        assert changelist.status_code == 200 and "delete_selected" not in changelist.content.decode(), model
        client.post(
            f"/en/admin/mentorship/{model}/", {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        )
    assert Service.objects.filter(pk=service.pk).exists()
    assert MentorshipEvent.objects.filter(pk=event.pk).exists()
    assert MentorEntitlement.objects.filter(pk=entitlement.pk).exists()
    # nor are the timeline's events written or changed there
    assert client.get("/en/admin/mentorship/mentorshipevent/add/").status_code == 403
    response = client.post(f"/en/admin/mentorship/mentorshipevent/{event.pk}/change/", {"action": "x"})
    assert response.status_code == 403 and MentorshipEvent.objects.get(pk=event.pk).action == "service_logged"


def test_match_form_refuses_a_backdated_start_and_a_second_mentor(client):
    staff = UserFactory(role="reviewer")
    client.force_login(staff)
    mentor = MentorFactory()
    response = client.post(
        "/en/mentors/staff/match/", {"mentor": mentor.pk, "mentee": MenteeFactory().pk, "start_date": "2001-02-01"}
    )
    assert response.status_code == 400
    assert "before the programme&#x27;s launch" in response.content.decode()
    current = RelationshipFactory(start_date=dt.date(2024, 1, 1))
    body = {"mentor": mentor.pk, "mentee": current.mentee_id, "start_date": "2024-02-01"}
    response = client.post("/en/mentors/staff/match/", body)
    assert response.status_code == 409 and "already has a mentor" in response.content.decode()
    assert client.post("/en/mentors/staff/match/", {**body, "second_mentor": "on"}).status_code == 302
    assert MentorRelationship.objects.filter(mentee_id=current.mentee_id).count() == 2


def test_the_optional_mentor_is_marked_optional_once_and_its_empty_choice_says_choose(client):
    """Issue 14: the label said "希望配對的導師（選填） (選填)" (the label and the form's own marker),
    and the empty choice of the list was "---------"."""
    MentorFactory()
    client.force_login(UserFactory(role="youth"))
    for lang, optional, choose in (
        ("zh-hant", "選填", "請選擇"),
        ("zh-hans", "选填", "请选择"),
        ("en", "optional", "Choose…"),
    ):
        html = client.get(f"/{lang}/mentors/ask/").content.decode()
        label = re.search(r'<label[^>]*for="id_requested_mentor"[^>]*>(.*?)</label>', html, re.S).group(1)
        assert label.count(optional) == 1, label
        assert re.search(rf'<option value=""[^>]*>{choose}</option>', html)
        assert "---------" not in html
