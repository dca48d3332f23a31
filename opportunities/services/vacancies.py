"""Employers verified by staff; vacancies written, moderated and closed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from incubators.models import Base
from places.models import Place
from policies.rules import normalise
from portal.audit import AuditAction, record
from portal.capacity import locked
from portal.errors import InvalidInput, NotAllowed, NotFound, WrongState
from portal.models import Region

from .. import rules, selectors, workflow
from ..models import (
    Cohort,
    Currency,
    Education,
    Employer,
    Jurisdiction,
    SalaryPeriod,
    SocialInsurance,
    Vacancy,
    VacancyKind,
    VacancyState,
    VacancyTransition,
    WorkingLanguage,
)
from ._common import LANGUAGE_SUFFIXES, TRANSLATED_FIELDS, _clean_note

# --- employers ------------------------------------------------------------------------------


def employer_verify(*, employer_id: int, acting_user: User) -> Employer:
    """Staff verify an employer: its vacancies may be published from now on."""
    if not roles.is_bureau_staff(acting_user):
        raise NotAllowed(_("Only HR bureau staff can do this."))
    with transaction.atomic(durable=True):
        employer = locked(Employer.objects.all(), pk=employer_id)
        if employer.verified_at is None:
            employer.verified_at = timezone.now()
            employer.verified_by = acting_user
            employer.save(update_fields=["verified_at", "verified_by"])
            record(acting_user, AuditAction.EMPLOYER_VERIFIED, employer)
    return employer


# --- vacancies ------------------------------------------------------------------------------


@dataclass
class VacancyInput:
    """What an employer states about a vacancy. `texts` holds the translated fields by language
    suffix ("title_zh_hant", "title_en" ...); region, place, base and cohort are given by slug or
    id and looked up here."""

    employer_id: int | None = None
    kind: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    city: str = ""
    place: str = ""
    base_id: int | None = None
    positions: int | None = None
    salary_min: Decimal | None = None
    salary_max: Decimal | None = None
    salary_currency: str = Currency.RMB
    salary_period: str = SalaryPeriod.MONTH
    contract_jurisdiction: str = ""
    social_insurance: str = ""
    working_language: str = ""
    accommodation_provided: bool = False
    min_education: str = ""
    opens_on: date | None = None
    closes_on: date | None = None
    starts_on: date | None = None
    duration_months: int | None = None
    cohort_id: int | None = None


def _choice(errors: dict[str, list[Any]], name: str, value: str, choices: list[str], *, required: bool = True) -> None:
    if (required or value) and value not in choices:
        errors.setdefault(name, []).append(_("Choose one of the options."))


def resolve_vacancy(data: VacancyInput, user: User) -> dict[str, Any]:
    """The checked values of a vacancy, or InvalidInput naming each wrong field."""
    errors: dict[str, list[Any]] = {}
    employer = Employer.objects.filter(pk=data.employer_id).select_related("base").first() if data.employer_id else None
    if employer is None:
        errors["employer"] = [_("Choose the employer you post for.")]
    elif not selectors.employers_of(user).filter(pk=employer.pk).exists():
        raise NotAllowed(_("You can only post for the employers you belong to."))
    _choice(errors, "kind", data.kind, VacancyKind.values)
    _choice(errors, "salary_currency", data.salary_currency, Currency.values)
    _choice(errors, "salary_period", data.salary_period, SalaryPeriod.values)
    _choice(errors, "contract_jurisdiction", data.contract_jurisdiction, Jurisdiction.values)
    _choice(errors, "social_insurance", data.social_insurance, SocialInsurance.values)
    _choice(errors, "working_language", data.working_language, WorkingLanguage.values)
    _choice(errors, "min_education", data.min_education, [v for v in Education.values if v], required=False)
    if not any((data.texts.get(f"title_{s}") or "").strip() for s in LANGUAGE_SUFFIXES):
        errors["title"] = [_("Enter the title.")]
    region = Region.objects.filter(slug=data.city).first() if data.city else None
    if region is None:
        errors["city"] = [_("Choose where the work is.")]
    place = None
    if data.place:
        place = Place.objects.filter(slug=data.place).first()
        if place is None:
            errors["place"] = [_("There is no such place.")]
    base = None
    if data.base_id is not None:
        base = Base.objects.filter(pk=data.base_id).first()
        if base is None:
            errors["base"] = [_("There is no such base.")]
    elif employer is not None and employer.base_id is not None:
        base = employer.base
    if data.positions is None or data.positions < 1:
        errors["positions"] = [_("Enter how many positions, at least 1.")]
    if not rules.valid_salary(data.salary_min, data.salary_max):
        errors["salary_max"] = [_("The salary range is not valid.")]
    if data.opens_on is None:
        errors["opens_on"] = [_("Enter the date applications open.")]
    if data.closes_on is None:
        errors["closes_on"] = [_("Enter the date applications close.")]
    elif data.opens_on and data.closes_on < data.opens_on:
        errors["closes_on"] = [_("Applications must close on or after the day they open.")]
    if data.duration_months is not None and not 1 <= data.duration_months <= 60:
        errors["duration_months"] = [_("Enter a duration from 1 to 60 months.")]
    cohort = None
    if data.cohort_id is not None:
        cohort = Cohort.objects.select_related("plan").filter(pk=data.cohort_id).first()
        if cohort is None:
            errors["cohort"] = [_("There is no such cohort.")]
    if errors:
        raise InvalidInput(_("Check the vacancy's details."), errors=errors)
    values: dict[str, Any] = {
        "employer": employer,
        "kind": data.kind,
        "region": region,
        "place": place,
        "base": base,
        "positions": data.positions,
        "salary_min": data.salary_min,
        "salary_max": data.salary_max,
        "salary_currency": data.salary_currency,
        "salary_period": data.salary_period,
        "contract_jurisdiction": data.contract_jurisdiction,
        "social_insurance": data.social_insurance,
        "working_language": data.working_language,
        "accommodation_provided": data.accommodation_provided,
        "min_education": data.min_education,
        "opens_on": data.opens_on,
        "closes_on": data.closes_on,
        "starts_on": data.starts_on,
        "duration_months": data.duration_months,
        "cohort": cohort,
        "subsidy_scheme": cohort.plan.subsidy_scheme if cohort is not None else None,
    }
    for name in TRANSLATED_FIELDS:
        for suffix in LANGUAGE_SUFFIXES:
            values[f"{name}_{suffix}"] = (data.texts.get(f"{name}_{suffix}") or "").strip()
    return values


def search_text_of(vacancy: Vacancy) -> str:
    """Every translation of the title, description, employer and region, normalised."""
    parts: list[str] = []
    for suffix in LANGUAGE_SUFFIXES:
        for name in ("title", "description", "duties"):
            parts.append(getattr(vacancy, f"{name}_{suffix}") or "")
        parts.append(getattr(vacancy.employer, f"name_{suffix}") or "")
        region: Region | None = vacancy.region
        while region is not None:
            parts.append(getattr(region, f"name_{suffix}") or "")
            region = region.parent
    return normalise(" ".join(p for p in parts if p))


def vacancy_index(*, vacancy_id: int) -> None:
    vacancy = Vacancy.objects.select_related("employer", "region__parent__parent").get(pk=vacancy_id)
    Vacancy.objects.filter(pk=vacancy_id).update(search_text=search_text_of(vacancy))


def vacancy_create(*, acting_user: User, data: VacancyInput) -> Vacancy:
    """A draft vacancy, by a user of the employer or an operator of its base."""
    with transaction.atomic(durable=True):
        values = resolve_vacancy(data, acting_user)
        vacancy = Vacancy.objects.create(created_by=acting_user, state=VacancyState.DRAFT, **values)
        VacancyTransition.objects.create(vacancy=vacancy, actor=acting_user, to_state=VacancyState.DRAFT)
        vacancy_index(vacancy_id=vacancy.pk)
    return vacancy


def vacancy_update(*, vacancy_id: int, acting_user: User, data: VacancyInput) -> Vacancy:
    """An employer's changes to a draft or returned vacancy (workflow.VACANCY_EDITABLE). The
    translated fields `data.texts` leaves out keep their values; the employer stays the one the
    vacancy was written for."""
    with transaction.atomic(durable=True):
        vacancy = locked(Vacancy.objects.select_related("employer"), pk=vacancy_id)
        held = workflow.vacancy_roles(acting_user, vacancy.employer)
        if not held and vacancy.state != VacancyState.PUBLISHED:
            raise NotFound(_("There is no such vacancy."))
        if workflow.EMPLOYER not in held:
            raise NotAllowed(_("Only the employer's own users can change its vacancies."))
        if vacancy.state not in workflow.VACANCY_EDITABLE:
            raise WrongState(_("This vacancy can no longer be changed: it is waiting for review or published."))
        kept = {
            f"{name}_{suffix}": getattr(vacancy, f"{name}_{suffix}") or ""
            for name in TRANSLATED_FIELDS
            for suffix in LANGUAGE_SUFFIXES
        }
        data.texts = {**kept, **data.texts}
        data.employer_id = vacancy.employer_id
        values = resolve_vacancy(data, acting_user)
        for name, value in values.items():
            setattr(vacancy, name, value)
        vacancy.save()
        vacancy_index(vacancy_id=vacancy.pk)
    return vacancy


def _vacancy_transition(vacancy: Vacancy, *, actor: User | None, to_state: str, note: str = "") -> None:
    from_state = vacancy.state
    vacancy.state = to_state
    vacancy.state_changed_at = timezone.now()
    if to_state == VacancyState.PUBLISHED:
        vacancy.published_at = vacancy.state_changed_at
    vacancy.save(update_fields=["state", "state_changed_at", "published_at", "return_reason"])
    VacancyTransition.objects.create(vacancy=vacancy, actor=actor, from_state=from_state, to_state=to_state, note=note)


def vacancy_act(*, vacancy_id: int, action: str, acting_user: User, note: str = "") -> Vacancy:
    """Submit, publish, return (with a reason), close or withdraw a vacancy."""
    note = _clean_note(note, "reason" if action == "return" else "note")
    with transaction.atomic(durable=True):
        vacancy = locked(Vacancy.objects.select_related("employer"), pk=vacancy_id)
        held = workflow.vacancy_roles(acting_user, vacancy.employer)
        if not held and vacancy.state != VacancyState.PUBLISHED:
            raise NotFound(_("There is no such vacancy."))
        step = workflow.VACANCY_WORKFLOW.check(action, vacancy.state, held, note=note)
        if action == "publish" and not vacancy.employer.is_verified:
            raise WrongState(_("The employer must be verified before its vacancies are published."))
        if action == "return":
            vacancy.return_reason = note
        _vacancy_transition(vacancy, actor=acting_user, to_state=step.target, note=note)
        if action == "publish":
            record(acting_user, AuditAction.VACANCY_PUBLISHED, vacancy)
        elif action == "return":
            record(acting_user, AuditAction.VACANCY_RETURNED, vacancy)
    return vacancy


def vacancies_close_expired(*, today: date | None = None) -> int:
    """The beat job: close every published vacancy whose close date has passed. Each in its own
    transaction, re-checked under the lock (a second run closes nothing)."""
    today = today or timezone.localdate()
    closed = 0
    ids = list(Vacancy.objects.filter(state=VacancyState.PUBLISHED, closes_on__lt=today).values_list("pk", flat=True))
    for vacancy_id in ids:
        with transaction.atomic(durable=True):
            vacancy = locked(Vacancy.objects.all(), pk=vacancy_id)
            if vacancy.state != VacancyState.PUBLISHED or not rules.past_close(
                closes_on=vacancy.closes_on, today=today
            ):
                continue
            step = workflow.VACANCY_WORKFLOW.check("close", vacancy.state, {workflow.SYSTEM})
            _vacancy_transition(vacancy, actor=None, to_state=step.target, note="closes_on")
            closed += 1
    return closed
