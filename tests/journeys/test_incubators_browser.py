"""In headless Chromium: the demo operator signs in, files this period's report for their base,
and sees the statistics change."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from incubators import rules
from incubators.models import Base, ProjectCountReport


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_files_a_report_and_sees_the_statistics_change(
    live_server, page, screenshot_dir, serious_a11y_violations, csp_violations
):
    problems: list[str] = []
    call_command("load_demo", verbosity=0)
    period = rules.format_period(rules.previous_month(rules.month_start(timezone.localdate())))
    workshop = Base.objects.get(name_zh_hans="粤港澳青年创新创业工场")

    # before: the statistics show the seeds' latest month, June 2023
    page.goto(f"{live_server.url}/en/bases/statistics/?level=municipal")
    assert "2023-06" in page.get_by_test_id("stats-period").inner_text()
    assert page.get_by_test_id("stats-totals").get_by_test_id("incubated_total").inner_text() == "1582"
    page.screenshot(path=str(screenshot_dir / "incubators-statistics-before.png"), full_page=True)

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email address").fill(DEMO_USERS["operator"][0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/zh-hant/dashboard/")
    panel = page.get_by_test_id("incubators-operator-panel")
    assert workshop.name_zh_hant in panel.inner_text()
    page.screenshot(path=str(screenshot_dir / "incubators-operator-dashboard.png"), full_page=True)
    problems.extend(serious_a11y_violations(page))

    panel.locator(f"a[href$='/reports/{period}/']").click()
    page.wait_for_url(f"**/bases/{workshop.pk}/reports/{period}/")
    values = {
        "incubated_total": "25",
        "incubated_hkmo": "22",
        "incubating": "16",
        "incubating_hkmo": "15",
        "members": "370",
        "members_hkmo": "57",
        "ip_items": "205",
        "financing_rmb": "280000000",
    }
    # first a mistake: more HK/Macau projects than projects
    page.fill("#id_incubated_total", "20")
    for field, value in values.items():
        if field != "incubated_total":
            page.fill(f"#id_{field}", value)
    page.locator("main form button.govuk-button").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_incubated_hkmo_error").is_visible()
    page.screenshot(path=str(screenshot_dir / "incubators-report-error.png"), full_page=True)
    problems.extend(serious_a11y_violations(page))
    assert not ProjectCountReport.objects.filter(base=workshop, period=rules.parse_period(period)).exists()

    page.fill("#id_incubated_total", values["incubated_total"])
    page.locator("main form button.govuk-button").click()
    page.wait_for_url(f"**/bases/{workshop.pk}/")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    page.screenshot(path=str(screenshot_dir / "incubators-base-after-report.png"), full_page=True)
    problems.extend(serious_a11y_violations(page))

    # after (issue 14 #3): one base's report for a month does not collapse the city-wide figures.
    # The default period stays the last complete one (the demo's reports stop in June 2023) ...
    page.goto(f"{live_server.url}/en/bases/statistics/?level=municipal")
    assert "2023-06" in page.get_by_test_id("stats-period").inner_text()
    # ... and the month just reported counts every base with its latest report: the Workshop's
    # 23 became 25, the six others carry forward (1,582 - 23 + 25), and one base reported for it.
    for lang, reported in (
        ("en", "1 base reported for this month itself."),
        ("zh-hant", "1 個基地已就本月提交報告。"),
        ("zh-hans", "1 个基地已就本月提交报告。"),
    ):
        page.goto(f"{live_server.url}/{lang}/bases/statistics/?level=municipal&period={period}")
        totals = page.get_by_test_id("stats-totals")
        assert totals.get_by_test_id("incubated_total").inner_text() == "1584"
        assert reported in page.get_by_test_id("stats-bases").inner_text()
        problems.extend(serious_a11y_violations(page))
    assert page.locator("canvas[data-chart]").count() == 2
    page.wait_for_function("() => window.Chart && window.Chart.getChart(document.querySelector('canvas'))")
    drawn = page.evaluate(
        """() => { const chart = window.Chart.getChart(document.querySelector("canvas[data-chart=line]"));
        return {first: chart.data.labels[0], modes: chart.data.datasets.map(d => d.cubicInterpolationMode),
                values: chart.data.datasets[0].data}; }"""
    )
    # nothing drawn before the first report, and no curve swinging past the figures it joins
    assert drawn["first"] == "2023-01" and set(drawn["modes"]) == {"monotone"}
    assert min(drawn["values"][5:]) == 1582  # from June 2023 on, never below: no cliff
    page.screenshot(path=str(screenshot_dir / "incubators-statistics-after.png"), full_page=True)
    report = ProjectCountReport.objects.get(base=workshop, period=rules.parse_period(period))
    assert report.submitted_by.email == DEMO_USERS["operator"][0]
    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_review_and_history_pages_are_accessible(
    live_server, page, screenshot_dir, serious_a11y_violations, csp_violations
):
    from datetime import date

    from accounts.demo import demo_user
    from incubators import services

    call_command("load_demo", verbosity=0)
    workshop = Base.objects.get(name_zh_hans="粤港澳青年创新创业工场")
    june = workshop.reports.get(period=date(2023, 6, 1))
    figures = {field: getattr(june, field) for field in rules.FIGURE_FIELDS}
    figures["members"] = 700  # a jump: flagged for staff
    services.report_save(
        base=workshop,
        period=date(2023, 6, 1),
        figures=figures,
        expected_version=june.version,
        acting_user=demo_user("operator"),
    )
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email address").fill(DEMO_USERS["reviewer"][0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    problems = list(serious_a11y_violations(page))
    for path in ("/zh-hans/bases/review/", f"/zh-hans/bases/{workshop.pk}/history/", f"/en/bases/{workshop.pk}/"):
        page.goto(f"{live_server.url}{path}")
        problems.extend(f"{path}: {v}" for v in serious_a11y_violations(page))
        page.screenshot(
            path=str(screenshot_dir / f"incubators-staff-{path.strip('/').replace('/', '-')}.png"), full_page=True
        )
    page.goto(f"{live_server.url}/zh-hans/bases/review/")
    page.get_by_test_id("incubators-flags").locator("input[value=confirmed]").first.check()
    page.get_by_test_id("incubators-flags").locator("button").first.click()
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)
