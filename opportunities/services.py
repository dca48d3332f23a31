"""Every write of the opportunities app, one function per use case, keyword-only, with the person
acting. Transitions follow the tables of opportunities/workflow.py; refusals are the portal's
domain errors.

Positions (the portal's capacity idiom, portal/capacity.py): accepting an offer locks the
application, then its vacancy, then the vacancy's cohort (always in that order), counts the
applications holding a position after the lock, and refuses with CapacityFull when the vacancy's
positions or the cohort's capacity are taken. A vacancy whose last position is taken is closed in
the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from accounts.services import notify
from incubators.models import Base
from places.models import Place
from policies.rules import normalise
from portal.audit import AuditAction, record
from portal.capacity import locked, require_room
from portal.errors import Conflict, InvalidInput, NotAllowed, NotFound, WrongState
from portal.models import Region
from subsidies import services as subsidy_services
from subsidies.models import Claim, Scheme

from . import rules, selectors, workflow
from .models import (
    TAKEN_STATES,
    Application,
    ApplicationState,
    ApplicationTransition,
    Cohort,
    Currency,
    DigestItem,
    Education,
    Employer,
    Jurisdiction,
    SalaryPeriod,
    SavedSearch,
    SocialInsurance,
    StaleReminder,
    Vacancy,
    VacancyKind,
    VacancyState,
    VacancyTransition,
    WorkingLanguage,
)

LANGUAGE_SUFFIXES = ("zh_hant", "zh_hans", "en")
TRANSLATED_FIELDS = ("title", "description", "duties", "requirements", "accommodation_note")
MAX_CV_BYTES = 10 * 1024 * 1024
NOTE_MAX_LENGTH = 2000

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


def _vacancy_transition(vacancy: Vacancy, *, actor: User | None, to_state: str, note: str = "") -> None:
    from_state = vacancy.state
    vacancy.state = to_state
    vacancy.state_changed_at = timezone.now()
    if to_state == VacancyState.PUBLISHED:
        vacancy.published_at = vacancy.state_changed_at
    vacancy.save(update_fields=["state", "state_changed_at", "published_at", "return_reason"])
    VacancyTransition.objects.create(vacancy=vacancy, actor=actor, from_state=from_state, to_state=to_state, note=note)


def _clean_note(note: str | None, field_name: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput.on(field_name, _("Keep it to 2,000 characters."))
    return note


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


# --- applications ---------------------------------------------------------------------------


def _check_cv(upload: File[bytes]) -> None:
    from portal.uploads import document_type

    size = upload.size or 0
    if size == 0:
        raise InvalidInput.on("cv", _("The file is empty."))
    if size > MAX_CV_BYTES:
        raise InvalidInput.on("cv", _("The file is larger than 10 MB."))
    if document_type(upload, allowed=frozenset({"application/pdf"})) is None:
        raise InvalidInput.on("cv", _("Upload your CV as a PDF file."))


def _notify_applicant(application: Application, transition: ApplicationTransition) -> None:
    state = ApplicationState(transition.to_state).label
    vacancy_id = application.vacancy_id
    # The title read in the language active when rendered (notify renders in the recipient's).
    subject = format_lazy(
        _("Your application for {title} is now: {state}"),
        title=lazy(lambda: str(Vacancy.objects.get(pk=vacancy_id).title), str)(),
        state=state,
    )
    body = format_lazy(
        _("Your application #{number} changed to: {state}. {note}"),
        number=application.pk,
        state=state,
        note=transition.note,
    )
    applicant = application.applicant
    with translation.override(applicant.preferred_language or None):
        url = reverse("opportunities:my-applications")
    notify(recipient=applicant, key=f"opportunities:application:{transition.pk}", subject=subject, body=body, url=url)


def _application_transition(
    application: Application, *, actor: User | None, to_state: str, note: str = ""
) -> ApplicationTransition:
    from_state = application.state
    application.state = to_state
    application.state_changed_at = timezone.now()
    if to_state == ApplicationState.OFFERED:
        application.offered_at = application.state_changed_at
    application.save()
    transition = ApplicationTransition.objects.create(
        application=application, actor=actor, from_state=from_state, to_state=to_state, note=note
    )
    _notify_applicant(application, transition)  # every change, the youth's own too (a receipt)
    return transition


def application_create(
    *, applicant: User, vacancy_id: int, note: str = "", education_level: str = "", cv: File[bytes] | None = None
) -> Application:
    """A youth applies: once per vacancy, while it takes applications (Conflict otherwise)."""
    if not roles.has_role(applicant, roles.YOUTH):
        raise NotAllowed(_("Only youth accounts can apply."))
    note = _clean_note(note)
    if education_level and education_level not in Education.values:
        raise InvalidInput.on("education_level", _("Choose one of the options."))
    if cv is not None:
        _check_cv(cv)
    application = None
    try:
        with transaction.atomic(durable=True):
            # Never published (a draft, one in review or returned): nobody's to apply for, not
            # found. Published once and now closed or withdrawn: a refusal (409).
            never_published = (VacancyState.DRAFT, VacancyState.SUBMITTED, VacancyState.RETURNED)
            vacancy = locked(Vacancy.objects.exclude(state__in=never_published), pk=vacancy_id)
            if not rules.takes_applications(
                state=vacancy.state, opens_on=vacancy.opens_on, closes_on=vacancy.closes_on, today=timezone.localdate()
            ):
                raise Conflict(_("This vacancy is not taking applications."), reason="closed")
            if Application.objects.filter(vacancy=vacancy, applicant=applicant).exists():
                raise Conflict(_("You have already applied for this vacancy."), reason="duplicate")
            application = Application(
                vacancy=vacancy,
                applicant=applicant,
                note=note,
                education_level=education_level,
                state=ApplicationState.SUBMITTED,
                state_changed_at=timezone.now(),
            )
            if cv is not None:
                application.cv_name = (cv.name or "cv.pdf")[-255:]
                application.cv.save("cv.pdf", cv, save=False)
            try:
                with transaction.atomic():
                    application.save()
            except IntegrityError:
                raise Conflict(_("You have already applied for this vacancy."), reason="duplicate")
            transition = ApplicationTransition.objects.create(
                application=application, actor=applicant, to_state=ApplicationState.SUBMITTED
            )
            _notify_applicant(application, transition)
    except Exception:
        if application is not None and application.cv.name and application.pk is None:
            application.cv.delete(save=False)
        raise
    return application


@dataclass
class ActionInput:
    note: str = ""
    at: datetime | None = None
    place: str = ""
    start_date: date | None = None


def _lock_application(application_id: int, actor: User) -> tuple[Application, frozenset[str]]:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy__employer__base", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("There is no such application."))
    held = selectors.application_roles(actor, application)
    if not held:
        raise NotFound(_("There is no such application."))
    return application, held


def _take_position(application: Application) -> None:
    """The capacity idiom: the vacancy's row, then its cohort's, locked; the positions taken
    counted after the locks; CapacityFull when none is left. Closes a vacancy just filled."""
    vacancy = locked(Vacancy.objects.all(), pk=application.vacancy_id)
    taken = Application.objects.filter(vacancy=vacancy, state__in=TAKEN_STATES).count()
    require_room(
        capacity=vacancy.positions,
        taken=taken,
        message=_("All the positions of this vacancy are already taken."),
    )
    if vacancy.cohort_id is not None:
        cohort = locked(Cohort.objects.all(), pk=vacancy.cohort_id)
        in_cohort = Application.objects.filter(vacancy__cohort=cohort, state__in=TAKEN_STATES).count()
        require_room(capacity=cohort.capacity, taken=in_cohort, message=_("This cohort of the plan has no place left."))
    if taken + 1 >= vacancy.positions and vacancy.state == VacancyState.PUBLISHED:
        _vacancy_transition(vacancy, actor=None, to_state=VacancyState.CLOSED, note="filled")


def application_act(
    *, application_id: int, action: str, acting_user: User, data: ActionInput | None = None
) -> Application:
    """One step of an application, as the table allows this person; `accept` takes a position."""
    data = data or ActionInput()
    note = _clean_note(data.note, "reason" if action == "reject" else "note")
    with transaction.atomic(durable=True):
        application, held = _lock_application(application_id, acting_user)
        step = workflow.APPLICATION_WORKFLOW.check(action, application.state, held, note=note)
        if action == "interview":
            errors: dict[str, list[Any]] = {}
            if data.at is None:
                errors["at"] = [_("Enter the interview's date and time.")]
            place = (data.place or "").strip()
            if not place:
                errors["place"] = [_("Enter where the interview is (or how to join it online).")]
            elif len(place) > 300:
                errors["place"] = [_("Keep it to 300 characters.")]
            if errors:
                raise InvalidInput(_("Check the interview's details."), errors=errors)
            application.interview_at = data.at
            application.interview_place = place
        if action == "place":
            if data.start_date is None:
                raise InvalidInput.on("start_date", _("Enter the start date."))
            application.start_date = data.start_date
        if action == "reject":
            application.reason = note
        if action == "accept":
            _take_position(application)
        _application_transition(application, actor=acting_user, to_state=step.target, note=note)
    return application


def cv_opened(*, application: Application, viewer: User) -> None:
    """An employer's user or staff opens an applicant's CV: recorded in the audit log."""
    if application.applicant_id == viewer.pk:
        return
    with transaction.atomic(durable=True):
        record(viewer, AuditAction.CV_OPENED, application, vacancy=application.vacancy_id)


# --- from placement to subsidy ----------------------------------------------------------------


def placement_scheme(application: Application) -> Scheme | None:
    """The subsidy scheme a placement earns: an internship at a base, with the vacancy's scheme
    (or its cohort's plan's); None when it earns none."""
    vacancy = application.vacancy
    if vacancy.kind != VacancyKind.INTERNSHIP or vacancy.base_id is None:
        return None
    if vacancy.subsidy_scheme_id is not None:
        return vacancy.subsidy_scheme
    if vacancy.cohort is not None:
        return vacancy.cohort.plan.subsidy_scheme
    return None


def application_claim(*, application_id: int, acting_user: User) -> Claim:
    """The youth placed at a base opens the internship subsidy claim it earns: a draft claim of
    the subsidies app (subsidies.services.claim_create: its rules, its checks) with the scheme, the
    internship's dates and the education level from the placement, and the placement recorded as
    its evidence (`Application.subsidy_claim`). Once per placement: the first request marks the
    application (a conditional update, whose row count says who won) before the claim is made."""
    application = selectors.application_get(acting_user, application_id)
    if application.applicant_id != acting_user.pk:
        raise NotAllowed(_("Only the applicant can do this."))
    if application.state not in (ApplicationState.PLACED, ApplicationState.COMPLETED):
        raise WrongState(_("The subsidy can be claimed once the placement is recorded."))
    scheme = placement_scheme(application)
    if scheme is None:
        raise WrongState(_("This placement earns no subsidy of the portal."))
    if application.subsidy_claim_id is not None:
        raise Conflict(_("You have already opened the claim for this placement."), reason="duplicate")
    vacancy = application.vacancy
    start = application.start_date or vacancy.starts_on
    if start is None:
        raise WrongState(_("The placement has no start date."))
    cohort_end = vacancy.cohort.ends_on if vacancy.cohort is not None else None
    period_start, period_end = rules.internship_period(start, vacancy.duration_months, cohort_end)
    won = Application.objects.filter(pk=application.pk, claim_started_at__isnull=True).update(
        claim_started_at=timezone.now()
    )
    if not won:
        raise Conflict(_("You have already opened the claim for this placement."), reason="duplicate")
    try:
        claim = subsidy_services.claim_create(
            applicant=acting_user,
            scheme=scheme,
            data=subsidy_services.ClaimInput(
                education_level=rules.subsidy_education(application.education_level),
                start_date=period_start,
                end_date=period_end,
                company_name=(vacancy.base.name if vacancy.base is not None else vacancy.employer.name)[:200],
            ),
        )
    except Exception:
        Application.objects.filter(pk=application.pk).update(claim_started_at=None)
        raise
    Application.objects.filter(pk=application.pk).update(subsidy_claim=claim)
    return claim


# --- reminders ------------------------------------------------------------------------------


def applications_remind_stale(*, now: datetime | None = None) -> int:
    """The beat job: remind the employer's users of each application waiting (submitted,
    shortlisted, interview) without a move for 14 days; once per application and state."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=rules.STALE_AFTER_DAYS)
    sent = 0
    stale = (
        Application.objects.filter(state__in=("submitted", "shortlisted", "interview"), state_changed_at__lte=cutoff)
        .select_related("vacancy__employer__base")
        .order_by("pk")
    )
    for application in stale:
        with transaction.atomic(durable=True):
            try:
                with transaction.atomic():
                    StaleReminder.objects.create(
                        application=application, state_changed_at=application.state_changed_at or application.created_at
                    )
            except IntegrityError:
                continue
            employer = application.vacancy.employer
            recipients = list(employer.users.all())
            if employer.base is not None:
                recipients += list(employer.base.operators.all())
            for user in {u.pk: u for u in recipients}.values():
                with translation.override(user.preferred_language or None):
                    url = reverse("opportunities:applicants", kwargs={"pk": application.vacancy_id})
                notify(
                    recipient=user,
                    key=f"opportunities:stale:{application.pk}:{application.state_changed_at:%Y%m%d%H%M%S}",
                    subject=format_lazy(
                        _("Application #{number} has waited {days} days for you"),
                        number=application.pk,
                        days=rules.STALE_AFTER_DAYS,
                    ),
                    body=_("Move it on, or tell the applicant it was not successful."),
                    url=url,
                )
            sent += 1
    return sent


