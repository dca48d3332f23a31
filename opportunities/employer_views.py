"""The employer's pages: their vacancies, a vacancy written or changed in the three languages,
and the buttons of its workflow (opportunities/workflow.py). Thin: a selector decides who may see
a vacancy (its employer's users and staff; anyone else finds nothing), the services write."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import User
from portal.errors import DomainError, NotFound, form_refusal

from . import selectors, services, workflow
from .forms import VacancyActionForm, VacancyForm
from .models import Vacancy


def _signed_in(request: HttpRequest) -> User:
    return cast(User, request.user)


def _managed_or_404(request: HttpRequest, pk: int) -> Vacancy:
    try:
        return selectors.managed_vacancy_get(request.user, pk)
    except NotFound:
        raise Http404 from None


def _employer_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [(str(e.pk), e.name) for e in selectors.employers_of(request.user)]


@login_required
def my_vacancies(request: HttpRequest) -> HttpResponse:
    """ "My vacancies": each of the employer's vacancies with its state, its applicants and the
    buttons its state allows; staff also see the vacancies waiting for their review."""
    user = _signed_in(request)
    posts = selectors.employers_of(user).exists()
    if not (posts or roles.is_bureau_staff(user)):
        raise PermissionDenied
    vacancies = list(selectors.managed_vacancies(user))
    for vacancy in vacancies:
        held = selectors.vacancy_roles(user, vacancy)
        vacancy.buttons = VacancyActionForm.buttons(vacancy.state, held)  # type: ignore[attr-defined]
        vacancy.editable = workflow.EMPLOYER in held and vacancy.state in workflow.VACANCY_EDITABLE  # type: ignore[attr-defined]
    return render(request, "opportunities/my_vacancies.html", {"vacancies": vacancies, "can_post": posts})


def _render_form(
    request: HttpRequest, form: VacancyForm, vacancy: Vacancy | None = None, status: int = 200
) -> HttpResponse:
    return render(request, "opportunities/vacancy_form.html", {"form": form, "vacancy": vacancy}, status=status)


@login_required
def vacancy_new(request: HttpRequest) -> HttpResponse:
    """A new vacancy, saved as a draft; the employer submits it for review from their list."""
    employers = _employer_choices(request)
    if not employers:
        raise PermissionDenied
    regions = selectors.region_choices()
    if request.method != "POST":
        return _render_form(request, VacancyForm(employers=employers, regions=regions))
    form = VacancyForm(request.POST, employers=employers, regions=regions)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    try:
        vacancy = services.vacancy_create(acting_user=_signed_in(request), data=form.as_input())
    except DomainError as refused:
        return _render_form(request, form, status=form_refusal(form, refused))
    messages.success(request, _("Saved as a draft. Submit it for review when it is ready."))
    return _back_to_list(vacancy)


def _back_to_list(vacancy: Vacancy) -> HttpResponse:
    return redirect(f"{reverse('opportunities:my-vacancies')}#vacancy-{vacancy.pk}")


@login_required
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft or returned vacancy changed by its employer (staff may look, not change)."""
    vacancy = _managed_or_404(request, pk)
    held = selectors.vacancy_roles(request.user, vacancy)
    if workflow.EMPLOYER not in held:
        raise PermissionDenied
    if vacancy.state not in workflow.VACANCY_EDITABLE:
        return render(request, "opportunities/vacancy_form.html", {"form": None, "vacancy": vacancy}, status=409)
    employers = [(str(vacancy.employer_id), vacancy.employer.name)]
    regions = selectors.region_choices()
    if request.method != "POST":
        form = VacancyForm(initial=VacancyForm.initial_of(vacancy), employers=employers, regions=regions)
        return _render_form(request, form, vacancy)
    form = VacancyForm(request.POST, employers=employers, regions=regions)
    if not form.is_valid():
        return _render_form(request, form, vacancy, status=400)
    try:
        services.vacancy_update(vacancy_id=vacancy.pk, acting_user=_signed_in(request), data=form.as_input())
    except DomainError as refused:
        return _render_form(request, form, vacancy, status=form_refusal(form, refused))
    messages.success(request, _("Your changes were saved."))
    return _back_to_list(vacancy)


DONE = {
    "submit": _lazy("Submitted: HR bureau staff review it before it is published."),
    "publish": _lazy("Published: young people can find it and apply."),
    "return": _lazy("Returned to the employer with your reason."),
    "close": _lazy("Closed: it takes no more applications."),
    "withdraw": _lazy("Withdrawn: it is no longer shown."),
}


@login_required
@require_POST
def vacancy_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One button of the vacancy's workflow; back to the list with what happened (or why not)."""
    vacancy = _managed_or_404(request, pk)
    if action not in workflow.VACANCY_WORKFLOW.actions:
        raise Http404
    form = VacancyActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the details you entered and try again."))
        return _back_to_list(vacancy)
    try:
        services.vacancy_act(
            vacancy_id=vacancy.pk, action=action, acting_user=_signed_in(request), note=form.cleaned_data["note"]
        )
    except DomainError as refused:
        messages.error(request, str(refused.message))
        return _back_to_list(vacancy)
    messages.success(request, str(DONE.get(action, _("Done."))))
    return _back_to_list(vacancy)
