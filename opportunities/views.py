"""Pages: thin (parse, call a selector or a service, render)."""

from __future__ import annotations

import csv
import io
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import User
from portal.errors import DomainError, NotFound, form_refusal
from portal.models import Region
from subsidies.rules import spreadsheet_safe

from . import rules, selectors, services, workflow
from .forms import ApplicationActionForm, ApplyForm, VacancyFilterForm
from .models import ApplicationState, Vacancy, VacancyState

PAGE_SIZE = 20


def _signed_in(request: HttpRequest) -> User:
    return cast(User, request.user)


def _region_choices() -> list[tuple[str, str]]:
    """Cities with published vacancies, each followed by its districts that have some. One query
    for the regions, one for the regions in use."""
    regions = list(Region.objects.select_related("parent"))
    used = set(Vacancy.objects.filter(state=VacancyState.PUBLISHED).values_list("region_id", flat=True).distinct())
    by_id = {region.pk: region for region in regions}
    wanted: set[int] = set()
    for region_id in used:
        region = by_id.get(region_id)
        while region is not None:
            wanted.add(region.pk)
            region = by_id.get(region.parent_id) if region.parent_id else None
    choices: list[tuple[str, str]] = []

    def add(region: Region, depth: int) -> None:
        choices.append((region.slug, ("— " * depth) + region.name))
        for child in sorted((r for r in regions if r.parent_id == region.pk and r.pk in wanted), key=lambda r: r.slug):
            add(child, depth + 1)

    for city in sorted((r for r in regions if r.parent_id is None and r.pk in wanted), key=lambda r: r.slug):
        add(city, 0)
    return choices


def vacancy_list(request: HttpRequest) -> HttpResponse:
    """Published internships and jobs, filtered by kind, city or district (slugs) and a search."""
    form = VacancyFilterForm(request.GET or None, regions=_region_choices())
    filters = selectors.VacancyFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.VacancyFilters(q=data["q"] or "", kind=data["kind"] or "", city=data["city"] or "")
    vacancies = selectors.vacancy_list(request.user, filters, published_only=True)
    page = Paginator(vacancies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "opportunities/list.html",
        {
            "form": form,
            "page_obj": page,
            "vacancies": page.object_list,
            "is_youth": roles.has_role(request.user, roles.YOUTH),
            "filtered": bool(filters.q or filters.kind or filters.city),
            "filters": filters,
        },
    )


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    """ "Email me new matches": the list's filters saved for the daily digest."""
    form = VacancyFilterForm(request.POST, regions=_region_choices())
    back = reverse("opportunities:list")
    if not form.is_valid():
        messages.error(request, _("Check the details you entered and try again."))
        return redirect(back)
    data = form.cleaned_data
    try:
        services.saved_search_create(
            user=_signed_in(request), kind=data["kind"] or "", city=data["city"] or "", q=data["q"] or ""
        )
    except DomainError as refused:
        messages.error(request, str(refused.message))
        return redirect(back)
    messages.success(request, _("Saved: each morning you are told of new vacancies matching this search."))
    return redirect(back)


DIMENSION_LABELS = {
    "plan": _lazy("By internship plan"),
    "cohort": _lazy("By cohort"),
    "city": _lazy("By city"),
    "employer": _lazy("By employer"),
}


def figures(request: HttpRequest) -> HttpResponse:
    """Vacancies, positions, applications, offers, placements, completions and the median days
    to an offer, per plan, cohort, city and employer (no personal data: counts only)."""
    tables = selectors.figures()
    return render(
        request,
        "opportunities/figures.html",
        {"tables": [(DIMENSION_LABELS[name], tables[name]) for name in selectors.FIGURE_DIMENSIONS]},
    )


def _figure_rows() -> list[list]:
    header = [
        _("Grouped by"),
        _("Code"),
        _("Name"),
        _("Vacancies"),
        _("Positions"),
        _("Applications"),
        _("Offers"),
        _("Placements"),
        _("Completions"),
        _("Median days to an offer"),
    ]
    rows: list[list] = [header]
    for name, table in selectors.figures().items():
        for row in table:
            rows.append(
                [
                    name,
                    row.key,
                    spreadsheet_safe(row.label),
                    row.vacancies,
                    row.positions,
                    row.applications,
                    row.offers,
                    row.placements,
                    row.completions,
                    "" if row.median_days_to_offer is None else row.median_days_to_offer,
                ]
            )
    return rows


