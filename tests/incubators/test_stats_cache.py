"""The statistics kept in Redis (incubators/cache.py): a repeated question costs no query, and
every report or base write shows in the API and on the page at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.roles import BASE_OPERATOR
from incubators import cache as stats_cache
from incubators import services
from incubators.models import RecognitionLevel

from .factories import JUNE, BaseFactory, ReportFactory, save

pytestmark = pytest.mark.django_db

STATS = "/api/v1/incubators/stats/"
PAGE = "/en/bases/statistics/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def operator(make_user):
    return make_user(BASE_OPERATOR)


@pytest.fixture
def base(operator):
    return BaseFactory(operators=[operator])


def test_repeated_api_question_costs_no_query(api, django_assert_num_queries):
    for _ in range(3):
        ReportFactory(base=BaseFactory(), period=JUNE)
    first = api.get(STATS, {"period": "2023-06"}).json()
    with django_assert_num_queries(0):  # one Redis MGET
        again = api.get(STATS, {"period": "2023-06"}).json()
    assert again == first and again["bases"] == 3


def test_repeated_page_costs_no_query(client, django_assert_num_queries):
    ReportFactory(base=BaseFactory(), period=JUNE)
    first = client.get(PAGE)
    # the page's four aggregates are kept as one value: a hit is one Redis MGET, no query
    with django_assert_num_queries(0):
        again = client.get(PAGE)
    assert again.context["current"]["bases"] == first.context["current"]["bases"] == 1


def test_filters_and_language_are_part_of_the_key(api):
    ReportFactory(base=BaseFactory(recognition_level=RecognitionLevel.MUNICIPAL), period=JUNE, ip_items=20)
    ReportFactory(base=BaseFactory(recognition_level=RecognitionLevel.DISTRICT), period=JUNE, ip_items=7)
    assert api.get(STATS, {"period": "2023-06"}).json()["ip_items"] == 27
    assert api.get(STATS, {"period": "2023-06", "level": "district"}).json()["ip_items"] == 7
    assert api.get(STATS, {"period": "2023-06", "level": "municipal"}).json()["ip_items"] == 20


def test_page_labels_in_the_readers_language(client):
    ReportFactory(base=BaseFactory(), period=JUNE)  # in Futian: 福田區 in Traditional Chinese
    assert "Futian" in client.get(PAGE).content.decode()
    assert "福田區" in client.get("/zh-hant/bases/statistics/").content.decode()
    assert "Futian" in client.get(PAGE).content.decode()


def test_a_new_report_shows_at_once_in_api_and_page(api, client, base, operator, django_capture_on_commit_callbacks):
    ReportFactory(base=BaseFactory(), period=JUNE, ip_items=5)
    assert api.get(STATS, {"period": "2023-06"}).json()["ip_items"] == 5
    assert client.get(PAGE).context["current"]["ip_items"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        save(base, operator, ip_items=20)
    assert api.get(STATS, {"period": "2023-06"}).json()["ip_items"] == 25
    assert api.get(STATS).json()["bases"] == 2
    assert client.get(PAGE).context["current"]["ip_items"] == 25


def test_a_new_month_becomes_the_default_period(api, base, operator):
    save(base, operator, period=date(2023, 5, 1))
    assert api.get(STATS).json()["period"] == "2023-05"
    save(base, operator, period=JUNE)
    assert api.get(STATS).json()["period"] == "2023-06"


def test_an_edited_report_and_a_reviewed_correction(api, base, operator, make_user):
    save(base, operator, period=date(2023, 5, 1))
    report = save(base, operator, members=100)
    assert api.get(STATS, {"period": "2023-06"}).json()["members"] == 100
    report = save(base, operator, version=report.version, members=120)
    assert api.get(STATS, {"period": "2023-06"}).json()["members"] == 120
    lowered = save(base, operator, version=report.version, incubated_total=19, reason="Counted twice")
    assert api.get(STATS, {"period": "2023-06"}).json()["incubated_total"] == 19
    version = cache.get(stats_cache.VERSION_KEY)
    services.report_correction_review(report_id=lowered.pk, accept=False, acting_user=make_user("reviewer"))
    assert cache.get(stats_cache.VERSION_KEY) > version


def test_report_changed_in_the_admin(api, make_user):
    report = ReportFactory(base=BaseFactory(), period=JUNE, ip_items=12)
    assert api.get(STATS, {"period": "2023-06"}).json()["ip_items"] == 12
    report.ip_items = 15  # what the admin's save does: Model.save()
    report.save()
    assert api.get(STATS, {"period": "2023-06"}).json()["ip_items"] == 15


def test_base_moved_to_another_level(api):
    base = BaseFactory(recognition_level=RecognitionLevel.MUNICIPAL)
    ReportFactory(base=base, period=JUNE)
    assert api.get(STATS, {"period": "2023-06", "level": "district"}).json()["bases"] == 0
    base.recognition_level = RecognitionLevel.DISTRICT
    base.save()
    assert api.get(STATS, {"period": "2023-06", "level": "district"}).json()["bases"] == 1


def test_report_deleted(api):
    report = ReportFactory(base=BaseFactory(), period=JUNE)
    assert api.get(STATS, {"period": "2023-06"}).json()["bases"] == 1
    report.delete()
    assert api.get(STATS, {"period": "2023-06"}).json()["bases"] == 0


def test_version_lost_by_redis_is_not_a_stale_value(api):
    report = ReportFactory(base=BaseFactory(), period=JUNE, members=100)
    assert api.get(STATS, {"period": "2023-06"}).json()["members"] == 100
    cache.delete(stats_cache.VERSION_KEY)  # evicted
    type(report).objects.filter(pk=report.pk).update(members=90)  # no signal
    assert api.get(STATS, {"period": "2023-06"}).json()["members"] == 90


@pytest.mark.django_db(transaction=True)
def test_committed_report_shows_on_the_next_request(api, make_user):
    operator = make_user(BASE_OPERATOR)
    base = BaseFactory(operators=[operator])
    assert api.get(STATS, {"period": "2023-06"}).json()["bases"] == 0
    before = cache.get(stats_cache.VERSION_KEY)
    save(base, operator)
    assert cache.get(stats_cache.VERSION_KEY) >= before + 2  # in the transaction and after commit
    assert api.get(STATS, {"period": "2023-06"}).json()["bases"] == 1


def test_redis_down_the_sums_are_computed_and_reports_still_saved(api, base, operator, redis_down):
    assert api.get(STATS, {"period": "2023-06"}).json()["bases"] == 0
    save(base, operator)
    assert api.get(STATS, {"period": "2023-06"}).json()["bases"] == 1
