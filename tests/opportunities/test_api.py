"""The opportunities API contract (issue 17): paths, fields, filters, statuses, and what each role
may read and do."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from opportunities.models import Application, ApplicationState, Vacancy, VacancyState
from subsidies.models import ApplicantProfile, Claim, ClaimState
from tests.incubators.factories import BaseFactory
from tests.places.factories import futian

from .factories import CohortFactory, PlanFactory, pdf

LIST_FIELDS = {
    "id",
    "title",
    "kind",
    "employer",
    "city",
    "positions",
    "positions_filled",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "contract_jurisdiction",
    "opens_on",
    "closes_on",
    "cohort",
    "state",
}

URL = "/api/v1/opportunities/"


def client(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def body_for(employer, **overrides):
    futian()
    today = timezone.localdate()
    body = {
        "employer": employer.pk,
        "kind": "internship",
        "title": "暑期實習生",
        "title_en": "Summer intern",
        "city": "futian",
        "positions": 3,
        "salary_min": "4000",
        "salary_max": "6000",
        "salary_currency": "RMB",
        "salary_period": "month",
        "contract_jurisdiction": "mainland",
        "social_insurance": "employer_mainland",
        "working_language": "mixed",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=20)).isoformat(),
    }
    body.update(overrides)
    return body


def test_the_public_sees_published_vacancies_with_the_contract_fields(kit):
    published = kit.published()
    kit.draft()
    kit.vacancy_in("submitted")
    body = client().get(f"{URL}vacancies/?lang=en").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert LIST_FIELDS <= set(item)
    assert item["id"] == published.pk
    assert item["employer"] == {"id": kit.employer.pk, "name": kit.employer.name_en}
    assert item["state"] == "published" and item["positions_filled"] == 0
    assert item["city"] == "Shenzhen" and item["contract_jurisdiction"] == "mainland"


def test_filters_kind_city_and_a_cross_script_query(kit):
    from tests.opportunities.factories import huizhou

    huizhou()
    intern = kit.published()
    job = kit.published(kind="job", city="huizhou", texts={"title_zh_hans": "软件工程师", "title_en": "Engineer"})
    api = client()
    ids = lambda query: [v["id"] for v in api.get(f"{URL}vacancies/?{query}").json()["results"]]  # noqa: E731
    assert ids("kind=job") == [job.pk]
    assert ids("city=shenzhen") == [intern.pk]  # a district's vacancy is in its city
    assert ids("city=huizhou") == [job.pk]
    assert ids("q=軟件工程師") == [job.pk]  # Traditional finds Simplified
    assert api.get(f"{URL}vacancies/?kind=volunteer").status_code == 400
    assert api.get(f"{URL}vacancies/?q=%00").status_code == 400


def test_the_list_makes_a_fixed_number_of_queries(kit, django_assert_num_queries):
    for _ in range(3):
        kit.published()
    api = client()
    # the count; the page of vacancies with their employer, region chain, cohort and positions taken
    with django_assert_num_queries(2):
        assert api.get(f"{URL}vacancies/").json()["count"] == 3
    for _ in range(3):
        kit.published()
    with django_assert_num_queries(2):
        assert api.get(f"{URL}vacancies/").json()["count"] == 6


def test_an_employer_posts_a_draft_and_moves_it(kit, staff):
    response = client(kit.employer_user).post(f"{URL}vacancies/", body_for(kit.employer), format="json")
    assert response.status_code == 201, response.json()
    vacancy_id = response.json()["id"]
    assert response.json()["state"] == "draft"
    assert Vacancy.objects.get(pk=vacancy_id).title_zh_hant == "暑期實習生"
    # the public does not see a draft; its employer does
    assert client().get(f"{URL}vacancies/{vacancy_id}/").status_code == 404
    assert client(kit.employer_user).get(f"{URL}vacancies/{vacancy_id}/").status_code == 200
    assert client(kit.employer_user).post(f"{URL}vacancies/{vacancy_id}/submit/").status_code == 200
    assert client(kit.employer_user).post(f"{URL}vacancies/{vacancy_id}/publish/").status_code == 403
    refused = client(staff).post(f"{URL}vacancies/{vacancy_id}/return/", {}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    returned = client(staff).post(f"{URL}vacancies/{vacancy_id}/return/", {"reason": "Salary?"}, format="json")
    assert returned.json()["state"] == "returned" and returned.json()["return_reason"] == "Salary?"
    client(kit.employer_user).post(f"{URL}vacancies/{vacancy_id}/submit/")
    assert client(staff).post(f"{URL}vacancies/{vacancy_id}/publish/").json()["state"] == "published"
    assert client(staff).post(f"{URL}vacancies/{vacancy_id}/publish/").status_code == 409
    assert client(kit.employer_user).post(f"{URL}vacancies/{vacancy_id}/fly/").status_code == 404
    assert client(kit.employer_user).post(f"{URL}vacancies/{vacancy_id}/close/").json()["state"] == "closed"


def test_who_may_post(kit, other_employer_user, youth):
    body = body_for(kit.employer)
    assert client().post(f"{URL}vacancies/", body, format="json").status_code in (401, 403)
    assert client(youth).post(f"{URL}vacancies/", body, format="json").status_code == 403
    assert client(other_employer_user).post(f"{URL}vacancies/", body, format="json").status_code == 403
    bad = client(kit.employer_user).post(f"{URL}vacancies/", body_for(kit.employer, positions=0), format="json")
    assert bad.status_code == 400 and "positions" in bad.json()
    assert not Vacancy.objects.exists()


def test_a_youth_applies_once_with_a_cv(kit, youth):
    vacancy = kit.published()
    api = client(youth)
    response = api.post(f"{URL}applications/", {"vacancy": vacancy.pk, "note": "HKU year 3", "cv": pdf()})
    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "submitted" and response.json()["id"]
    assert api.post(f"{URL}applications/", {"vacancy": vacancy.pk}, format="json").status_code == 409
    closed = kit.vacancy_in("closed")
    assert api.post(f"{URL}applications/", {"vacancy": closed.pk}, format="json").status_code == 409


def test_each_sees_only_their_applications(kit, youth, make_user, other_employer, other_employer_user, staff):
    mine = kit.apply(kit.published(), youth)
    someone_else = kit.apply(kit.published())
    assert [a["id"] for a in client(youth).get(f"{URL}applications/").json()["results"]] == [mine.pk]
    assert client(youth).get(f"{URL}applications/{someone_else.pk}/").status_code == 404
    assert {a["id"] for a in client(kit.employer_user).get(f"{URL}applications/").json()["results"]} == {
        mine.pk,
        someone_else.pk,
    }
    assert client(other_employer_user).get(f"{URL}applications/").json()["count"] == 0
    assert client(other_employer_user).get(f"{URL}applications/{mine.pk}/").status_code == 404
    assert client(other_employer_user).post(f"{URL}applications/{mine.pk}/shortlist/").status_code == 404
    assert client(staff).get(f"{URL}applications/").json()["count"] == 2
    assert client().get(f"{URL}applications/").status_code in (401, 403)


def test_an_employer_never_sees_an_identity_number(kit, youth):
    ApplicantProfile.objects.create(user=youth, identity_type="hkid", identity_number="A1234563")
    application = kit.apply(kit.published(), youth)
    listing = client(kit.employer_user).get(f"{URL}applications/").content.decode()
    detail = client(kit.employer_user).get(f"{URL}applications/{application.pk}/").content.decode()
    for text in (listing, detail):
        assert "A1234563" not in text and "identity" not in text
    assert youth.email in detail  # the employer does see who applied, to contact them


def test_the_application_s_actions(kit, youth, staff):
    vacancy = kit.published(positions=1)
    application = kit.apply(vacancy, youth)
    employer, me = client(kit.employer_user), client(youth)
    path = f"{URL}applications/{application.pk}/"
    assert me.post(f"{path}shortlist/").status_code == 403
    assert employer.post(f"{path}shortlist/").json()["state"] == "shortlisted"
    bad = employer.post(f"{path}interview/", {"at": "not a time"}, format="json")
    assert bad.status_code == 400
    at = (timezone.now() + timedelta(days=2)).isoformat()
    body = employer.post(f"{path}interview/", {"at": at, "place": "Room 1901"}, format="json").json()
    assert body["state"] == "interview" and body["interview_place"] == "Room 1901"
    assert employer.post(f"{path}offer/").json()["state"] == "offered"
    assert employer.post(f"{path}accept/").status_code == 403
    # another applicant offered the same single position
    rival = kit.apply(vacancy)
    employer.post(f"{URL}applications/{rival.pk}/shortlist/")
    employer.post(f"{URL}applications/{rival.pk}/offer/")
    assert me.post(f"{path}accept/").json()["state"] == "accepted"
    taken = client(rival.applicant).post(f"{URL}applications/{rival.pk}/accept/")
    assert taken.status_code == 409 and taken.json()["reason"] == "full"
    assert employer.post(f"{path}place/", {}, format="json").status_code == 400
    placed = employer.post(f"{path}place/", {"start_date": "2026-07-01"}, format="json").json()
    assert placed["state"] == "placed" and placed["start_date"] == "2026-07-01"
    assert me.post(f"{path}withdraw/").status_code == 409  # too late: placed


def test_the_claim_endpoint(kit, youth, django_capture_on_commit_callbacks):
    from subsidies.demo import ensure_schemes

    scheme = ensure_schemes()["futian-internship"]
    cohort = CohortFactory(plan=PlanFactory(subsidy_scheme=scheme))
    vacancy = kit.published(cohort_id=cohort.pk, base_id=BaseFactory().pk, duration_months=3)
    application = kit.application_in("placed", vacancy=vacancy, youth=youth)
    path = f"{URL}applications/{application.pk}/claim/"
    assert client(kit.employer_user).post(path).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client(youth).post(path)
    assert response.status_code == 201
    claim = Claim.objects.get(pk=response.json()["claim"])
    assert claim.state == ClaimState.DRAFT and claim.applicant == youth and claim.scheme == scheme
    assert client(youth).post(path).status_code == 409
    assert client(youth).get(f"{URL}applications/{application.pk}/").json()["claim"] == claim.pk
    Application.objects.filter(pk=application.pk).update(state=ApplicationState.OFFERED)


def test_unknown_ids_are_404(youth):
    assert client(youth).get(f"{URL}applications/999999/").status_code == 404
    assert client().get(f"{URL}vacancies/999999/").status_code == 404
    assert client(youth).post(f"{URL}applications/", {"vacancy": 999999}, format="json").status_code == 404


def test_states_are_the_issue_s(kit):
    assert {s.value for s in VacancyState} >= {"draft", "submitted", "published", "closed", "withdrawn"}
