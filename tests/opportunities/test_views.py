"""The pages, role by role: the list with its filters and a pinned query count, the vacancy's
page answering the cross-border questions, applying, "my applications", and the employer's
applicants with theirs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from opportunities import services
from opportunities.models import Application, ApplicationState
from subsidies.models import ApplicantProfile

from .factories import pdf


def signed_in(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_list_shows_published_vacancies_and_filters_by_codes(kit):
    from tests.opportunities.factories import huizhou

    huizhou()
    intern = kit.published()
    job = kit.published(kind="job", city="huizhou", texts={"title_zh_hant": "軟件工程師", "title_en": "Engineer"})
    draft = kit.draft(texts={"title_en": "Secret draft"})
    page = signed_in().get("/en/opportunities/").content.decode()
    assert f'data-testid="vacancy-{intern.pk}"' in page and f'data-testid="vacancy-{job.pk}"' in page
    assert f'data-testid="vacancy-{draft.pk}"' not in page
    only_jobs = signed_in().get("/en/opportunities/?kind=job").content.decode()
    assert f'data-testid="vacancy-{intern.pk}"' not in only_jobs and f'data-testid="vacancy-{job.pk}"' in only_jobs
    in_shenzhen = signed_in().get("/en/opportunities/?city=shenzhen").content.decode()
    assert f'data-testid="vacancy-{intern.pk}"' in in_shenzhen and f'data-testid="vacancy-{job.pk}"' not in in_shenzhen
    simplified = signed_in().get("/zh-hans/opportunities/?q=软件").content.decode()
    assert f'data-testid="vacancy-{job.pk}"' in simplified and f'data-testid="vacancy-{intern.pk}"' not in simplified
    assert signed_in().get("/en/opportunities/?city=%00").status_code == 200  # an unknown choice: no filter


def test_the_list_makes_a_fixed_number_of_queries(kit, django_assert_num_queries):
    for _ in range(3):
        kit.published()
    client = signed_in()
    client.get("/en/opportunities/")  # warm caches shared by every page
    # regions; the regions with published vacancies; the count; the page of vacancies
    with django_assert_num_queries(4):
        client.get("/en/opportunities/")
    for _ in range(4):
        kit.published()
    with django_assert_num_queries(4):
        assert client.get("/en/opportunities/").status_code == 200


def test_the_vacancy_page_answers_the_cross_border_questions(kit):
    vacancy = kit.published(accommodation_provided=True)
    page = signed_in().get(f"/zh-hant/opportunities/vacancies/{vacancy.pk}/").content.decode()
    assert 'data-testid="cross-border-facts"' in page
    for fact in (
        vacancy.get_contract_jurisdiction_display(),
        vacancy.get_social_insurance_display(),
        vacancy.get_working_language_display(),
    ):
        assert str(fact) in page
    assert "暑期實習生" in page


def test_a_draft_is_not_found_but_by_its_employer_and_staff(kit, staff, youth, other_employer_user):
    vacancy = kit.draft()
    url = f"/en/opportunities/vacancies/{vacancy.pk}/"
    assert signed_in().get(url).status_code == 404
    assert signed_in(youth).get(url).status_code == 404
    assert signed_in(other_employer_user).get(url).status_code == 404
    assert signed_in(kit.employer_user).get(url).status_code == 200
    assert signed_in(staff).get(url).status_code == 200


def test_a_youth_applies_on_the_page_and_follows_it(kit, youth):
    vacancy = kit.published()
    client = signed_in(youth)
    response = client.post(
        f"/zh-hant/opportunities/vacancies/{vacancy.pk}/apply/",
        {"education_level": "bachelor", "note": "港大三年級", "cv": pdf()},
    )
    assert response.status_code == 302 and response["Location"].endswith("/opportunities/my-applications/")
    application = Application.objects.get(vacancy=vacancy, applicant=youth)
    mine = client.get("/zh-hant/opportunities/my-applications/").content.decode()
    assert f'data-testid="application-{application.pk}"' in mine
    assert str(ApplicationState.SUBMITTED.label) in mine or "已提交" in mine
    again = client.post(f"/zh-hant/opportunities/vacancies/{vacancy.pk}/apply/", {"education_level": "bachelor"})
    assert again.status_code == 409
    assert Application.objects.filter(vacancy=vacancy).count() == 1


def test_the_apply_form_refuses_bad_input_on_the_page(kit, youth):
    vacancy = kit.published()
    response = signed_in(youth).post(f"/en/opportunities/vacancies/{vacancy.pk}/apply/", {"education_level": "x"})
    assert response.status_code == 400
    assert 'id="id_education_level_error"' in response.content.decode()
    assert not Application.objects.exists()


def test_anonymous_apply_goes_to_sign_in(kit):
    vacancy = kit.published()
    response = signed_in().post(f"/en/opportunities/vacancies/{vacancy.pk}/apply/", {})
    assert response.status_code == 302 and "login" in response["Location"]


def test_applicants_page_for_its_employer_and_staff_only(kit, youth, staff, other_employer_user, make_user):
    vacancy = kit.published()
    kit.apply(vacancy, youth)
    url = f"/en/opportunities/vacancies/{vacancy.pk}/applicants/"
    assert signed_in(kit.employer_user).get(url).status_code == 200
    assert signed_in(staff).get(url).status_code == 200
    assert signed_in(other_employer_user).get(url).status_code == 404
    assert signed_in(youth).get(url).status_code == 404
    assert signed_in().get(url).status_code == 302


def test_applicants_page_has_a_fixed_number_of_queries_and_no_identity(kit, make_user, django_assert_num_queries):
    vacancy = kit.published(positions=10)
    for n in range(3):
        youth = make_user("youth")
        ApplicantProfile.objects.create(user=youth, identity_type="hkid", identity_number=f"A12345{n}3")
        kit.apply(vacancy, youth, cv=pdf())
    client = signed_in(kit.employer_user)
    url = f"/en/opportunities/vacancies/{vacancy.pk}/applicants/"
    client.get(url)
    # session; user; the user's roles; the vacancy with its employer, region chain, cohort and
    # positions taken; its employer's users; the applications with their applicants
    with django_assert_num_queries(5):
        page = client.get(url).content.decode()
    assert "A123450" not in page and "A123453" not in page
    for _ in range(3):
        kit.apply(vacancy)
    with django_assert_num_queries(5):
        assert client.get(url).content.decode().count('data-testid="applicant-') == 6


def test_the_employer_moves_an_application_on_the_page(kit, youth):
    application = kit.apply(kit.published(), youth)
    client = signed_in(kit.employer_user)
    url = f"/en/opportunities/applications/{application.pk}/act/"
    assert client.post(url, {"action": "shortlist"}).status_code == 302
    at = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(url, {"action": "interview", "at": at, "place": "Room 1901"})
    application.refresh_from_db()
    assert application.state == ApplicationState.INTERVIEW
    refused = client.post(url, {"action": "accept"}, follow=True)
    assert "not allowed" in refused.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.INTERVIEW
    # a stranger's post is not found
    other = signed_in(kit.make_user("youth"))
    assert other.post(url, {"action": "withdraw"}).status_code == 404


def test_the_youth_accepts_and_opens_the_claim(kit, youth, django_capture_on_commit_callbacks):
    from subsidies.demo import ensure_schemes
    from tests.incubators.factories import BaseFactory

    from .factories import CohortFactory, PlanFactory

    scheme = ensure_schemes()["futian-internship"]
    cohort = CohortFactory(plan=PlanFactory(subsidy_scheme=scheme))
    vacancy = kit.published(cohort_id=cohort.pk, base_id=BaseFactory().pk)
    application = kit.application_in("offered", vacancy=vacancy, youth=youth)
    client = signed_in(youth)
    client.post(f"/en/opportunities/applications/{application.pk}/act/", {"action": "accept"})
    services.application_act(
        application_id=application.pk,
        action="place",
        acting_user=kit.employer_user,
        data=services.ActionInput(start_date=timezone.localdate()),
    )
    page = client.get("/en/opportunities/my-applications/").content.decode()
    assert 'data-testid="claim-subsidy"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/opportunities/applications/{application.pk}/claim/")
    application.refresh_from_db()
    assert response.status_code == 302 and response["Location"].endswith(f"/claims/{application.subsidy_claim_id}/")


def test_the_cv_is_for_its_applicant_employer_and_staff(kit, youth, staff, other_employer_user):
    application = kit.apply(kit.published(), youth, cv=pdf())
    url = f"/en/opportunities/applications/{application.pk}/cv/"
    for user in (youth, kit.employer_user, staff):
        response = signed_in(user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert signed_in(other_employer_user).get(url).status_code == 404
    assert signed_in(kit.make_user("youth")).get(url).status_code == 404


@pytest.mark.parametrize("lang", ["zh-hant", "zh-hans", "en"])
def test_pages_in_each_language(kit, youth, lang):
    vacancy = kit.published()
    kit.apply(vacancy, youth)
    assert signed_in().get(f"/{lang}/opportunities/").status_code == 200
    assert signed_in(youth).get(f"/{lang}/opportunities/vacancies/{vacancy.pk}/").status_code == 200
    assert signed_in(youth).get(f"/{lang}/opportunities/my-applications/").status_code == 200
    assert (
        signed_in(kit.employer_user).get(f"/{lang}/opportunities/vacancies/{vacancy.pk}/applicants/").status_code == 200
    )


def test_the_figures_per_plan_cohort_city_and_employer(kit, make_user, django_assert_num_queries):
    from .factories import CohortFactory

    cohort = CohortFactory(capacity=10)
    vacancy = kit.published(cohort_id=cohort.pk, positions=3)
    kit.application_in("completed", vacancy=vacancy)
    kit.application_in("offered", vacancy=vacancy)
    kit.apply(vacancy)
    kit.draft()  # never published: not counted
    from opportunities import selectors

    with django_assert_num_queries(2):  # the vacancies with their groups; their applications
        tables = selectors.figures()
    (plan,) = tables["plan"]
    assert (plan.vacancies, plan.positions, plan.applications, plan.offers, plan.placements, plan.completions) == (
        1,
        3,
        3,
        2,
        1,
        1,
    )
    assert plan.median_days_to_offer == 0.0  # offered the day they applied
    assert tables["city"][0].key == "shenzhen" and tables["employer"][0].label == kit.employer.name_en
    page = signed_in().get("/zh-hant/opportunities/figures/")
    assert page.status_code == 200 and cohort.plan.name_zh_hant in page.content.decode()
    csv_body = signed_in().get("/en/opportunities/figures/download.csv").content.decode("utf-8-sig")
    assert csv_body.splitlines()[0].startswith("Grouped by,Code,Name,Vacancies")
    assert f"plan,{cohort.plan.code}," in csv_body
    xlsx = signed_in().get("/en/opportunities/figures/download.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert signed_in().get("/en/opportunities/figures/download.pdf").status_code == 404


def test_my_applications_makes_a_fixed_number_of_queries(kit, youth, django_assert_num_queries):
    for _ in range(2):
        kit.apply(kit.published(), youth)
    client = signed_in(youth)
    client.get("/en/opportunities/my-applications/")
    # the user; the user's roles; the applications with their vacancy, employer, base, region,
    # schemes, cohort and claim; the employers' users; the bases' operators (none: skipped)
    with django_assert_num_queries(4):
        client.get("/en/opportunities/my-applications/")
    for _ in range(3):
        kit.apply(kit.published(), youth)
    with django_assert_num_queries(4):
        page = client.get("/en/opportunities/my-applications/").content.decode()
    assert len(re.findall(r'data-testid="application-\d+"', page)) == 5
