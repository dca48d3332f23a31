"""The employer's pages (issue 17): "my vacancies" with a pinned query count, a vacancy posted and
changed in the three languages, the workflow's buttons, who finds nothing, and bad input refused
on its field in the page's language with nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import BASE_OPERATOR
from opportunities.models import Vacancy, VacancyState, VacancyTransition
from tests.places.factories import futian

LIST = "/zh-hant/opportunities/employer/vacancies/"
NEW = "/zh-hant/opportunities/employer/vacancies/new/"


def signed_in(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def form_body(employer, **overrides) -> dict:
    today = timezone.localdate()
    body = {
        "employer": str(employer.pk),
        "kind": "internship",
        "title_zh_hant": "暑期數據分析實習生",
        "title_zh_hans": "暑期数据分析实习生",
        "title_en": "Summer data analyst intern",
        "description_zh_hant": "協助團隊整理大灣區青年就業數據。",
        "description_zh_hans": "协助团队整理大湾区青年就业数据。",
        "description_en": "Help the team tidy the Greater Bay Area youth employment figures.",
        "city": "futian",
        "positions": "3",
        "salary_min": "4000",
        "salary_max": "6000",
        "salary_currency": "RMB",
        "salary_period": "month",
        "contract_jurisdiction": "mainland",
        "social_insurance": "plan",
        "working_language": "mixed",
        "min_education": "bachelor",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=30)).isoformat(),
        "starts_on": (today + timedelta(days=45)).isoformat(),
        "duration_months": "2",
    }
    body.update(overrides)
    return body


def test_an_employer_posts_changes_and_submits_a_vacancy_and_staff_publish_it(kit, employer, employer_user):
    futian()
    client = signed_in(employer_user)
    dashboard = client.get("/zh-hant/dashboard/").content.decode()
    assert 'data-testid="my-vacancies-link"' in dashboard and "/opportunities/employer/vacancies/" in dashboard
    page = client.get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<form method="post" novalidate>' in html and 'type="date"' in html
    for name in ("title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant", "description_en"):
        assert f'name="{name}"' in html

    response = client.post(NEW, form_body(employer))
    assert response.status_code == 302
    vacancy = Vacancy.objects.get(employer=employer)
    assert vacancy.state == VacancyState.DRAFT and vacancy.created_by == employer_user
    assert (vacancy.title_zh_hant, vacancy.title_zh_hans, vacancy.title_en) == (
        "暑期數據分析實習生",
        "暑期数据分析实习生",
        "Summer data analyst intern",
    )
    assert vacancy.description_en.startswith("Help the team")
    assert vacancy.region.slug == "futian" and vacancy.positions == 3

    listing = client.get(LIST).content.decode()
    assert f'data-testid="vacancy-{vacancy.pk}"' in listing and "暑期數據分析實習生" in listing
    assert f"/opportunities/vacancies/{vacancy.pk}/applicants/" in listing
    assert f'data-testid="edit-{vacancy.pk}"' in listing
    assert f'data-testid="action-submit-{vacancy.pk}"' in listing
    assert f'data-testid="action-publish-{vacancy.pk}"' not in listing  # staff publish

    edit = f"/zh-hant/opportunities/employer/vacancies/{vacancy.pk}/edit/"
    shown = client.get(edit).content.decode()
    assert 'value="Summer data analyst intern"' in shown and f'value="{vacancy.opens_on.isoformat()}"' in shown
    vacancy.duties_en = "Kept when the form does not show it."
    Vacancy.objects.filter(pk=vacancy.pk).update(duties_en=vacancy.duties_en)
    changed = form_body(employer, title_en="Summer data intern", positions="4")
    changed.pop("duties_en", None)
    assert client.post(edit, changed).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title_en == "Summer data intern" and vacancy.positions == 4
    assert vacancy.title_zh_hant == "暑期數據分析實習生"
    assert "summer data intern" in vacancy.search_text

    assert client.post(f"/zh-hant/opportunities/employer/vacancies/{vacancy.pk}/submit/").status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.SUBMITTED
    assert client.get(edit).status_code == 409  # waiting for review: no longer changed

    staff = signed_in(kit.staff)
    waiting = staff.get(LIST).content.decode()
    assert f'data-testid="action-publish-{vacancy.pk}"' in waiting
    assert f'data-testid="action-return-{vacancy.pk}"' in waiting
    assert staff.post(f"/zh-hant/opportunities/employer/vacancies/{vacancy.pk}/publish/").status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.PUBLISHED and vacancy.published_at is not None
    assert f'data-testid="action-close-{vacancy.pk}"' in client.get(LIST).content.decode()


def test_the_employer_closes_a_published_vacancy_and_staff_return_one_with_a_reason(kit):
    published = kit.published()
    client = signed_in(kit.employer_user)
    assert client.post(f"/en/opportunities/employer/vacancies/{published.pk}/close/").status_code == 302
    published.refresh_from_db()
    assert published.state == VacancyState.CLOSED

    submitted = kit.vacancy_in("submitted")
    staff = signed_in(kit.staff)
    url = f"/en/opportunities/employer/vacancies/{submitted.pk}/return/"
    staff.post(url, {"note": ""})
    submitted.refresh_from_db()
    assert submitted.state == VacancyState.SUBMITTED  # a return needs its reason
    staff.post(url, {"note": "Say who pays social insurance."})
    submitted.refresh_from_db()
    assert submitted.state == VacancyState.RETURNED and submitted.return_reason == "Say who pays social insurance."
    # the employer may not publish their own vacancy: refused with a message, nothing changes
    response = client.post(f"/en/opportunities/employer/vacancies/{submitted.pk}/publish/")
    submitted.refresh_from_db()
    assert response.status_code == 302 and submitted.state == VacancyState.RETURNED
    assert [m.level_tag for m in response.wsgi_request._messages][-1] == "error"
    assert client.post(f"/en/opportunities/employer/vacancies/{submitted.pk}/nonsense/").status_code == 404


def test_another_employer_and_a_youth_find_nothing(kit, other_employer, other_employer_user, youth):
    draft = kit.draft()
    published = kit.published()
    stranger = signed_in(other_employer_user)
    for vacancy in (draft, published):
        assert stranger.get(f"/en/opportunities/employer/vacancies/{vacancy.pk}/edit/").status_code == 404
        assert stranger.post(f"/en/opportunities/employer/vacancies/{vacancy.pk}/withdraw/").status_code == 404
    listing = stranger.get("/en/opportunities/employer/vacancies/").content.decode()
    assert f'data-testid="vacancy-{draft.pk}"' not in listing and f'data-testid="vacancy-{published.pk}"' not in listing
    changed = form_body(other_employer)
    assert stranger.post(f"/en/opportunities/employer/vacancies/{draft.pk}/edit/", changed).status_code == 404

    young = signed_in(youth)
    assert young.get("/en/opportunities/employer/vacancies/").status_code == 403
    assert young.get("/en/opportunities/employer/vacancies/new/").status_code == 403
    assert young.get(f"/en/opportunities/employer/vacancies/{published.pk}/edit/").status_code == 404
    assert young.post(f"/en/opportunities/employer/vacancies/{published.pk}/close/").status_code == 404
    published.refresh_from_db()
    assert published.state == VacancyState.PUBLISHED
    anonymous = signed_in().get("/en/opportunities/employer/vacancies/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_staff_may_look_at_a_draft_but_not_change_it(kit):
    draft = kit.draft()
    staff = signed_in(kit.staff)
    assert staff.get(f"/en/opportunities/employer/vacancies/{draft.pk}/edit/").status_code == 403
    assert staff.get("/en/opportunities/employer/vacancies/new/").status_code == 403


def test_an_employer_cannot_post_for_another_employer(kit, employer, other_employer):
    futian()
    client = signed_in(kit.employer_user)
    response = client.post(NEW, form_body(other_employer))
    assert response.status_code == 400  # not one of the form's choices
    assert not Vacancy.objects.exists()


def test_bad_input_is_shown_on_its_field_in_traditional_chinese_and_writes_nothing(employer, employer_user):
    futian()
    client = signed_in(employer_user)
    body = form_body(employer, title_zh_hant="", positions="0", closes_on="2020-01-01", salary_max="100")
    response = client.post(NEW, body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'id="id_title_zh_hant_error"' in html and 'href="#id_title_zh_hant"' in html
    title_input = html.split('name="title_zh_hant"')[1].split(">")[0]
    assert "id_title_zh_hant_error" in title_input  # the input is described by its error
    assert "此為必需欄位。" in html  # "This field is required.", in Traditional Chinese
    assert 'id="id_positions_error"' in html
    assert not Vacancy.objects.exists() and not VacancyTransition.objects.exists()

    # accepted by the form, refused by the service's rules: shown on the field it names
    late = form_body(employer, closes_on="2020-01-01", opens_on="2020-02-01")
    refused = client.post(NEW, late)
    assert refused.status_code == 400
    assert 'id="id_closes_on_error"' in refused.content.decode()
    assert not Vacancy.objects.exists()

    assert client.post(NEW, form_body(employer, title_en="a\x00b")).status_code == 400
    assert client.post(NEW, form_body(employer, description_en="x" * 5001)).status_code == 400
    assert not Vacancy.objects.exists()


def test_a_base_operator_posts_for_the_base_that_is_an_employer(make_user):
    from tests.incubators.factories import BaseFactory

    operator = make_user(BASE_OPERATOR)
    base = BaseFactory()
    base.operators.add(operator)
    from opportunities.models import Employer

    Employer.objects.create(name="Base employer", kind="base", base=base)
    assert signed_in(operator).get(LIST).status_code == 200


@pytest.mark.parametrize("rows", [2, 6])
def test_my_vacancies_makes_a_fixed_number_of_queries(kit, make_user, rows, django_assert_num_queries):
    for n in range(rows):
        vacancy = kit.published(positions=5) if n % 2 else kit.draft()
        if n % 2:
            kit.apply(vacancy, make_user("youth"))
    client = signed_in(kit.employer_user)
    client.get(LIST)  # warm caches shared by every page
    # user; the user's roles; does the user post for an employer; the vacancies with their
    # applications counted; their employers' users (their bases' operators too, for a base's)
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="vacancy-state"') == rows
