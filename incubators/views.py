"""Pages: thin (parse, call a selector or a service, render)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import NoReturn

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import is_bureau_staff
from portal.errors import Conflict, DomainError, NotAllowed, NotFound, form_refusal

from . import report_extras, rules, selectors, services
from .forms import (
    BaseFilterForm,
    CorrectionReviewForm,
    FlagResolveForm,
    PhotoForm,
    ProfileForm,
    ReportForm,
    StatsFilterForm,
    offered,
)
from .models import Base, CorrectionStatus, FlagStatus, ProjectCountReport, RecognitionLevel
from .workflow import CORRECTION, FLAG, OPERATOR, may_decide


def _refused(error: DomainError) -> NoReturn:
    """A refusal that is a whole page: 403 for who may not, 404 for what is not there."""
    if isinstance(error, NotFound):
        raise Http404(str(error.message))
    raise PermissionDenied(str(error.message))


def _base_or_404(pk: int) -> Base:
    base = selectors.base_by_pk(pk)
    if base is None:
        raise Http404
    return base


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
    base = selectors.base_detail(pk)
    if base is None:
        raise Http404
    reports = selectors.base_reports(base)
    latest = reports[-1] if reports else None
    previous = reports[-2] if len(reports) > 1 else None
    can_operate = OPERATOR in selectors.roles_on_base(request.user, base)
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
            # the last two months that have ended (a month is reported once it is over)
            "report_periods": [
                rules.format_period(rules.previous_month(rules.month_start(today))),
                rules.format_period(rules.previous_month(rules.previous_month(rules.month_start(today)))),
            ],
        },
    )


@login_required
def report_edit(request, pk: int, period: str):
    """File or change the base's report for a month. Only the base's operators."""
    base = _base_or_404(pk)
    try:
        services.base_operator_required(base=base, user=request.user)
    except NotAllowed as refusal:
        _refused(refusal)
    period_date = rules.parse_period(period)
    if period_date is None or rules.period_errors(period_date, today=timezone.localdate()):
        raise Http404
    report = selectors.report_of(base, period_date)
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_save(
                    base=base,
                    period=period_date,
                    figures={field: data.get(field) for field in rules.FIGURE_FIELDS},
                    correction_reason=data.get("correction_reason") or "",
                    expected_version=data.get("version") or None,
                    acting_user=request.user,
                )
            except (NotAllowed, NotFound) as refusal:
                _refused(refusal)
            except Conflict as stale:
                form.add_error(None, str(stale.message))  # at the top: the version field is hidden
            except DomainError as refusal:
                # the form is shown again with the messages at their fields (a 200, as every form page)
                form_refusal(form, refusal)
            else:
                messages.success(request, _("The report for %(period)s was saved.") % {"period": period})
                return redirect("incubators:base_detail", pk=base.pk)
    else:
        initial = {"version": report.version} if report else {}
        form = ReportForm(instance=report, initial=initial)
    previous = selectors.report_before(base, period_date)
    return render(
        request,
        "incubators/report_form.html",
        {
            "base": base,
            "period": period,
            "report": report,
            "previous": previous,
            "months_since_previous": rules.months_between(previous.period, period_date) if previous else None,
            "kept_elsewhere": report_extras.for_report(base, period_date),
            "form": form,
        },
    )


@login_required
def base_edit(request, pk: int):
    """The base's operators keep its practical details and photos current."""
    base = _base_or_404(pk)
    try:
        services.base_change_required(base=base, user=request.user)
    except NotAllowed as refusal:
        _refused(refusal)
    profile_form = ProfileForm(instance=base)
    photo_form = PhotoForm()
    if request.method == "POST" and request.POST.get("action") == "profile":
        profile_form = ProfileForm(request.POST, instance=selectors.base_by_pk(pk))
        if profile_form.is_valid():
            try:
                services.base_profile_update(base=base, data=profile_form.cleaned_data, acting_user=request.user)
            except (NotAllowed, NotFound) as refusal:
                _refused(refusal)
            except DomainError as refusal:
                form_refusal(profile_form, refusal)
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
            except (NotAllowed, NotFound) as refusal:
                _refused(refusal)
            except DomainError as refusal:
                form_refusal(photo_form, refusal)
            else:
                messages.success(request, _("The photo was added."))
                return redirect("incubators:base_detail", pk=base.pk)
    return render(
        request, "incubators/base_edit.html", {"base": base, "profile_form": profile_form, "photo_form": photo_form}
    )


@login_required
def report_history(request, pk: int):
    base = _base_or_404(pk)
    if not (is_bureau_staff(request.user) or selectors.user_operates_base(request.user, base)):
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
    region = request.GET.get("region", "")
    if not rules.is_slug(region):
        region = ""
    filters = selectors.StatsFilters(level=level, region=region)
    period = rules.parse_period(request.GET.get("period"))
    data = selectors.statistics(period=period, filters=filters)
    data["level"] = level
    data["region"] = region
    # the region chosen, named as its group is (it is among the groups when chosen)
    data["region_label"] = next(
        (row["label"] for row in (*data["city"], *data["district"]) if region and row["group"] == region), region
    )
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
        _("Reported for the period"),
        *[rules.figure_label(field) for field in rules.FIGURE_FIELDS],
    ]
    rows: list[list] = [header]
    period_label = rules.format_period(data["period"]) if data["period"] else ""

    def line(table: str, group: str, period: str, row: dict) -> list:
        figures = [row[field] for field in rules.FIGURE_FIELDS]
        return [table, group, period, row["bases"], row["bases_reported"], *figures]

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


