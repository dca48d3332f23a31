"""Pages: public list, detail and statistics; the operator's report form and photos; staff review
and history; dashboard panels. Operators reach only their own base."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from accounts.roles import BASE_OPERATOR
from incubators import rules, services
from incubators.models import AnomalyFlag, CorrectionStatus, FlagStatus, ProjectCountReport, RecognitionLevel

from .factories import BaseFactory, ReportFactory, district, figures, region


def luohu():
    return district("luohu", "Luohu", hant="羅湖區", hans="罗湖区")


pytestmark = pytest.mark.django_db


def last_month() -> str:
    from django.utils import timezone

    return rules.format_period(rules.previous_month(rules.month_start(timezone.localdate())))


@pytest.fixture
def operator(make_user):
    return make_user(BASE_OPERATOR, preferred_language="en")


@pytest.fixture
def base(operator):
    return BaseFactory(operators=[operator], name_en="Workshop")


def report_post(**overrides):
    values = {k: str(v) for k, v in figures().items()}
    values.update({k: str(v) for k, v in overrides.items()})
    return values


# --- public pages ----------------------------------------------------------------------------


def test_base_list_url_name_is_kept():
    assert reverse("incubators:base_list").endswith("/bases/")


def test_base_list_filters_and_pins_its_queries(client, django_assert_num_queries):
    BaseFactory(name_en="Alpha", recognition_level=RecognitionLevel.DISTRICT, region=luohu())
    BaseFactory(name_en="Beta", recognition_level=RecognitionLevel.MUNICIPAL)
    # 1 cities and districts for the filters, 1 count, 1 page of bases with their latest figures
    with django_assert_num_queries(3):
        response = client.get("/en/bases/")
    assert response.status_code == 200
    for _ in range(25):
        ReportFactory(base=BaseFactory())
    with django_assert_num_queries(3):
        assert client.get("/en/bases/").status_code == 200
    content = client.get("/en/bases/?level=district").content.decode()
    assert "Alpha" in content and "Beta" not in content
    # the filters carry slugs; the names they took before still work, in any language
    for query in ("district=luohu", "district=Luohu", "district=羅湖區", "city=shenzhen&district=luohu"):
        content = client.get(f"/en/bases/?{query}").content.decode()
        assert "Alpha" in content and "Beta" not in content, query
    choices = client.get("/en/bases/").context["form"].fields["district"].choices
    assert ("luohu", "Luohu") in choices and ("futian", "Futian") in choices
    assert "Beta" in client.get("/en/bases/?city=shenzhen").content.decode()
    assert "Beta" not in client.get("/en/bases/?city=huizhou").content.decode()
    assert "Beta" in client.get("/en/bases/?q=bet").content.decode()


def test_base_detail_shows_latest_figures_and_trend(client, base):
    ReportFactory(base=base, period=date(2023, 5, 1), incubated_total=18, incubated_hkmo=9)
    ReportFactory(base=base, period=date(2023, 6, 1), incubated_total=23, incubated_hkmo=21, incubating=8)
    response = client.get(f"/en/bases/{base.pk}/")
    content = response.content.decode()
    assert "Latest figures (2023-06)" in content
    assert 'id="trend-data"' in content
    assert response.context["trend"]["labels"] == ["2023-05", "2023-06"]
    assert "<script>" not in content.replace("<script src", "")  # no inline script
    assert "You operate this base" not in content


def test_statistics_page_shows_totals(client):
    a = BaseFactory()  # in Futian
    b = BaseFactory(region=luohu(), recognition_level=RecognitionLevel.DISTRICT)
    ReportFactory(base=a, incubated_total=10, incubated_hkmo=6)
    ReportFactory(base=b, incubated_total=30, incubated_hkmo=14)
    response = client.get("/en/bases/statistics/?period=2023-06")
    assert response.status_code == 200
    assert response.context["current"]["incubated_total"] == 40
    assert response.context["current"]["incubated_hkmo"] == 20
    assert {row["label"]: row["incubated_total"] for row in response.context["district"]} == {"Futian": 10, "Luohu": 30}
    municipal = client.get("/en/bases/statistics/?period=2023-06&level=municipal")
    assert municipal.context["current"]["incubated_total"] == 10
    content = response.content.decode()
    assert 'id="chart-trend"' in content
    # each district's and city's row links to the statistics of that place, by its slug
    assert '<a class="govuk-link" href="?region=futian&amp;period=2023-06">Futian</a></th>' in content
    assert [row["group"] for row in response.context["city"]] == ["shenzhen"]
    futian = client.get("/en/bases/statistics/?period=2023-06&region=futian")
    assert futian.context["current"]["incubated_total"] == 10
    assert client.get("/en/bases/statistics/?period=2023-06&region=shenzhen").context["current"]["bases"] == 2
    assert '<th scope="row" class="govuk-table__header">2023-06</th>' in content


def make_data(n_bases: int, n_periods: int) -> None:
    for i in range(n_bases):
        city = region(f"city-{i % 2}", f"City {i % 2}")
        base = BaseFactory(region=district(f"district-{i % 4}", f"District {i % 4}", city=city))
        for month in range(1, n_periods + 1):
            ReportFactory(base=base, period=date(2023, month, 1))


@pytest.mark.parametrize(("n_bases", "n_periods"), [(1, 1), (3, 2), (12, 6)])
def test_statistics_page_query_count_does_not_grow(client, django_assert_num_queries, n_bases, n_periods):
    make_data(n_bases, n_periods)
    # 1 totals by period (with the list of periods), then for the chosen period:
    # 1 by city, 1 by district, 1 by recognition level
    with django_assert_num_queries(4):
        response = client.get("/en/bases/statistics/")
    assert response.context["current"]["bases"] == n_bases


def test_statistics_downloads_neutralise_formulas(client):
    ReportFactory(
        base=BaseFactory(region=district("evil", '=HYPERLINK("http://evil")')),
        incubated_total=7,
        incubated_hkmo=3,
        incubating=2,
        incubating_hkmo=1,
    )
    response = client.get("/en/bases/statistics/download.csv?period=2023-06")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    district_rows = [row for row in rows if row[0] == "By district"]
    assert district_rows[0][1].startswith("'=")
    assert district_rows[0][5] == "7"  # after "Bases" and "Reported for the period"

    response = client.get("/en/bases/statistics/download.xlsx?period=2023-06")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    district_rows = [row for row in values if row[0] == "By district"]
    assert district_rows[0][1].startswith("'=")
    assert district_rows[0][5] == 7
    assert client.get("/en/bases/statistics/download.pdf").status_code == 404


# --- the operator's pages ----------------------------------------------------------------------


def test_operator_files_a_report_through_the_page(client, base, operator):
    client.force_login(operator)
    url = reverse("incubators:report_edit", args=[base.pk, last_month()])
    assert client.get(url).status_code == 200
    response = client.post(url, report_post())
    assert response.status_code == 302
    report = ProjectCountReport.objects.get()
    assert report.version == 1 and report.incubated_total == 20
    # the form of an existing report carries its version
    assert client.get(url).context["form"].initial["version"] == 1


def test_report_form_shows_rule_messages(client, base, operator):
    client.force_login(operator)
    url = reverse("incubators:report_edit", args=[base.pk, last_month()])
    response = client.post(url, report_post(incubated_hkmo=25), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["incubated_hkmo"]
    assert ProjectCountReport.objects.count() == 0


def test_report_form_stale_save_gets_a_message(client, base, operator):
    client.force_login(operator)
    url = reverse("incubators:report_edit", args=[base.pk, last_month()])
    client.post(url, report_post())
    assert client.post(url, report_post(members=110, version=1)).status_code == 302
    response = client.post(url, report_post(members=120, version=1))
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    assert ProjectCountReport.objects.get().members == 110


@pytest.mark.parametrize("role", [None, "youth", "mentor", "reviewer", "approver", BASE_OPERATOR])
def test_nobody_else_reaches_the_report_form(client, base, make_user, role):
    other = make_user(role)
    if role == BASE_OPERATOR:
        BaseFactory(operators=[other])
    client.force_login(other)
    url = reverse("incubators:report_edit", args=[base.pk, last_month()])
    assert client.get(url).status_code == 403
    assert client.post(url, report_post()).status_code == 403
    if role not in ("reviewer", "approver"):  # HR bureau staff may correct a base's details
        assert client.post(reverse("incubators:base_edit", args=[base.pk]), {"action": "profile"}).status_code == 403
    assert ProjectCountReport.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, base):
    response = client.get(reverse("incubators:report_edit", args=[base.pk, last_month()]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_base_or_future_period_is_404(client, operator, base):
    client.force_login(operator)
    assert client.get(reverse("incubators:report_edit", args=[999999, last_month()])).status_code == 404
    assert client.get(reverse("incubators:report_edit", args=[base.pk, "2999-01"])).status_code == 404


def png(size=(50, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def test_photo_upload_through_the_page(client, base, operator, settings):
    client.force_login(operator)
    url = reverse("incubators:base_edit", args=[base.pk])
    response = client.post(url, {"action": "photo", "caption": "Lobby", "image": SimpleUploadedFile("a.png", png())})
    assert response.status_code == 302
    assert base.photos.count() == 1
    response = client.post(url, {"action": "photo", "image": SimpleUploadedFile("a.png", b"not an image")})
    assert response.status_code == 200 and response.context["photo_form"].errors["image"]
    settings.INCUBATORS_PHOTO_MAX_BYTES = 100
    response = client.post(url, {"action": "photo", "image": SimpleUploadedFile("b.png", png((300, 300)))})
    assert response.context["photo_form"].errors["image"]
    assert base.photos.count() == 1


def test_profile_update_through_the_page(client, base, operator):
    client.force_login(operator)
    url = reverse("incubators:base_edit", args=[base.pk])
    response = client.post(url, {"action": "profile", "contact_phone": "+86 755 1234", "floor_area_m2": "3500"})
    assert response.status_code == 302
    base.refresh_from_db()
    assert base.contact_phone == "+86 755 1234" and base.floor_area_m2 == Decimal("3500")


# --- staff pages -----------------------------------------------------------------------------


def flagged_report(base, operator):
    services.report_save(
        base=base,
        period=date(2023, 5, 1),
        figures=figures(),
        expected_version=None,
        acting_user=operator,
        today=date(2023, 7, 1),
    )
    return services.report_save(
        base=base,
        period=date(2023, 6, 1),
        figures=figures(members=300, incubated_total=19),
        correction_reason="double count",
        expected_version=None,
        acting_user=operator,
        today=date(2023, 7, 1),
    )


@pytest.mark.parametrize("role", [None, "youth", "mentor", BASE_OPERATOR])
def test_review_page_is_for_staff_only(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("incubators:review")).status_code == 403


def test_staff_resolve_flags_and_corrections(client, base, operator, make_user):
    report = flagged_report(base, operator)
    reviewer = make_user("reviewer")
    client.force_login(reviewer)
    response = client.get(reverse("incubators:review"))
    assert response.status_code == 200
    flag = AnomalyFlag.objects.get(report=report, kind="jump")
    assert f'data-testid="flag-{flag.pk}"' in response.content.decode()

    client.post(reverse("incubators:flag_resolve", args=[flag.pk]), {f"flag-{flag.pk}-status": "confirmed"})
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED and flag.resolved_by == reviewer

    client.post(
        reverse("incubators:correction_review", args=[report.pk]), {f"correction-{report.pk}-decision": "accept"}
    )
    report.refresh_from_db()
    assert report.correction_status == CorrectionStatus.ACCEPTED


def test_operator_cannot_resolve_flags(client, base, operator):
    report = flagged_report(base, operator)
    flag = report.flags.first()
    client.force_login(operator)
    assert (
        client.post(
            reverse("incubators:flag_resolve", args=[flag.pk]), {f"flag-{flag.pk}-status": "confirmed"}
        ).status_code
        == 403
    )
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_history_shows_who_changed_what(client, base, operator, make_user):
    report = services.report_save(
        base=base,
        period=date(2023, 6, 1),
        figures=figures(),
        expected_version=None,
        acting_user=operator,
        today=date(2023, 7, 1),
    )
    services.report_save(
        base=base,
        period=date(2023, 6, 1),
        figures=figures(members=105),
        expected_version=report.version,
        acting_user=operator,
        today=date(2023, 7, 1),
    )
    client.force_login(make_user("approver"))
    response = client.get(reverse("incubators:history", args=[base.pk]))
    assert response.status_code == 200
    latest = response.context["changes"][0]
    assert latest["user"] == operator
    assert latest["diffs"] == [{"field": "members", "old": 100, "new": 105}]
    client.force_login(make_user("youth"))
    assert client.get(reverse("incubators:history", args=[base.pk])).status_code == 403


# --- dashboard panels --------------------------------------------------------------------------


def test_operator_panel_shows_this_periods_status(client, base, operator):
    client.force_login(operator)
    content = client.get("/en/dashboard/").content.decode()
    assert 'data-testid="incubators-operator-panel"' in content
    assert "File the report" in content
    services.report_save(
        base=base,
        period=rules.parse_period(last_month()),
        figures=figures(),
        expected_version=None,
        acting_user=operator,
    )
    assert "Change the report" in client.get("/en/dashboard/").content.decode()


def test_staff_panel_counts_work(client, base, operator, make_user):
    flagged_report(base, operator)
    client.force_login(make_user("reviewer"))
    response = client.get("/en/dashboard/")
    panel = next(p for p in response.context["panels"] if p["template"] == "incubators/panel_staff.html")
    assert panel["flags"] >= 1 and panel["corrections"] == 1 and panel["missing"] == 1


def test_youth_sees_no_incubator_panel(client, make_user):
    client.force_login(make_user("youth"))
    templates = [p["template"] for p in client.get("/en/dashboard/").context["panels"]]
    assert not any(t.startswith("incubators/") for t in templates)


def test_missing_figure_gets_the_rules_message(client, base, operator):
    client.force_login(operator)
    url = reverse("incubators:report_edit", args=[base.pk, last_month()])
    response = client.post(url, report_post(members=""), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["members"] == ["Enter the team members."]
    assert ProjectCountReport.objects.count() == 0


def test_report_form_in_traditional_chinese(client, base, operator):
    client.force_login(operator)
    url = reverse("incubators:report_edit", args=[base.pk, last_month()]).replace("/en/", "/zh-hant/", 1)
    response = client.post(url, report_post(incubated_hkmo=25))
    assert "不可以多於" in response.context["form"].errors["incubated_hkmo"][0]


def test_admin_pages_for_bases_and_reports(client, make_user, base):
    admin = make_user(None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    ReportFactory(base=base)
    for url in (
        "/en/admin/incubators/base/",
        f"/en/admin/incubators/base/{base.pk}/change/",
        f"/en/admin/incubators/base/{base.pk}/history/",
        "/en/admin/incubators/projectcountreport/",
        "/en/admin/incubators/anomalyflag/",
    ):
        assert client.get(url).status_code == 200, url


def make_flagged(n: int) -> None:
    for _ in range(n):
        base = BaseFactory()
        ReportFactory(base=base, period=date(2023, 5, 1))
        report = ReportFactory(base=base, period=date(2023, 6, 1), correction_status=CorrectionStatus.PENDING)
        AnomalyFlag.objects.create(report=report, kind="jump", field="members", previous_value=100, current_value=300)
        AnomalyFlag.objects.create(
            report=report,
            kind="jump",
            field="ip_items",
            previous_value=1,
            current_value=9,
            status=FlagStatus.CONFIRMED,
        )


@pytest.mark.parametrize("n", [1, 8])
def test_review_page_query_count_is_fixed(client, make_user, django_assert_num_queries, n):
    make_flagged(n)
    client.force_login(make_user("reviewer"))
    # 1 user, 1 the user's roles (the session comes from the cache); then 1 open flags with their reports and bases,
    # 1 resolved flags, 1 pending corrections, 1 bases missing last month's report
    with django_assert_num_queries(6):
        response = client.get(reverse("incubators:review"))
    assert len(response.context["flags"]) == n


@pytest.mark.parametrize("n", [1, 6])
def test_history_page_query_count_is_fixed(client, base, operator, make_user, django_assert_num_queries, n):
    version = None
    for month in range(1, n + 1):
        report = services.report_save(
            base=base,
            period=date(2023, month, 1),
            figures=figures(),
            expected_version=None,
            acting_user=operator,
            today=date(2023, 12, 1),
        )
        version = report.version
    services.report_save(
        base=base,
        period=date(2023, n, 1),
        figures=figures(members=101),
        expected_version=version,
        acting_user=operator,
        today=date(2023, 12, 1),
    )
    client.force_login(make_user("approver"))
    # 1 user (the session from the cache), 1 the base, 1 the user's roles, 1 history rows with their users
    with django_assert_num_queries(4):
        response = client.get(reverse("incubators:history", args=[base.pk]))
    assert len(response.context["changes"]) == n + 1


def test_admin_photo_upload_is_validated(make_user, base):
    from incubators.admin import BasePhotoAdminForm

    bad = BasePhotoAdminForm(data={"caption": "x"}, files={"image": SimpleUploadedFile("x.png", b"not an image")})
    assert not bad.is_valid() and "image" in bad.errors
    good = BasePhotoAdminForm(data={"caption": "x"}, files={"image": SimpleUploadedFile("x.png", png((2000, 100)))})
    assert good.is_valid(), good.errors
    photo = good.save(commit=False)
    photo.base = base
    photo.save()
    assert photo.width == 1600 and photo.image.name.endswith(".jpg")


def test_statistics_page_carries_forward_and_says_who_reported(client):
    """Issue 14 #3 on the page: the chart and the table run month by month from the first report,
    every base counted with its latest report, and the page says how many reported that month."""
    a, b = BaseFactory(), BaseFactory(region=luohu())
    ReportFactory(base=a, period=date(2023, 4, 1), incubated_total=10, incubated_hkmo=5)
    ReportFactory(base=b, period=date(2023, 4, 1), incubated_total=20, incubated_hkmo=5)
    ReportFactory(base=a, period=date(2023, 6, 1), incubated_total=12, incubated_hkmo=5)
    response = client.get("/en/bases/statistics/?period=2023-06")
    current = response.context["current"]
    assert (current["incubated_total"], current["bases"], current["bases_reported"]) == (32, 2, 1)
    assert {row["label"]: row["incubated_total"] for row in response.context["district"]} == {"Futian": 12, "Luohu": 20}
    trend = response.context["chart"]["trend"]
    assert trend["labels"] == ["2023-04", "2023-05", "2023-06"]  # nothing drawn before the first report
    assert trend["series"][0]["data"] == [30, 30, 32]  # May carries April forward: no dip
    content = response.content.decode()
    assert "2 bases counted, each with its latest report up to this month." in content
    assert "1 base reported for this month itself." in content


def test_reports_are_offered_for_ended_months_and_a_gap_is_said(client, make_user):
    """The base page offers the last two months that have ended, never the current one (its
    figures are not whole yet, and its page is not there); a report whose last one is months
    older says so above the comparison."""
    from django.utils import timezone

    from accounts.roles import BASE_OPERATOR
    from incubators import rules
    from tests.incubators.factories import BaseFactory, ReportFactory

    operator = make_user(BASE_OPERATOR)
    base = BaseFactory()
    base.operators.add(operator)
    this_month = rules.month_start(timezone.localdate())
    last = rules.previous_month(this_month)
    ReportFactory(base=base, period=last.replace(year=last.year - 3))
    client.force_login(operator)
    page = client.get(f"/en/bases/{base.pk}/").content.decode()
    assert f"Report for {rules.format_period(last)}" in page
    assert f"Report for {rules.format_period(this_month)}" not in page
    assert client.get(f"/en/bases/{base.pk}/reports/{rules.format_period(this_month)}/").status_code == 404
    form = client.get(f"/zh-hant/bases/{base.pk}/reports/{rules.format_period(last)}/").content.decode()
    assert "比這份早 36 個月" in form
