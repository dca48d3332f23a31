"""Dashboard panels: staff see what to review; operators see their bases' report for the period."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import BASE_OPERATOR, has_role, is_bureau_staff

from . import conf, rules, selectors
from .models import FlagStatus


def panels(request) -> list[dict]:
    user = request.user
    result: list[dict] = []
    period = rules.previous_month(rules.month_start(timezone.localdate()))
    label = rules.format_period(period)
    if is_bureau_staff(user):
        result.append(
            {
                "title": _("Incubator bases"),
                "template": "incubators/panel_staff.html",
                "flags": selectors.open_flags().count(),
                "corrections": selectors.pending_corrections().count(),
                "missing": selectors.bases_missing_report(period).count(),
                "period": label,
            }
        )
    if has_role(user, BASE_OPERATOR):
        bases = list(selectors.bases_operated_by(user))
        if bases:
            reports = selectors.reports_of_period(bases, period)
            rows = []
            for base in bases:
                report = reports.get(base.pk)
                open_flags = report is not None and any(f.status == FlagStatus.OPEN for f in report.flags.all())
                rows.append({"base": base, "report": report, "open_flags": open_flags})
            due = rules.report_due_date(period, due_day=conf.report_due_day())
            result.append(
                {
                    "title": _("Your incubator base"),
                    "template": "incubators/panel_operator.html",
                    "rows": rows,
                    "period": label,
                    "due": due.isoformat(),
                    "overdue": timezone.localdate() > due,
                }
            )
    return result
