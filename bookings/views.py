"""Pages: thin (parse, call a selector or a service, render)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import PARTNER, has_role, is_bureau_staff
from portal.errors import DomainError, NotFound, form_refusal

from . import ics, rules, selectors, services
from .forms import BookingForm, CheckInForm, DecisionForm
from .models import Booking, BookingState, ResourceKind

WEEK = 7


def _signed_in(request: HttpRequest) -> User:
    return cast(User, request.user)


def resource_list(request: HttpRequest) -> HttpResponse:
    """Every bookable space and stay, by place, with its unit, capacity and who may book."""
    kind = request.GET.get("kind", "")
    if kind not in ResourceKind.values:
        kind = ""
    resources = list(selectors.resource_list(kind=kind))
    return render(
        request,
        "bookings/list.html",
        {
            "resources": resources,
            "kinds": ResourceKind.choices,
            "kind": kind,
            "is_staff": is_bureau_staff(request.user),
        },
    )


def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A resource's week: each unit with what is free and, when it cannot be booked, why; the form
    to book (prefilled from a chosen slot)."""
    try:
        resource = selectors.resource_by_slug(slug)
    except NotFound:
        raise Http404 from None
    form = BookingForm(
        request.POST or None,
        unit=resource.unit,
        exclusive=resource.exclusive,
        initial={"start": request.GET.get("start", ""), "end": request.GET.get("end", ""), "quantity": 1},
    )
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={reverse('bookings:resource', args=[slug])}")
        if form.is_valid():
            try:
                booking = services.booking_create(
                    resource_id=resource.pk,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    quantity=form.cleaned_data["quantity"] or 1,
                    note=form.cleaned_data["note"],
                    acting_user=_signed_in(request),
                )
            except DomainError as error:
                status = form_refusal(form, error)
            else:
                if booking.state == BookingState.REQUESTED:
                    messages.success(request, _("Your request is sent: staff will decide and tell you."))
                else:
                    messages.success(request, _("Booked. Check in with your code when you arrive."))
                return redirect("bookings:detail", pk=booking.pk)
        else:
            status = 400
    tz = selectors.tz_of(resource)
    is_staff = selectors.is_staff_for(request.user, resource)
    today = timezone.now().astimezone(tz).date()
    monday = rules.calendar_week(request.GET.get("week", ""), today)
    slots = selectors.availability(resource, monday, monday + timedelta(days=WEEK - 1))
    days = []
    for offset in range(WEEK):
        day = monday + timedelta(days=offset)
        day_slots = [slot for slot in slots if slot.start.astimezone(tz).date() == day]
        rows = []
        for slot in day_slots:
            refusal = rules.check_when(slot.start, timezone.now(), resource.max_days_ahead, tz, resource.unit)
            rows.append(
                {
                    "slot": slot,
                    "start": slot.start.astimezone(tz),
                    "end": slot.end.astimezone(tz),
                    "why_not": slot.closed_reason
                    or (str(refusal.message) if refusal else "")
                    or (
                        str(rules.full_refusal(rules.Slot(slot.start, slot.end), 0, tz).message)
                        if not slot.free
                        else ""
                    ),
                    "value_start": slot.start.astimezone(tz).strftime("%Y-%m-%dT%H:%M")
                    if resource.unit == "hour"
                    else day.isoformat(),
                    "value_end": slot.end.astimezone(tz).strftime("%Y-%m-%dT%H:%M")
                    if resource.unit == "hour"
                    else (day + timedelta(days=1)).isoformat(),
                }
            )
        days.append({"day": day, "rows": rows})
    return render(
        request,
        "bookings/resource.html",
        {
            "resource": resource,
            "form": form,
            "days": days,
            "monday": monday,
            "previous_week": (monday - timedelta(days=WEEK)).isoformat(),
            "next_week": (monday + timedelta(days=WEEK)).isoformat(),
            "is_staff": is_staff,
            "week_bookings": selectors.week_bookings(resource, monday, WEEK) if is_staff else [],
        },
        status=status,
    )


def _qr_svg(text: str) -> str:
    return segno.make(text, error="m").svg_inline(scale=4, title=text)


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    return render(
        request,
        "bookings/mine.html",
        {"bookings": list(selectors.own_bookings(user)[:100]), "allowances": selectors.allowances_of(user)},
    )


def _own_or_404(request: HttpRequest, pk: int) -> Booking:
    try:
        return selectors.booking_visible(_signed_in(request), pk)
    except NotFound:
        raise Http404 from None


def _render_booking(
    request: HttpRequest, booking: Booking, *, check_in: CheckInForm | None = None, decision=None, status=200
):
    roles = selectors.booking_roles(request.user, booking)
    actions = {t.action for t in services.BOOKING_WORKFLOW.available(booking.state, roles)}
    tz = selectors.tz_of(booking.resource)
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "start": booking.start.astimezone(tz),
            "end": booking.end.astimezone(tz),
            "qr": _qr_svg(booking.code) if selectors.BOOKER in roles else "",
            "actions": actions,
            "check_in_form": check_in or CheckInForm(),
            "decision_form": decision or DecisionForm(),
            "events": booking.events.select_related("actor").all(),
            "price": rules.beyond_price(booking.paid_units, *_rate(booking.resource.allowance_code)),
        },
        status=status,
    )


