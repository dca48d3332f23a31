"""Pages: thin (parse, call a selector or a service, render)."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_bureau_staff

from . import rules, selectors, services
from .forms import (
    BaseFilterForm,
    CorrectionReviewForm,
    FlagResolveForm,
    PhotoForm,
    ProfileForm,
    ReportForm,
    StatsFilterForm,
)
from .models import AnomalyFlag, Base, FlagStatus, ProjectCountReport, RecognitionLevel


def base_list(request):
    choices = selectors.base_filter_choices()
    form = BaseFilterForm(request.GET or None, cities=choices["cities"], districts=choices["districts"])
    filters = selectors.BaseFilters()
    if form.is_valid():
        filters = selectors.BaseFilters(
            **{key: form.cleaned_data[key] or "" for key in ("q", "city", "district", "level")}
        )
    page = Paginator(selectors.base_list(filters), 20).get_page(request.GET.get("page"))
    return render(request, "incubators/base_list.html", {"form": form, "page_obj": page, "bases": page.object_list})


def _trend_data(reports: list[ProjectCountReport]) -> dict:
    return {
        "labels": [report.period_label for report in reports],
        "series": [
            {"label": _("Projects incubated to date"), "data": [r.incubated_total for r in reports]},
            {"label": _("Hong Kong / Macau projects incubated to date"), "data": [r.incubated_hkmo for r in reports]},
            {"label": _("Projects incubating now"), "data": [r.incubating for r in reports]},
        ],
    }


def base_detail(request, pk: int):
    base = get_object_or_404(Base.objects.prefetch_related("photos"), pk=pk)
    reports = selectors.base_reports(base)
    latest = reports[-1] if reports else None
    previous = reports[-2] if len(reports) > 1 else None
    can_operate = services.user_operates_base(request.user, base)
    today = timezone.localdate()
    return render(
        request,
        "incubators/base_detail.html",
        {
            "base": base,
            "reports": list(reversed(reports)),
            "latest": latest,
            "previous": previous,
            "latest_share": rules.share_points(latest.incubated_hkmo, latest.incubated_total) if latest else None,
            "trend": _trend_data(reports),
            "can_operate": can_operate,
            "can_see_history": can_operate or is_bureau_staff(request.user),
            "report_periods": [
                rules.format_period(rules.previous_month(rules.month_start(today))),
                rules.format_period(rules.month_start(today)),
            ],
        },
    )


def _operated_base_or_403(request, pk: int) -> Base:
    base = get_object_or_404(Base, pk=pk)
    if not services.user_operates_base(request.user, base):
        raise PermissionDenied(_("You can only change the bases you operate."))
    return base


@login_required
def report_edit(request, pk: int, period: str):
    """File or change the base's report for a month. Only the base's operators."""
    base = _operated_base_or_403(request, pk)
    period_date = rules.parse_period(period)
    if period_date is None or rules.period_errors(period_date, today=timezone.localdate()):
        raise Http404
    report = ProjectCountReport.objects.filter(base=base, period=period_date).first()
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            expected = data.get("version") or None
            try:
                services.report_save(
                    base=base,
                    period=period_date,
                    figures={field: data.get(field) for field in rules.FIGURE_FIELDS},
                    correction_reason=data.get("correction_reason") or "",
                    expected_version=expected,
                    acting_user=request.user,
                )
            except services.StaleReportError as stale:
                form.add_error(None, stale.message)
            except services.ReportValidationError as invalid:
                for field, field_errors in invalid.errors.items():
                    for message in field_errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("The report for %(period)s was saved.") % {"period": period})
                return redirect("incubators:base_detail", pk=base.pk)
    else:
        initial = {"version": report.version} if report else {}
        form = ReportForm(instance=report, initial=initial)
    previous = ProjectCountReport.objects.filter(base=base, period__lt=period_date).order_by("-period").first()
    return render(
        request,
        "incubators/report_form.html",
        {"base": base, "period": period, "report": report, "previous": previous, "form": form},
    )


@login_required
def base_edit(request, pk: int):
    """The base's operators keep its practical details and photos current."""
    base = get_object_or_404(Base, pk=pk)
    if not (services.user_operates_base(request.user, base) or is_bureau_staff(request.user)):
        raise PermissionDenied(_("You can only change the bases you operate."))
    profile_form = ProfileForm(instance=base)
    photo_form = PhotoForm()
    if request.method == "POST" and request.POST.get("action") == "profile":
        profile_form = ProfileForm(request.POST, instance=Base.objects.get(pk=base.pk))
        if profile_form.is_valid():
            try:
                services.base_profile_update(base=base, data=profile_form.cleaned_data, acting_user=request.user)
            except ValidationError as error:
                profile_form.add_error(None, error)
            else:
                messages.success(request, _("The base's details were saved."))
                return redirect("incubators:base_detail", pk=base.pk)
    elif request.method == "POST" and request.POST.get("action") == "photo":
        photo_form = PhotoForm(request.POST, request.FILES)
        if photo_form.is_valid():
            try:
                services.base_photo_add(
                    base=base,
                    upload=photo_form.cleaned_data["image"],
                    caption=photo_form.cleaned_data["caption"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                photo_form.add_error("image", error)
            else:
                messages.success(request, _("The photo was added."))
                return redirect("incubators:base_detail", pk=base.pk)
    return render(
        request, "incubators/base_edit.html", {"base": base, "profile_form": profile_form, "photo_form": photo_form}
    )


@login_required
def report_history(request, pk: int):
    base = get_object_or_404(Base, pk=pk)
    if not (is_bureau_staff(request.user) or services.user_operates_base(request.user, base)):
        raise PermissionDenied
    labels = {field: rules.figure_label(field) for field in rules.FIGURE_FIELDS}
    labels.update(
        {
            "correction_reason": _("correction reason"),
            "correction_status": _("correction status"),
            "correction_note": _("staff note on the correction"),
        }
    )
    return render(
        request,
        "incubators/history.html",
        {"base": base, "changes": selectors.report_history(base), "labels": labels},
    )


# --- Statistics ----------------------------------------------------------------------------


def _stats_context(request) -> dict:
    level = request.GET.get("level", "")
    if level not in RecognitionLevel.values:
        level = ""
    filters = selectors.StatsFilters(level=level)
    period = rules.parse_period(request.GET.get("period"))
    data = selectors.statistics(period=period, filters=filters)
    data["level"] = level
    return data


def statistics(request):
    data = _stats_context(request)
    periods = [rules.format_period(p) for p in data["periods"]]
    form = StatsFilterForm(request.GET or None, periods=periods)
    form.is_valid()
    chart = {
        "trend": {
            "labels": periods,
            "series": [
                {"label": _("Projects incubated to date"), "data": [r["incubated_total"] for r in data["by_period"]]},
                {
                    "label": _("Hong Kong / Macau projects incubated to date"),
                    "data": [r["incubated_hkmo"] for r in data["by_period"]],
                },
                {"label": _("Projects incubating now"), "data": [r["incubating"] for r in data["by_period"]]},
            ],
        },
        "district": {
            "labels": [r["label"] for r in data["district"]],
            "series": [
                {"label": _("Projects incubated to date"), "data": [r["incubated_total"] for r in data["district"]]},
                {
                    "label": _("Hong Kong / Macau projects incubated to date"),
                    "data": [r["incubated_hkmo"] for r in data["district"]],
                },
            ],
        },
    }
    return render(
        request,
        "incubators/statistics.html",
        {
            **data,
            "form": form,
            "chart": chart,
            "period_label": rules.format_period(data["period"]) if data["period"] else "",
            "query": request.GET.urlencode(),
        },
    )


def _export_rows(data: dict) -> list[list]:
    header = [
        _("Table"),
        _("Group"),
        _("Period"),
        _("Bases"),
        *[rules.figure_label(field) for field in rules.FIGURE_FIELDS],
    ]
    rows: list[list] = [header]
    period_label = rules.format_period(data["period"]) if data["period"] else ""

    def line(table: str, group: str, period: str, row: dict) -> list:
        return [table, group, period, row["bases"], *[row[field] for field in rules.FIGURE_FIELDS]]

    for row in data["by_period"]:
        rows.append(line(_("By period"), "", rules.format_period(row["period"]), row))
    for key, title in (("city", _("By city")), ("district", _("By district")), ("recognition_level", _("By level"))):
        for row in data[key]:
            rows.append(line(title, row["label"], period_label, row))
    return [[rules.neutralise_cell(cell) for cell in row] for row in rows]


def statistics_download(request, fmt: str):
    rows = _export_rows(_stats_context(request))
    stamp = date.today().isoformat()  # noqa: DTZ011 - a file name only
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly with a BOM
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="incubator-statistics-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "statistics"
        for row in rows:
            sheet.append([float(cell) if hasattr(cell, "as_tuple") else cell for cell in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="incubator-statistics-{stamp}.xlsx"'
        return response
    raise Http404


# --- Staff review ----------------------------------------------------------------------------


def _staff_only(request) -> None:
    if not is_bureau_staff(request.user):
        raise PermissionDenied(_("Only HR bureau staff can see this page."))


@login_required
def review(request):
    """Flags to resolve, corrections to accept, reports missing: the bureau's work list."""
    _staff_only(request)
    last_period = rules.previous_month(rules.month_start(timezone.localdate()))
    return render(
        request,
        "incubators/review.html",
        {
            "flags": [(flag, FlagResolveForm(prefix=f"flag-{flag.pk}")) for flag in selectors.open_flags()],
            "resolved": selectors.resolved_flags(),
            "corrections": [
                (report, CorrectionReviewForm(prefix=f"correction-{report.pk}"))
                for report in selectors.pending_corrections()
            ],
            "missing": list(selectors.bases_missing_report(last_period)),
            "last_period": rules.format_period(last_period),
        },
    )


@login_required
@require_POST
def flag_resolve(request, flag_id: int):
    _staff_only(request)
    get_object_or_404(AnomalyFlag, pk=flag_id)
    form = FlagResolveForm(request.POST, prefix=f"flag-{flag_id}")
    if form.is_valid():
        try:
            services.flag_resolve(
                flag_id=flag_id,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = (
                _("The figure was confirmed.")
                if form.cleaned_data["status"] == FlagStatus.CONFIRMED
                else _("The figure was queried; the operators were told.")
            )
            messages.success(request, done)
    else:
        messages.error(request, _("Choose whether to confirm or query the figure."))
    return redirect("incubators:review")


@login_required
@require_POST
def correction_review(request, report_id: int):
    _staff_only(request)
    get_object_or_404(ProjectCountReport, pk=report_id)
    form = CorrectionReviewForm(request.POST, prefix=f"correction-{report_id}")
    if form.is_valid():
        try:
            services.report_correction_review(
                report_id=report_id,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The correction was reviewed."))
    else:
        messages.error(request, _("Choose whether to accept or reject the correction."))
    return redirect("incubators:review")