@login_required
def review(request):
    """Flags to resolve, corrections to accept, reports missing: the bureau's work list."""
    if not is_bureau_staff(request.user):
        raise PermissionDenied(_("Only HR bureau staff can see this page."))
    roles = selectors.roles_on_base(request.user, None)
    last_period = rules.previous_month(rules.month_start(timezone.localdate()))
    return render(
        request,
        "incubators/review.html",
        {
            "flags": [
                (flag, FlagResolveForm(prefix=f"flag-{flag.pk}", roles=roles, state=FlagStatus.OPEN))
                for flag in selectors.open_flags()
            ],
            "resolved": selectors.resolved_flags(),
            "corrections": [
                (
                    report,
                    CorrectionReviewForm(prefix=f"correction-{report.pk}", roles=roles, state=CorrectionStatus.PENDING),
                )
                for report in selectors.pending_corrections()
            ],
            "missing": list(selectors.bases_missing_report(last_period)),
            "last_period": rules.format_period(last_period),
        },
    )


def _next_page(request, default: str):
    """Back where the decision was taken (the review list or the report's page)."""
    target = request.POST.get("next", "")
    # a path of this site only, sent as it is: redirect() would take "²" for a view's name and
    # fail to reverse it (a 500 the bad-input suite found)
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    if target.startswith("/") and allowed:
        return HttpResponseRedirect(target)
    return redirect(default)


@login_required
@require_safe
def report_detail(request, report_id: int):
    """A report's page, for its base's operators and HR bureau staff: the figures, the correction
    and flags with what the reader may decide on them, and the report's timeline."""
    report = selectors.report_page(report_id)
    if report is None:
        raise Http404
    roles = selectors.roles_on_base(request.user, report.base_id)
    if OPERATOR not in roles and not is_bureau_staff(request.user):
        raise PermissionDenied
    return _report_page(request, report, roles)


def _report_page(request, report, roles, *, refused=None, form=None, status: int = 200):
    """The report's page. `form` is a decision form that was refused (`refused` says which):
    shown in its place with its messages, or with them at the top of the page when the decision
    is no longer offered (someone else took it first)."""
    placed = False
    flags = []
    for flag in selectors.report_flags(report):
        flag_form = None
        if offered(FLAG, roles, flag.status):
            placed = placed or refused == ("flag", flag.pk)
            flag_form = (
                form
                if refused == ("flag", flag.pk)
                else FlagResolveForm(prefix=f"flag-{flag.pk}", roles=roles, state=flag.status)
            )
        flags.append((flag, flag_form))
    correction_form = None
    if offered(CORRECTION, roles, report.correction_status):
        placed = placed or refused == ("correction", report.pk)
        correction_form = (
            form
            if refused == ("correction", report.pk)
            else CorrectionReviewForm(prefix=f"correction-{report.pk}", roles=roles, state=report.correction_status)
        )
    return render(
        request,
        "incubators/report_detail.html",
        {
            "report": report,
            "base": report.base,
            "flags": flags,
            "correction_form": correction_form,
            "refused_form": form if form is not None and not placed else None,
            "can_operate": OPERATOR in roles,
            "timeline": selectors.report_timeline(report),
        },
        status=status,
    )


@login_required
@require_POST
def flag_resolve(request, flag_id: int):
    flag = selectors.flag_page(flag_id)
    if flag is None:
        raise Http404
    roles = selectors.roles_on_base(request.user, flag.report.base_id)
    if not may_decide(FLAG, roles):
        raise PermissionDenied(_("Only HR bureau staff can do this."))
    form = FlagResolveForm(request.POST, prefix=f"flag-{flag_id}", roles=roles)
    if not form.is_valid():
        messages.error(request, _("Choose whether to confirm or query the figure."))
        return _next_page(request, "incubators:review")
    try:
        services.flag_resolve(
            flag_id=flag_id,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        )
    except (NotAllowed, NotFound) as refusal:
        _refused(refusal)
    except DomainError as refusal:
        status = form_refusal(form, refusal)
        return _report_page(request, flag.report, roles, refused=("flag", flag.pk), form=form, status=status)
    if form.cleaned_data["status"] == FlagStatus.CONFIRMED:
        messages.success(request, _("The figure was confirmed."))
    else:
        messages.success(request, _("The figure was queried; the operators were told."))
    return _next_page(request, "incubators:review")


@login_required
@require_POST
def correction_review(request, report_id: int):
    report = selectors.report_page(report_id)
    if report is None:
        raise Http404
    roles = selectors.roles_on_base(request.user, report.base_id)
    if not may_decide(CORRECTION, roles):
        raise PermissionDenied(_("Only HR bureau staff can do this."))
    form = CorrectionReviewForm(request.POST, prefix=f"correction-{report_id}", roles=roles)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or reject the correction."))
        return _next_page(request, "incubators:review")
    try:
        services.report_correction_review(
            report_id=report_id,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
            acting_user=request.user,
        )
    except (NotAllowed, NotFound) as refusal:
        _refused(refusal)
    except DomainError as refusal:
        status = form_refusal(form, refusal)
        return _report_page(request, report, roles, refused=("correction", report.pk), form=form, status=status)
    messages.success(request, _("The correction was reviewed."))
    return _next_page(request, "incubators:review")