def _rate(code: str):
    from .models import AllowanceRule

    rule = AllowanceRule.objects.filter(code=code).first() if code else None
    return (rule.market_price, rule.beyond_percent) if rule else (None, None)


@login_required
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_booking(request, _own_or_404(request, pk))


@login_required
@require_POST
def booking_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    posted = request.POST  # read first: an oversized body is refused (400) whatever the action
    booking = _own_or_404(request, pk)
    user = _signed_in(request)
    check_in, decision = CheckInForm(), DecisionForm()
    try:
        if action == "cancel":
            services.booking_cancel(booking_id=pk, acting_user=user)
            messages.success(request, _("The booking is cancelled."))
        elif action == "check-in":
            check_in = CheckInForm(posted)
            staff = selectors.STAFF in selectors.booking_roles(user, booking)
            code = posted.get("code", "")
            if not staff and not check_in.is_valid():
                return _render_booking(request, booking, check_in=check_in, status=400)
            services.booking_check_in(booking_id=pk, acting_user=user, code=code)
            messages.success(request, _("You are checked in."))
        elif action in ("approve", "reject"):
            decision = DecisionForm(posted)
            if not decision.is_valid():
                return _render_booking(request, booking, decision=decision, status=400)
            services.booking_decide(
                booking_id=pk,
                action=action,
                acting_user=user,
                reason=decision.cleaned_data["reason"],
                allocation=decision.cleaned_data["allocation"],
            )
            messages.success(request, _("The decision is recorded."))
        else:
            raise Http404
    except DomainError as error:
        target = check_in if action == "check-in" else decision
        status = form_refusal(target, error)
        booking.refresh_from_db()
        return _render_booking(request, booking, check_in=check_in, decision=decision, status=status)
    return redirect("bookings:detail", pk=pk)


@login_required
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_or_404(request, pk)
    response = HttpResponse(
        ics.booking_calendar(booking, request.build_absolute_uri(reverse("bookings:detail", args=[pk]))),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    """Staff: the requests waiting for a decision."""
    user = _signed_in(request)
    if not (is_bureau_staff(user) or user.operated_places.exists()):
        raise PermissionDenied(_("Only staff can do this."))
    return render(request, "bookings/requests.html", {"bookings": list(selectors.pending_requests(user)[:200])})


@login_required
def hotel_confirm(request: HttpRequest) -> HttpResponse:
    """The partner hotel confirms the nights of a stay with the guest's booking code."""
    user = _signed_in(request)
    if not has_role(user, PARTNER):
        raise PermissionDenied(_("Only partner hotels can do this."))
    form = CheckInForm(request.POST or None)
    status = 200
    confirmed = None
    if request.method == "POST":
        if form.is_valid():
            try:
                booking, nights = services.nights_confirm(code=form.cleaned_data["code"], acting_user=user)
            except DomainError as error:
                status = form_refusal(form, error)
            else:
                confirmed = {"booking": booking, "nights": nights}
                form = CheckInForm()
        else:
            status = 400
    return render(request, "bookings/hotel.html", {"form": form, "confirmed": confirmed}, status=status)


USAGE_COLUMNS = (
    ("resource", gettext_lazy("Resource")),
    ("place", gettext_lazy("Place")),
    ("month", gettext_lazy("Month")),
    ("units_offered", gettext_lazy("Units offered")),
    ("units_booked", gettext_lazy("Units booked")),
    ("occupancy", gettext_lazy("Occupancy (%)")),
    ("bookings", gettext_lazy("Bookings")),
    ("no_shows", gettext_lazy("No-shows")),
    ("no_show_rate", gettext_lazy("No-show rate (%)")),
)


def _usage_values(row: selectors.UsageRow) -> list:
    return [
        row.resource.name,
        row.resource.place.name,
        row.month,
        row.units_offered,
        row.units_booked,
        str(row.occupancy),
        row.bookings,
        row.no_shows,
        str(row.no_show_rate),
    ]


@login_required
def usage(request: HttpRequest) -> HttpResponse:
    """Staff: use by resource and month, with occupancy and no-show rates; CSV and XLSX."""
    if not is_bureau_staff(request.user):
        raise PermissionDenied(_("Only staff can do this."))
    today = timezone.localdate()
    try:
        month = date.fromisoformat(f"{request.GET.get('month', '')}-01")
    except ValueError:
        month = today.replace(day=1)
    rows = selectors.usage(month)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        import csv

        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bookings-usage-{month:%Y-%m}.csv"'
        response.write("\ufeff")  # Excel reads the Chinese names as UTF-8
        writer = csv.writer(response)
        writer.writerow([str(label) for _key, label in USAGE_COLUMNS])
        for row in rows:
            writer.writerow(_usage_values(row))
        return response
    if fmt == "xlsx":
        from io import BytesIO

        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append([str(label) for _key, label in USAGE_COLUMNS])
        for row in rows:
            sheet.append(_usage_values(row))
        buffer = BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="bookings-usage-{month:%Y-%m}.xlsx"'
        return response
    return render(request, "bookings/usage.html", {"rows": rows, "month": month})
