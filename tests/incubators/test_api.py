"""/api/v1/incubators/: bases, reports (operator isolation, validation, versions), statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.roles import BASE_OPERATOR
from incubators.models import ProjectCountReport, RecognitionLevel

from .factories import BaseFactory, ReportFactory, district, region

pytestmark = pytest.mark.django_db


def body(**overrides):
    values = {
        "period": "2023-06",
        "incubated_total": 20,
        "incubated_hkmo": 10,
        "incubating": 8,
        "incubating_hkmo": 4,
        "members": 100,
        "members_hkmo": 30,
        "ip_items": 12,
        "financing_rmb": "1000000.00",
    }
    values.update(overrides)
    return values


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def operator(make_user):
    return make_user(BASE_OPERATOR, preferred_language="en")


@pytest.fixture
def base(operator):
    return BaseFactory(operators=[operator])


def reports_url(base):
    return f"/api/v1/incubators/bases/{base.pk}/reports/"


def test_bases_list_is_public_and_paginated(api, django_assert_num_queries):
    BaseFactory.create_batch(3)
    # 1 count, 1 page of bases (latest figures are subqueries of that query)
    with django_assert_num_queries(2):
        response = api.get("/api/v1/incubators/bases/")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    BaseFactory.create_batch(10)
    with django_assert_num_queries(2):
        response = api.get("/api/v1/incubators/bases/")
    assert response.json()["count"] == 13
    assert set(response.json()["results"][0]) >= {"id", "name", "city", "district", "recognition_level"}


def test_bases_list_filters(api):
    BaseFactory(recognition_level=RecognitionLevel.DISTRICT)
    BaseFactory(recognition_level=RecognitionLevel.MUNICIPAL)
    response = api.get("/api/v1/incubators/bases/?level=district")
    assert response.json()["count"] == 1
    assert api.get("/api/v1/incubators/bases/?level=galactic").status_code == 400


def test_bases_say_where_they_are_in_the_requested_language(api):
    huizhou = region("huizhou", "Huizhou", hant="惠州")
    BaseFactory(name_en="Workshop")  # in Futian, Shenzhen
    BaseFactory(name_en="Centre", region=district("zhongkai", "Zhongkai", hant="仲愷高新區", city=huizhou))
    BaseFactory(name_en="Citywide", region=huizhou)  # placed at its city: no district

    def where(query="", lang="en"):
        rows = api.get(f"/api/v1/incubators/bases/?{query}", HTTP_ACCEPT_LANGUAGE=lang).json()["results"]
        return {row["name"]: (row["city"], row["district"], row["region"]) for row in rows}

    assert where() == {
        "Workshop": ("Shenzhen", "Futian", "futian"),
        "Centre": ("Huizhou", "Zhongkai", "zhongkai"),
        "Citywide": ("Huizhou", "", "huizhou"),
    }
    in_chinese = set(where(lang="zh-hant").values())
    assert in_chinese == {("深圳", "福田區", "futian"), ("惠州", "仲愷高新區", "zhongkai"), ("惠州", "", "huizhou")}
    assert set(where("city=huizhou")) == {"Centre", "Citywide"}
    assert set(where("region=huizhou")) == {"Centre", "Citywide"}
    assert set(where("region=shenzhen")) == set(where("district=futian")) == {"Workshop"}
    # the names the filters took before the slugs, in any language, still work
    assert set(where("city=Shenzhen")) == set(where("city=深圳", lang="en")) == {"Workshop"}
    assert set(where("district=福田區")) == set(where("district=Futian District")) == {"Workshop"}
    assert where("region=luohu") == {} and where("city=atlantis") == {}
    detail = api.get(f"/api/v1/incubators/bases/{BaseFactory().pk}/", HTTP_ACCEPT_LANGUAGE="zh-hant").json()
    assert (detail["city"], detail["district"], detail["region"]) == ("深圳", "福田區", "futian")


def test_base_detail_in_the_requested_language(api):
    base = BaseFactory(name_en="Workshop", name_zh_hant="工場")
    assert api.get(f"/api/v1/incubators/bases/{base.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()["name"] == "Workshop"
    assert api.get(f"/api/v1/incubators/bases/{base.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hant").json()["name"] == "工場"
    assert api.get("/api/v1/incubators/bases/999999/").status_code == 404


def test_reports_list_is_public(api, base, django_assert_num_queries):
    ReportFactory(base=base, period=date(2023, 5, 1))
    ReportFactory(base=base, period=date(2023, 6, 1))
    response = api.get(reports_url(base))
    assert response.status_code == 200
    assert [r["period"] for r in response.json()["results"]] == ["2023-06", "2023-05"]
    assert set(response.json()["results"][0]) >= {"period", "incubated_total", "financing_rmb", "version"}
    for month in range(1, 5):
        ReportFactory(base=base, period=date(2023, month, 1))
    # 1 base, 1 count, 1 page of reports
    with django_assert_num_queries(3):
        assert api.get(reports_url(base)).json()["count"] == 6


def test_operator_files_a_report(api, base, operator):
    api.force_authenticate(operator)
    response = api.post(reports_url(base), body(), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["period"] == "2023-06"
    assert response.json()["version"] == 1
    report = ProjectCountReport.objects.get()
    assert report.period == date(2023, 6, 1)
    assert report.financing_rmb == Decimal("1000000.00")


def test_anonymous_cannot_post(api, base):
    assert api.post(reports_url(base), body(), format="json").status_code in (401, 403)
    assert ProjectCountReport.objects.count() == 0


@pytest.mark.parametrize("role", ["youth", "mentor", "reviewer", "approver", BASE_OPERATOR])
def test_others_cannot_post_to_this_base(api, base, make_user, role):
    other = make_user(role)
    if role == BASE_OPERATOR:
        BaseFactory(operators=[other])  # operates another base
    api.force_authenticate(other)
    assert api.post(reports_url(base), body(), format="json").status_code == 403
    assert ProjectCountReport.objects.count() == 0


def test_per_field_messages_in_the_users_language(api, base, operator):
    api.force_authenticate(operator)
    response = api.post(reports_url(base), body(incubated_hkmo=21), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    # the one handler (portal.api) adds `detail` and `reason` beside the fields' messages
    assert [key for key in response.json() if key not in ("detail", "reason")] == ["incubated_hkmo"]
    assert "cannot be more than" in response.json()["incubated_hkmo"][0]
    response = api.post(reports_url(base), body(incubated_hkmo=21), format="json", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert "cannot be more than" not in response.json()["incubated_hkmo"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period": "2023-13"}, "period"),
        ({"period": "June"}, "period"),
        ({"members": "many"}, "members"),
        ({"members": -1}, "members"),
        ({"members": None}, "members"),
        ({"financing_rmb": "1.234"}, "financing_rmb"),
        ({"incubating": 21}, "incubating"),
        ({"members_hkmo": 101}, "members_hkmo"),
    ],
)
def test_bad_values_give_400_never_500(api, base, operator, overrides, field):
    api.force_authenticate(operator)
    response = api.post(reports_url(base), body(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert ProjectCountReport.objects.count() == 0


def test_stale_version_is_refused_with_a_message(api, base, operator):
    api.force_authenticate(operator)
    api.post(reports_url(base), body(), format="json")
    assert api.post(reports_url(base), body(members=110, version=1), format="json").status_code == 200
    response = api.post(reports_url(base), body(members=120, version=1), format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert ProjectCountReport.objects.get().members == 110
    # filing "new" when a report exists is stale too
    assert api.post(reports_url(base), body(members=130), format="json").status_code == 409


def test_falling_count_needs_a_reason(api, base, operator):
    api.force_authenticate(operator)
    api.post(reports_url(base), body(period="2023-05"), format="json")
    response = api.post(reports_url(base), body(incubated_total=19), format="json")
    assert response.status_code == 400
    assert {"incubated_total", "correction_reason"} <= set(response.json())
    response = api.post(reports_url(base), body(incubated_total=19, correction_reason="double count"), format="json")
    assert response.status_code == 201
    assert response.json()["correction_status"] == "pending"


# --- statistics ------------------------------------------------------------------------------


def test_stats_equal_a_hand_computed_sum(api):
    municipal = [BaseFactory(recognition_level=RecognitionLevel.MUNICIPAL) for _ in range(2)]
    district = BaseFactory(recognition_level=RecognitionLevel.DISTRICT)
    june = date(2023, 6, 1)
    ReportFactory(
        base=municipal[0],
        period=june,
        incubated_total=10,
        incubated_hkmo=7,
        incubating=5,
        incubating_hkmo=3,
        members=40,
        members_hkmo=11,
        ip_items=2,
        financing_rmb=Decimal("100.50"),
    )
    ReportFactory(
        base=municipal[1],
        period=june,
        incubated_total=30,
        incubated_hkmo=9,
        incubating=12,
        incubating_hkmo=6,
        members=60,
        members_hkmo=19,
        ip_items=5,
        financing_rmb=Decimal("200.25"),
    )
    ReportFactory(base=district, period=june, incubated_total=1000)
    ReportFactory(
        base=municipal[0], period=date(2023, 5, 1), incubated_total=9, incubated_hkmo=5, incubating=5, incubating_hkmo=3
    )
    response = api.get("/api/v1/incubators/stats/?period=2023-06&level=municipal")
    assert response.status_code == 200
    assert response.json() | {} == {
        "period": "2023-06",
        "level": "municipal",
        "bases": 2,
        "bases_reported": 2,
        "incubated_total": 40,
        "incubated_hkmo": 16,
        "incubating": 17,
        "incubating_hkmo": 9,
        "members": 100,
        "members_hkmo": 30,
        "ip_items": 7,
        "financing_rmb": "300.75",
        "incubated_hkmo_share": 40.0,
        "incubating_hkmo_share": 52.9,
        "members_hkmo_share": 30.0,
    }
    everything = api.get("/api/v1/incubators/stats/?period=2023-06").json()
    assert everything["bases"] == 3 and everything["incubated_total"] == 1040
    # without a period: the last complete one, or the latest reported before it
    assert api.get("/api/v1/incubators/stats/").json()["period"] == "2023-06"
    assert api.get("/api/v1/incubators/stats/?period=2022-01").json()["bases"] == 0
    # by region: a city covers its districts
    assert api.get("/api/v1/incubators/stats/?period=2023-06&region=shenzhen").json()["bases"] == 3
    assert api.get("/api/v1/incubators/stats/?period=2023-06&region=futian").json()["bases"] == 3
    assert api.get("/api/v1/incubators/stats/?period=2023-06&region=luohu").json()["bases"] == 0
    assert api.get("/api/v1/incubators/stats/?region=Not+a+slug").status_code == 400


@pytest.mark.parametrize("query", ["period=2023-6", "period=junk", "period=2023-00", "level=galactic", "period="])
def test_stats_bad_parameters_give_400(api, query):
    response = api.get(f"/api/v1/incubators/stats/?{query}")
    assert response.status_code == 400
    assert set(response.json()) <= {"period", "level"}


def test_stats_query_count_is_fixed(api, django_assert_num_queries):
    for _ in range(5):
        base = BaseFactory()
        for month in (4, 5, 6):
            ReportFactory(base=base, period=date(2023, month, 1))
    # 1 aggregate for the period
    with django_assert_num_queries(1):
        assert api.get("/api/v1/incubators/stats/?period=2023-06").json()["bases"] == 5
    # 1 latest period, 1 aggregate; the cache (incubators/cache.py) emptied first, else the
    # aggregate for 2023-06 just computed would be reused
    cache.clear()
    with django_assert_num_queries(2):
        assert api.get("/api/v1/incubators/stats/").json()["period"] == "2023-06"
    # asked again: both kept in Redis, no query
    with django_assert_num_queries(0):
        assert api.get("/api/v1/incubators/stats/").json()["bases"] == 5


def test_one_early_report_does_not_collapse_the_city_wide_figures(api):
    """Issue 14 #3: seven bases report up to 2023-05; one files 2023-06 early. City-wide
    "projects incubated to date" for 2023-06 keeps every base (each with its latest report up to
    the month) and says that one base reported for the month itself."""
    bases = [BaseFactory() for _ in range(7)]
    for base in bases:
        ReportFactory(base=base, period=date(2023, 5, 1), incubated_total=200, incubated_hkmo=100, incubating=80)
    ReportFactory(base=bases[0], period=date(2023, 6, 1), incubated_total=225, incubated_hkmo=110, incubating=80)
    june = api.get("/api/v1/incubators/stats/?period=2023-06").json()
    assert (june["incubated_total"], june["bases"], june["bases_reported"]) == (1425, 7, 1)
    may = api.get("/api/v1/incubators/stats/?period=2023-05").json()
    assert (may["incubated_total"], may["bases"], may["bases_reported"]) == (1400, 7, 7)
    later = api.get("/api/v1/incubators/stats/?period=2024-01").json()  # carried forward, none reported
    assert (later["incubated_total"], later["bases"], later["bases_reported"]) == (1425, 7, 0)
    earlier = api.get("/api/v1/incubators/stats/?period=2023-04").json()
    assert (earlier["incubated_total"], earlier["bases"]) == (0, 0)


def test_default_period_is_the_last_complete_by_the_deadline(api):
    """A report for the current month (filed early) is not the default: the default is the last
    month whose reporting deadline has passed."""
    from django.utils import timezone

    from incubators import rules
    from incubators.conf import report_due_day

    today = timezone.localdate()
    complete = rules.last_complete_period(today=today, due_day=report_due_day())
    base, early = BaseFactory(), BaseFactory()
    ReportFactory(
        base=base,
        period=rules.previous_month(complete),
        incubated_total=50,
        incubated_hkmo=1,
        incubating=1,
        incubating_hkmo=0,
    )
    ReportFactory(base=base, period=complete, incubated_total=60, incubated_hkmo=1, incubating=1, incubating_hkmo=0)
    ReportFactory(base=early, period=complete, incubated_total=5, incubated_hkmo=1, incubating=1, incubating_hkmo=0)
    ReportFactory(
        base=early,
        period=rules.month_start(today),
        incubated_total=9,
        incubated_hkmo=1,
        incubating=1,
        incubating_hkmo=0,
    )
    body = api.get("/api/v1/incubators/stats/").json()
    assert body["period"] == rules.format_period(complete)
    assert (body["incubated_total"], body["bases"], body["bases_reported"]) == (65, 2, 2)
