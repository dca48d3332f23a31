"""Pages: thin (parse, call a selector or a service, render)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import YOUTH, has_role
from portal.errors import DomainError, NotFound, form_refusal

from . import documents, rules, selectors, services
from .forms import CheckInForm, RegisterForm
from .models import Allocation, RegistrationState

S = RegistrationState


GROUP_LABELS = {
    rules.FIRST_TIMER: gettext_lazy("First-timer"),
    rules.NO_RECENT_NO_SHOW: gettext_lazy("No no-show in 12 months"),
    rules.EVERYONE_ELSE: gettext_lazy("No-show in the last 12 months"),
    -1: gettext_lazy("Holds an overlapping place"),
}


def _signed_in(request: HttpRequest) -> User:
    return cast(User, request.user)


def next_step(registration, now) -> str:
    """What happens next, in plain words, for a registration's state."""
    session = registration.session
    if registration.state == S.REQUESTED:
        return _(
            "Places are drawn when registration closes on %(when)s, first-timers first. We will tell you the result."
        ) % {"when": timezone.localtime(session.registration_closes_at).strftime("%Y-%m-%d %H:%M")}
    if registration.state == S.WAITLISTED:
        return _(
            "You are number %(position)s on the waiting list. If a place is freed, we will offer "
            "it to you and you will have 48 hours to accept it."
        ) % {"position": registration.waiting_position}
    if registration.state == S.OFFERED:
        return _("A place is held for you until %(when)s. Accept it before then, or it passes to the next person.") % {
            "when": timezone.localtime(registration.offer_expires_at).strftime("%Y-%m-%d %H:%M")
        }
    if registration.state == S.CONFIRMED:
        return _(
            "Your place is confirmed. Show the QR code or tell staff your code at the door. If you "
            "cannot come, cancel so that someone else gets the place."
        )
    if registration.state == S.ATTENDED:
        return _("You took part. You can download your certificate of participation.")
    if registration.state == S.NO_SHOW:
        return _(
            "You did not check in. For 12 months, in the draws of programmes you have joined before, "
            "people without a no-show come before you."
        )
    if registration.state == S.OFFER_EXPIRED:
        return _("The offered place was not accepted in time and passed to the next person.")
    return _("This registration is cancelled.")


def programme_list(request: HttpRequest) -> HttpResponse:
    """Every programme, and the sessions still to come."""
    now = timezone.now()
    programmes = list(selectors.programme_list().order_by("slug"))
    upcoming = list(selectors.session_list(selectors.SessionFilters(upcoming=True), now=now)[:50])
    return render(request, "events/list.html", {"programmes": programmes, "sessions": upcoming, "now": now})


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        programme = selectors.programme_by_slug(slug)
    except NotFound:
        raise Http404 from None
    now = timezone.now()
    sessions = list(selectors.session_list(selectors.SessionFilters(programme=slug, upcoming=True), now=now)[:100])
    stats = selectors.programme_stats(programme, now=now)
    return render(request, "events/programme.html", {"programme": programme, "sessions": sessions, "stats": stats})


def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """A session, its seats, and the registration form (or the youth's registration)."""
    try:
        session = selectors.session_by_id(session_id)
    except NotFound:
        raise Http404 from None
    now = timezone.now()
    registration = selectors.registration_of(request.user, session_id)
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            try:
                registration = services.registration_create(
                    session_id=session_id, party_size=form.cleaned_data["party_size"], acting_user=_signed_in(request)
                )
            except DomainError as error:
                status = form_refusal(form, error)
            else:
                messages.success(request, str(S(registration.state).label))
                return redirect("events:mine")
        else:
            status = 400
    is_open = rules.registration_open(
        now=now, opens_at=session.registration_opens_at, closes_at=session.registration_closes_at
    )
    can_manage = selectors.can_manage_programme(request.user, session.programme)
    draw = selectors.draw_of(session_id) if can_manage else None
    is_youth = has_role(request.user, YOUTH)
    # why a youth may not join, shown instead of a form the service would refuse
    eligibility = None
    if is_youth and registration is None:
        eligibility = selectors.eligibility_of(_signed_in(request), session)
    context = {
        "session": session,
        "registration": registration,
        "form": form,
        "is_open": is_open,
        "eligibility": eligibility,
        "can_register": is_open and eligibility is not None and eligibility.eligible,
        "is_lottery": session.allocation == Allocation.LOTTERY,
        "can_manage": can_manage,
        "draw": draw,
        "draw_rows": [
            {
                "position": n,
                "registration": row[0],
                "group": GROUP_LABELS.get(row[1], "–"),
                "party": row[2],
                "result": row[3],
            }
            for n, row in enumerate(draw.order if draw else [], start=1)
        ],
    }
    return render(request, "events/session.html", context, status=status)


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    """The youth's registrations with their state, what happens next, and the buttons allowed."""
    now = timezone.now()
    user = _signed_in(request)
    registrations = list(selectors.registration_list_for(user).filter(user=user))
    positions = selectors.waiting_positions([r.pk for r in registrations if r.state == S.WAITLISTED])
    items = []
    for registration in registrations:
        registration.waiting_position = positions.get(registration.pk)  # type: ignore[attr-defined]
        actions = [
            t
            for t in services.REGISTRATION_WORKFLOW.available(registration.state, {selectors.PARTICIPANT})
            if t.action in services.PERSON_ACTIONS
        ]
        items.append(
            {
                "registration": registration,
                "next_step": next_step(registration, now),
                "actions": actions,
                "qr": documents.qr_svg(registration.code) if registration.state == S.CONFIRMED else "",
            }
        )
    return render(request, "events/mine.html", {"items": items})


@login_required
@require_POST
def registration_action(request: HttpRequest, registration_id: int, action: str) -> HttpResponse:
    functions = {"cancel": services.registration_cancel, "accept-offer": services.registration_accept_offer}
    if action not in functions:
        raise Http404
    try:
        functions[action](registration_id=registration_id, acting_user=_signed_in(request))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Done."))
    return redirect("events:mine")


@login_required
def check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    """The door: staff type (or scan into the field) a participant's code; the list shows who
    is in."""
    try:
        session = selectors.session_by_id(session_id)
    except NotFound:
        raise Http404 from None
    if not selectors.can_manage_programme(request.user, session.programme):
        raise Http404
    form = CheckInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            registration = selectors.registration_by_code(form.cleaned_data["code"])
            if registration.session_id != session.pk:
                raise NotFound(_("This code is for another session."))
            registration = services.registration_check_in(
                registration_id=registration.pk, acting_user=_signed_in(request)
            )
        except DomainError as error:
            # every refusal here is about the code typed: shown on its field, the error untouched
            status = form_refusal(form, type(error)(error.message, errors={"code": [error.message]}))
        else:
            messages.success(
                request,
                _("Checked in: %(name)s (party of %(size)s)")
                % {"name": registration.user.get_full_name(), "size": registration.party_size},
            )
            return redirect("events:check_in", session_id=session.pk)
    elif request.method == "POST":
        status = 400
    door = list(selectors.check_in_list(session.pk))
    return render(
        request,
        "events/check_in.html",
        {
            "session": session,
            "form": form,
            "door": door,
            "checked_in": sum(r.party_size for r in door if r.state == S.ATTENDED),
            "expected": sum(r.party_size for r in door),
        },
        status=status,
    )
