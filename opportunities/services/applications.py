"""Applications: made, moved along their table, the position taken; from placement to subsidy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
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
from portal.audit import AuditAction, record
from portal.capacity import locked, require_room
from portal.errors import Conflict, InvalidInput, NotAllowed, NotFound, WrongState
from subsidies import services as subsidy_services
from subsidies.models import Claim, Scheme

from .. import rules, selectors, workflow
from ..models import (
    TAKEN_STATES,
    Application,
    ApplicationState,
    ApplicationTransition,
    Cohort,
    Education,
    Vacancy,
    VacancyKind,
    VacancyState,
)
from ._common import MAX_CV_BYTES, _clean_note
from .vacancies import _vacancy_transition

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