# --- saved searches and the daily digest ------------------------------------------------------


def saved_search_create(*, user: User, kind: str = "", city: str = "", q: str = "") -> SavedSearch:
    """A youth saves the list's filters; the same search twice is kept once."""
    if not roles.has_role(user, roles.YOUTH):
        raise NotAllowed(_("Only youth accounts can save a search."))
    if kind and kind not in VacancyKind.values:
        raise InvalidInput.on("kind", _("Choose one of the options."))
    if city and not Region.objects.filter(slug=city).exists():
        raise InvalidInput.on("city", _("Choose one of the options."))
    q = (q or "").strip()[:100]
    if not (kind or city or q):
        raise InvalidInput(_("Choose a filter or enter words to search for first."))
    with transaction.atomic(durable=True):
        search, _created = SavedSearch.objects.get_or_create(user=user, kind=kind, city=city, q=q)
    return search


def digests_send(*, now: datetime | None = None) -> int:
    """The daily job: each person with saved searches is told, in one notification, of the
    published vacancies matching any of them that they were not told of before (once per vacancy
    per person: DigestItem's unique key, written in the same transaction as the notification).
    Returns how many people were notified."""
    now = now or timezone.now()
    notified = 0
    user_ids = list(SavedSearch.objects.values_list("user_id", flat=True).distinct().order_by("user_id"))
    for user_id in user_ids:
        user = User.objects.get(pk=user_id)
        searches = list(SavedSearch.objects.filter(user=user))
        with transaction.atomic(durable=True):
            sent = set(DigestItem.objects.filter(user=user).values_list("vacancy_id", flat=True))
            new: dict[int, Vacancy] = {}
            for search in searches:
                filters = selectors.VacancyFilters(q=search.q, kind=search.kind, city=search.city)
                for vacancy in selectors.vacancy_list(user, filters, published_only=True):
                    if vacancy.pk not in sent and vacancy.pk not in new:
                        new[vacancy.pk] = vacancy
            if not new:
                continue
            DigestItem.objects.bulk_create(
                [DigestItem(user=user, vacancy_id=pk) for pk in sorted(new)], ignore_conflicts=True
            )
            ids = sorted(new)
            titles = lazy(
                lambda ids=ids: "\n".join(
                    f"- {v.title}" for v in Vacancy.objects.filter(pk__in=ids).order_by("closes_on", "pk")
                ),
                str,
            )()
            with translation.override(user.preferred_language or None):
                url = reverse("opportunities:list")
            notify(
                recipient=user,
                key=f"opportunities:digest:{user.pk}:{ids[-1]}:{len(ids)}",
                subject=format_lazy(_("{count} new vacancies match your saved searches"), count=len(ids)),
                body=titles,
                url=url,
            )
            notified += 1
    return notified