def figures_download(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = _figure_rows()
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly with a BOM
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="opportunities-figures-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "figures"
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="opportunities-figures-{stamp}.xlsx"'
        return response
    raise Http404


def _vacancy_or_404(request: HttpRequest, pk: int) -> Vacancy:
    try:
        return selectors.vacancy_get(request.user, pk)
    except NotFound:
        raise Http404 from None


def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _vacancy_or_404(request, pk)
    return _render_detail(request, vacancy, ApplyForm())


def _render_detail(request: HttpRequest, vacancy: Vacancy, form: ApplyForm, status: int = 200) -> HttpResponse:
    held = selectors.vacancy_roles(request.user, vacancy)
    today = timezone.localdate()
    return render(
        request,
        "opportunities/detail.html",
        {
            "vacancy": vacancy,
            "city": selectors.city_of(vacancy),
            "positions_left": max(vacancy.positions - getattr(vacancy, "positions_taken", 0), 0),
            "open_for_applications": rules.takes_applications(
                state=vacancy.state, opens_on=vacancy.opens_on, closes_on=vacancy.closes_on, today=today
            ),
            "not_yet_open": vacancy.state == VacancyState.PUBLISHED and today < vacancy.opens_on,
            "application": selectors.existing_application(request.user, vacancy),
            "is_youth": roles.has_role(request.user, roles.YOUTH),
            "is_employer": workflow.EMPLOYER in held,
            "is_staff": workflow.STAFF in held,
            "form": form,
        },
        status=status,
    )


def vacancy_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The application form is on the vacancy's page; this takes what it sends."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={reverse('opportunities:detail', args=[pk])}")
    vacancy = _vacancy_or_404(request, pk)
    if request.method != "POST":
        return redirect("opportunities:detail", pk=pk)
    form = ApplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, vacancy, form, status=400)
    try:
        services.application_create(
            applicant=_signed_in(request),
            vacancy_id=vacancy.pk,
            note=form.cleaned_data["note"],
            education_level=form.cleaned_data["education_level"],
            cv=form.cleaned_data.get("cv"),
        )
    except DomainError as refused:
        return _render_detail(request, vacancy, form, status=form_refusal(form, refused))
    messages.success(request, _("Your application was sent. You can follow it here."))
    return redirect("opportunities:my-applications")


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """A youth's applications, each with its status, what happens next and what they may do."""
    user = _signed_in(request)
    applications = list(selectors.my_applications(user))
    for application in applications:
        held = selectors.application_roles(user, application)
        application.actions = workflow.APPLICATION_WORKFLOW.available(application.state, held)  # type: ignore[attr-defined]
        application.can_claim = (  # type: ignore[attr-defined]
            application.state in (ApplicationState.PLACED, ApplicationState.COMPLETED)
            and application.subsidy_claim_id is None
            and services.placement_scheme(application) is not None
        )
    return render(request, "opportunities/my_applications.html", {"applications": applications})


@login_required
def applicants(request: HttpRequest, pk: int) -> HttpResponse:
    """A vacancy's applicants, for its employer's users and staff: names, education, CVs and the
    actions each application allows them. Never an identity number."""
    vacancy = _vacancy_or_404(request, pk)
    try:
        rows = list(selectors.applicants_of(request.user, vacancy))
    except NotFound:
        raise Http404 from None
    held = selectors.vacancy_roles(request.user, vacancy)
    for application in rows:
        application.actions = workflow.APPLICATION_WORKFLOW.available(application.state, held)  # type: ignore[attr-defined]
    return render(
        request,
        "opportunities/applicants.html",
        {
            "vacancy": vacancy,
            "applications": rows,
            "vacancy_actions": workflow.VACANCY_WORKFLOW.available(vacancy.state, held),
        },
    )


@login_required
@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One action on an application, by its employer or by the youth; back to the page it came
    from, with what happened (or why not) at the top."""
    try:
        application = selectors.application_get(request.user, pk)
    except NotFound:
        raise Http404 from None
    user = _signed_in(request)
    back = (
        reverse("opportunities:my-applications")
        if application.applicant_id == user.pk
        else reverse("opportunities:applicants", args=[application.vacancy_id])
    )
    form = ApplicationActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the details you entered and try again."))
        return redirect(back)
    data = form.cleaned_data
    try:
        services.application_act(
            application_id=pk,
            action=data["action"],
            acting_user=user,
            data=services.ActionInput(
                note=data["reason"] or "", at=data["at"], place=data["place"] or "", start_date=data["start_date"]
            ),
        )
    except DomainError as refused:
        messages.error(request, str(refused.message))
        return redirect(back)
    messages.success(request, _("Done: the application's status was updated and the applicant told."))
    return redirect(back)


@login_required
@require_POST
def application_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Apply for the internship subsidy": the draft claim opens, filled in from the placement."""
    try:
        claim = services.application_claim(application_id=pk, acting_user=_signed_in(request))
    except NotFound:
        raise Http404 from None
    except DomainError as refused:
        messages.error(request, str(refused.message))
        return redirect("opportunities:my-applications")
    messages.success(request, _("Your draft claim is ready: check it, add the documents it asks for and submit it."))
    return redirect("subsidies:claim", pk=claim.pk)


@login_required
def application_cv(request: HttpRequest, pk: int) -> FileResponse:
    """The applicant's CV, for the applicant, the vacancy's employer and staff (opening someone
    else's is audited)."""
    try:
        application = selectors.application_get(request.user, pk)
    except NotFound:
        raise Http404 from None
    if not application.cv:
        raise Http404
    services.cv_opened(application=application, viewer=_signed_in(request))
    response = FileResponse(
        application.cv.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"cv-application-{application.pk}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
