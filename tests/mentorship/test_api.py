"""/api/v1/mentorship/: the contract (paths, field names), refusals as 400, roles, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from mentorship import services
from mentorship.models import Mentor, MentorRelationship, Service

from .factories import MenteeFactory, MentorFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/mentorship"
START = dt.date(2024, 1, 1)


def client_for(user=None, lang="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def staff():
    return UserFactory(role="reviewer")


def test_public_mentor_list_with_free_places(django_assert_num_queries):
    mentor = MentorFactory()
    MentorFactory(status="applied")
    today = dt.date.today()
    for _ in range(2):
        RelationshipFactory(mentor=mentor, start_date=today)
    client = client_for()
    # 1 count for the paginator, 1 page of mentors with the active count annotated
    with django_assert_num_queries(2):
        body = client.get(f"{API}/mentors/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == mentor.pk and row["free_places"] == 3
    assert set(row) >= {
        "id",
        "user",
        "status",
        "display_name",
        "industries",
        "employer",
        "district",
        "bio",
        "free_places",
    }
    for _ in range(15):
        MentorFactory()
    with django_assert_num_queries(2):
        assert client.get(f"{API}/mentors/").json()["count"] == 16


def test_staff_see_applications_and_create_an_approved_mentor(staff):
    MentorFactory(status="applied")
    client = client_for(staff)
    assert client.get(f"{API}/mentors/?status=applied").json()["count"] == 1
    user = UserFactory()
    response = client.post(
        f"{API}/mentors/", {"user": user.pk, "status": "approved", "district": "Luohu"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "approved" and response.json()["free_places"] == 5
    assert Mentor.objects.get(user=user).status == "approved"
    user.__dict__.pop("_portal_role_names", None)
    from accounts.roles import has_role

    assert has_role(user, "mentor")


def test_youth_applies_for_themselves_only():
    youth, other = UserFactory(role="youth"), UserFactory(role="youth")
    client = client_for(youth)
    assert client.post(f"{API}/mentors/", {"user": youth.pk}, format="json").status_code == 201
    assert client.post(f"{API}/mentors/", {"user": other.pk}, format="json").status_code == 403
    assert client.post(f"{API}/mentors/", {"user": other.pk, "status": "approved"}, format="json").status_code == 403
    # applied, not approved: visible to the applicant, not to the public
    mentor = Mentor.objects.get(user=youth)
    assert client.get(f"{API}/mentors/{mentor.pk}/").status_code == 200
    assert client_for().get(f"{API}/mentors/{mentor.pk}/").status_code == 404
    assert client_for().post(f"{API}/mentors/", {"user": youth.pk}, format="json").status_code in (401, 403)


def test_mentee_registration():
    youth = UserFactory(role="youth")
    client = client_for(youth)
    response = client.post(
        f"{API}/mentees/", {"user": youth.pk, "status": "unemployed", "status_since": "2024-01-01"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "unemployed"
    response = client.post(
        f"{API}/mentees/", {"user": youth.pk, "status": "sleeping", "status_since": "2024-01-01"}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()
    other = UserFactory(role="youth")
    assert (
        client.post(
            f"{API}/mentees/", {"user": other.pk, "status": "employed", "status_since": "2024-01-01"}, format="json"
        ).status_code
        == 403
    )


def test_relationship_created_with_end_date_and_sixth_refused(staff):
    mentor = MentorFactory()
    client = client_for(staff)
    ids = []
    for _ in range(5):
        response = client.post(
            f"{API}/relationships/",
            {"mentor": mentor.pk, "mentee": MenteeFactory().pk, "start_date": "2024-03-01"},
            format="json",
        )
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    assert response.json()["end_date"] == "2025-02-28"
    response = client.post(
        f"{API}/relationships/",
        {"mentor": mentor.pk, "mentee": MenteeFactory().pk, "start_date": "2024-06-01"},
        format="json",
    )
    # the five-mentee limit is the portal's CapacityFull (409, reason "full"), on the same field
    assert response.status_code == 409 and response.json()["reason"] == "full"
    assert "at most 5 mentees" in response.json()["start_date"][0]
    zh = client_for(staff, lang="zh-hant").post(
        f"{API}/relationships/?lang=zh-hant",
        {"mentor": mentor.pk, "mentee": MenteeFactory().pk, "start_date": "2024-06-01"},
        format="json",
    )
    assert zh.status_code == 409 and "每名導師最多可同時帶5名學員" in zh.json()["start_date"][0]
    # staff end one early: a place is free from the next day
    response = client.post(
        f"{API}/relationships/{ids[0]}/end/", {"ended_on": "2024-05-31", "reason": "moved to Hong Kong"}, format="json"
    )
    assert response.status_code == 200 and response.json()["ended_on"] == "2024-05-31"
    response = client.post(
        f"{API}/relationships/",
        {"mentor": mentor.pk, "mentee": MenteeFactory().pk, "start_date": "2024-06-01"},
        format="json",
    )
    assert response.status_code == 201


def test_relationship_list_query_count(staff, django_assert_num_queries):
    for _ in range(3):
        RelationshipFactory()
    client = client_for(staff)
    # roles of the user, count, one page joined with mentor, mentee and user
    with django_assert_num_queries(3):
        assert client.get(f"{API}/relationships/").json()["count"] == 3
    for _ in range(10):
        RelationshipFactory()
    staff.__dict__.pop("_portal_role_names", None)
    with django_assert_num_queries(3):
        assert client.get(f"{API}/relationships/").json()["count"] == 13


def test_mentors_see_only_their_own(staff):
    mine = RelationshipFactory()
    theirs = RelationshipFactory()
    client = client_for(mine.mentor.user)
    assert [r["id"] for r in client.get(f"{API}/relationships/").json()["results"]] == [mine.pk]
    assert client.get(f"{API}/relationships/{theirs.pk}/").status_code == 404
    assert client.get(f"{API}/relationships/{theirs.pk}/entitlement/").status_code == 404
    assert client.get(f"{API}/mentors/{theirs.mentor.pk}/entitlement/").status_code == 403
    assert client.get(f"{API}/mentors/{mine.mentor.pk}/entitlement/").status_code == 200
    assert (
        client.post(
            f"{API}/relationships/{mine.pk}/end/", {"ended_on": "2024-02-01", "reason": "x"}, format="json"
        ).status_code
        == 403
    )
    # the mentee sees their relationship but not the money
    mentee_client = client_for(mine.mentee.user)
    assert mentee_client.get(f"{API}/relationships/{mine.pk}/").status_code == 200
    assert mentee_client.get(f"{API}/relationships/{mine.pk}/entitlement/").status_code == 403
    # staff see all
    assert client_for(staff).get(f"{API}/relationships/").json()["count"] == 2
    assert client_for(staff).get(f"{API}/mentors/{theirs.mentor.pk}/entitlement/").status_code == 200
    # anonymous: nothing private
    assert client_for().get(f"{API}/relationships/").status_code in (401, 403)


def post_service(relationship, user=None, **data):
    data.setdefault("kind", "career_guidance")
    data.setdefault("date", "2024-02-01")
    return client_for(user or relationship.mentor.user).post(
        f"{API}/services/", {"relationship": relationship.pk, **data}, format="json"
    )


def test_sessions_and_entitlement_decimal_strings():
    relationship = RelationshipFactory()
    for day in range(1, 7):
        response = post_service(relationship, date=f"2024-02-0{day}", topic="Working in Shenzhen")
        assert response.status_code == 201, response.content
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    client = client_for(relationship.mentor.user)
    body = client.get(f"{API}/relationships/{relationship.pk}/entitlement/").json()
    assert body == {
        "career_guidance": "1000.00",
        "internship_guidance": "0.00",
        "job_referral": "0.00",
        "total": "1000.00",
        "being_recomputed": False,
    }
    body = client.get(f"{API}/mentors/{relationship.mentor.pk}/entitlement/").json()
    assert body["total"] == "1000.00" and body["public_welfare"] == "0.00"
    assert body["claimed"] == "0.00" and body["claimable"] == "1000.00"
    assert body["relationships"][0]["relationship_id"] == relationship.pk


def test_service_refusals_are_400_with_a_message():
    relationship = RelationshipFactory()  # employed mentee
    response = post_service(relationship, date="2023-12-31")
    assert response.status_code == 400 and "outside the relationship" in response.json()["date"][0]
    response = post_service(relationship, kind="internship_guidance", days=3)
    assert response.status_code == 400 and "unemployed mentee" in response.json()["kind"][0]
    other = MentorFactory()
    response = post_service(relationship, user=other.user)
    assert response.status_code == 400 and "not yours" in response.json()["relationship"][0]
    response = post_service(relationship, kind="bogus")
    assert response.status_code == 400 and "kind" in response.json()
    response = post_service(relationship, date="not a date")
    assert response.status_code == 400


def test_internship_days_and_job_referral_via_api():
    mentee = MenteeFactory(status="unemployed", status_since=dt.date(2023, 6, 1))
    relationship = RelationshipFactory(mentee=mentee)
    assert post_service(relationship, kind="internship_guidance", days=21).status_code == 201
    response = post_service(
        relationship,
        kind="job_referral",
        date="2024-03-01",
        employer="深圳市罗湖区某科技有限公司",
        position="Engineer",
        hired_on="2024-03-10",
        insured_months=5,
    )
    assert response.status_code == 201, response.content
    referral_id = response.json()["id"]
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    client = client_for(relationship.mentor.user)
    body = client.get(f"{API}/relationships/{relationship.pk}/entitlement/").json()
    assert body == {
        "career_guidance": "0.00",
        "internship_guidance": "2000.00",
        "job_referral": "1000.00",
        "total": "3000.00",
        "being_recomputed": False,
    }
    assert client.patch(f"{API}/services/{referral_id}/", {"insured_months": 6}, format="json").status_code == 200
    # until the recomputation enqueued on commit has run, the stored amounts are said to be stale
    body = client.get(f"{API}/relationships/{relationship.pk}/entitlement/").json()
    assert body["job_referral"] == "1000.00" and body["being_recomputed"] is True
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    assert client.get(f"{API}/relationships/{relationship.pk}/entitlement/").json()["job_referral"] == "5000.00"
    response = post_service(
        relationship, kind="job_referral", date="2024-03-01", employer="", hired_on="2024-03-10", insured_months=1
    )
    assert response.status_code == 400  # and after hiring the mentee is employed anyway


def test_service_list_query_count(django_assert_num_queries):
    relationship = RelationshipFactory()
    for day in range(1, 4):
        post_service(relationship, date=f"2024-02-0{day}")
    client = client_for(relationship.mentor.user)
    # roles of the user, count, one page of services
    with django_assert_num_queries(3):
        assert client.get(f"{API}/services/").json()["count"] == 3
    for day in range(4, 10):
        post_service(relationship, date=f"2024-02-0{day}")
    relationship.mentor.user.__dict__.pop("_portal_role_names", None)
    with django_assert_num_queries(3):
        assert client.get(f"{API}/services/").json()["count"] == 9


def test_activity_attendance(staff):
    mentor, uninvited = MentorFactory(), MentorFactory()
    activity = services.activity_create(acting_user=staff, date=START, title="港澳青年就业公益讲座", invite=[mentor])
    url = f"{API}/activities/{activity.pk}/attendance/"
    assert client_for(uninvited.user).post(url, {"mentor": mentor.pk}, format="json").status_code == 403
    assert client_for(staff).post(url, {"mentor": uninvited.pk}, format="json").status_code == 400
    assert client_for(staff).post(url, {"mentor": mentor.pk}, format="json").status_code == 201
    assert client_for(staff).post(url, {"mentor": mentor.pk}, format="json").status_code == 400
    assert client_for(mentor.user).get(f"{API}/activities/").json()["count"] == 1
    assert client_for(uninvited.user).get(f"{API}/activities/").json()["count"] == 0
    # reading never recomputes: nothing is stored until the task enqueued on commit runs
    body = client_for(mentor.user).get(f"{API}/mentors/{mentor.pk}/entitlement/").json()
    assert body["total"] == "0.00" and body["being_recomputed"] is True
    services.entitlement_recompute(mentor_id=mentor.pk)
    body = client_for(mentor.user).get(f"{API}/mentors/{mentor.pk}/entitlement/").json()
    assert body["public_welfare"] == "1000.00" and body["total"] == "1000.00"
    assert body["being_recomputed"] is False


def test_only_staff_match_others(staff):
    mentor = MentorFactory()
    youth = UserFactory(role="youth")
    mentee = MenteeFactory()
    response = client_for(youth).post(
        f"{API}/relationships/", {"mentor": mentor.pk, "mentee": mentee.pk, "start_date": "2024-01-01"}, format="json"
    )
    assert response.status_code == 403
    assert not MentorRelationship.objects.exists()


def test_job_referral_with_evidence_upload_and_download(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mentee = MenteeFactory(status="unemployed", status_since=dt.date(2023, 6, 1))
    relationship = RelationshipFactory(mentee=mentee)
    data = {
        "relationship": relationship.pk,
        "kind": "job_referral",
        "date": "2024-03-01",
        "employer": "Luohu Ltd",
        "hired_on": "2024-03-10",
        "insured_months": 1,
    }
    api = client_for(relationship.mentor.user)
    bad = SimpleUploadedFile("record.pdf", b"not really a pdf", content_type="application/pdf")
    response = api.post(f"{API}/services/", {**data, "evidence": bad}, format="multipart")
    assert response.status_code == 400 and "evidence" in response.json()
    good = SimpleUploadedFile(
        "record.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
        content_type="application/pdf",
    )
    response = api.post(f"{API}/services/", {**data, "evidence": good}, format="multipart")
    assert response.status_code == 201, response.content
    service = Service.objects.get(pk=response.json()["id"])
    client.force_login(relationship.mentor.user)
    download = client.get(f"/en/mentors/services/{service.pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(MentorFactory().user)
    assert client.get(f"/en/mentors/services/{service.pk}/evidence/").status_code == 404


def test_mentee_and_activity_lists_query_counts(staff, django_assert_num_queries):
    mentor = MentorFactory()
    for _ in range(2):
        MenteeFactory()
    services.activity_create(acting_user=staff, date=START, title="Talk 1", invite=[mentor])

    def get(user, path):
        user.__dict__.pop("_portal_role_names", None)  # as on a fresh request
        # the user's roles, count, one page
        with django_assert_num_queries(3):
            return client_for(user).get(f"{API}/{path}/").json()["count"]

    assert get(staff, "mentees") == 2
    assert get(staff, "activities") == 1
    for i in range(6):
        MenteeFactory()
        services.activity_create(acting_user=staff, date=START, title=f"Talk {i + 2}", invite=[mentor])
    assert get(staff, "mentees") == 8
    assert get(staff, "activities") == 7
    assert get(mentor.user, "activities") == 7  # the activities the mentor was invited to


def test_registering_again_records_a_status_change_and_keeps_the_request():
    youth = UserFactory(role="youth")
    mentor = MentorFactory()
    client = client_for(youth)
    body = {
        "user": youth.pk,
        "status": "unemployed",
        "status_since": "2024-01-01",
        "wants_mentor": True,
        "requested_mentor": mentor.pk,
    }
    assert client.post(f"{API}/mentees/", body, format="json").status_code == 201
    response = client.post(
        f"{API}/mentees/", {"user": youth.pk, "status": "employed", "status_since": "2024-04-01"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["wants_mentor"] is True and response.json()["requested_mentor"] == mentor.pk
    from mentorship.models import Mentee

    mentee = Mentee.objects.get(user=youth)
    assert list(mentee.status_changes.order_by("since").values_list("status", flat=True)) == ["unemployed", "employed"]
    assert (mentee.status, str(mentee.status_since)) == ("employed", "2024-04-01")


def test_backdated_and_second_mentor_relationships_refused(staff):
    """Issue 15 #2 through the API: 2001 is before the launch (400 on start_date); another
    mentor's current mentee is refused (409 on mentee) unless staff decide otherwise."""
    mentor = MentorFactory()
    client = client_for(mentor.user)
    response = client.post(
        f"{API}/relationships/",
        {"mentor": mentor.pk, "mentee": MenteeFactory().pk, "start_date": "2001-02-01"},
        format="json",
    )
    assert response.status_code == 400 and "2023-06-14" in response.json()["start_date"][0]
    response = client.post(
        f"{API}/relationships/",
        {"mentor": mentor.pk, "mentee": MenteeFactory().pk, "start_date": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400 and "start_date" in response.json()
    current = RelationshipFactory(start_date=START)
    body = {"mentor": mentor.pk, "mentee": current.mentee_id, "start_date": "2024-02-01"}
    response = client.post(f"{API}/relationships/", body, format="json")
    assert response.status_code == 409 and "already has a mentor" in response.json()["mentee"][0]
    response = client.post(f"{API}/relationships/", {**body, "second_mentor": True}, format="json")
    assert response.status_code == 403
    response = client_for(staff).post(f"{API}/relationships/", {**body, "second_mentor": True}, format="json")
    assert response.status_code == 201
    assert MentorRelationship.objects.filter(mentee_id=current.mentee_id).count() == 2
