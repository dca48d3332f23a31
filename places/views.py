"""Pages: thin (parse, call a selector or a service, render)."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.errors import DomainError, NotFound, form_refusal

from . import selectors, services
from .api.serializers import day_representation, unknown_year_notes
from .forms import ChangeReportForm, CloseReportForm, ClosureForm, PlaceEditForm, PlaceFilterForm

PAGE_SIZE = 20


def _signed_in(request: HttpRequest) -> User:
    """The signed-in user (the view is behind login_required, or has checked)."""
    return cast(User, request.user)


def tile_origin(template: str) -> list[str]:
    """The tile server's origin, for img-src; none without a tile server."""
    parts = urlsplit(template or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or "{" in parts.netloc:
        return []
    return [f"{parts.scheme}://{parts.netloc}"]


def with_tiles(view):
    """The map's page may load images from the tile server (PLACES_TILE_URL) and nowhere else new."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        origin = tile_origin(settings.PLACES_TILE_URL)
        if origin:
            response._csp_update = {"img-src": origin}  # read by django-csp's middleware
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _map_markers(places) -> list[dict]:
    return [
        {
            "name": place.name,
            "url": reverse("places:detail", args=[place.slug]),
            "lat": float(place.latitude),
            "lng": float(place.longitude),
            "status": (
                _("Hours to be confirmed")
                if not place.opening_rules.all()
                else (_("Open now") if getattr(place, "open_now", False) else _("Closed now"))
            ),
        }
        for place in places
        if place.has_coordinates
    ]


@with_tiles
def place_list(request: HttpRequest) -> HttpResponse:
    """The directory with its filters, and a map of the places that match (progressive: without
    JavaScript or tiles the list is the page)."""
    form = PlaceFilterForm(request.GET or None, choices=selectors.filter_choices())
    filters = selectors.PlaceFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PlaceFilters(
            q=data["q"] or "",
            kind=data["kind"] or "",
            region=data["city"] or "",
            open_now=bool(data["open_now"]),
            service=data["service"] or "",
            language=data["language"] or "",
        )
    places = selectors.place_list(filters, now=timezone.now())
    page = Paginator(places, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "places/list.html",
        {
            "form": form,
            "page_obj": page,
            "places": page.object_list,
            "markers": _map_markers(places),
            "unmapped": sum(1 for place in places if not place.has_coordinates),
            "tile_url": settings.PLACES_TILE_URL,
            "tile_attribution": settings.PLACES_TILE_ATTRIBUTION,
            "is_staff": is_bureau_staff(request.user),
        },
    )


def _place_or_404(slug: str):
    try:
        return selectors.place_by_slug(slug)
    except NotFound:
        raise Http404 from None


@with_tiles
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    return _render_detail(request, place, report_form=ChangeReportForm())


def _render_detail(request: HttpRequest, place, *, report_form: ChangeReportForm, status: int = 200) -> HttpResponse:
    now = timezone.now()
    days, hours = selectors.place_schedule(place, instant=now)
    opening = selectors.place_next_opening(place, now)
    roles = selectors.place_roles(request.user, place)
    city, district, zone = selectors.city_and_district(place)
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "city": city,
            "district": district,
            "zone": zone,
            "open_now": selectors.place_is_open(place, now),
            "opening": opening,
            "hours_known": hours.known,
            "days": [day_representation(day, hours_known=hours.known) for day in days],
            "schedule_notes": unknown_year_notes(hours.unknown_makeup_years),
            "can_edit": bool({selectors.STAFF, selectors.OPERATOR} & roles),
            "is_staff": selectors.STAFF in roles,
            "report_form": report_form,
            "markers": _map_markers([place]),
            "tile_url": settings.PLACES_TILE_URL,
            "tile_attribution": settings.PLACES_TILE_ATTRIBUTION,
            # Events and bookable spaces at the place come with their own apps; until then the
            # page shows no such section.
            "events": [],
            "spaces": [],
        },
        status=status,
    )


@require_POST
def report_change(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Report a change": signed-in people tell staff that a place's details are wrong."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={reverse('places:detail', args=[slug])}")
    place = _place_or_404(slug)
    form = ChangeReportForm(request.POST)
    if form.is_valid():
        try:
            services.change_report_submit(
                place_slug=slug, message=form.cleaned_data["message"], acting_user=_signed_in(request)
            )
        except DomainError as refused:
            return _render_detail(request, place, report_form=form, status=form_refusal(form, refused))
        messages.success(request, _("Thank you: staff will check the change you reported."))
        return redirect("places:detail", slug=slug)
    return _render_detail(request, place, report_form=form, status=400)


@login_required
def place_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The place's operators (and staff) keep its practical details and hours; staff confirm
    them and enter closures here too."""
    place = _place_or_404(slug)
    roles = selectors.place_roles(request.user, place)
    if not {selectors.STAFF, selectors.OPERATOR} & roles:
        raise PermissionDenied(_("You can only change the places you operate."))
    status = 200
    if request.method == "POST":
        form = PlaceEditForm(request.POST, place=place)
        if form.is_valid():
            try:
                services.place_update(
                    place_slug=slug,
                    data=form.changes(),
                    opening_rules=form.cleaned_data["hours"],
                    acting_user=_signed_in(request),
                )
            except DomainError as refused:
                status = form_refusal(form, refused)
            else:
                messages.success(request, _("The place's details were saved."))
                return redirect("places:detail", slug=slug)
        else:
            status = 400
    else:
        form = PlaceEditForm(place=place)
    return render(
        request,
        "places/edit.html",
        {"place": place, "form": form, "is_staff": selectors.STAFF in roles, "closure_form": ClosureForm()},
        status=status,
    )


@login_required
@require_POST
def place_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    _place_or_404(slug)
    if not is_bureau_staff(request.user):
        raise PermissionDenied(_("Only HR bureau staff can do this."))
    services.place_confirm(place_slug=slug, acting_user=_signed_in(request))
    messages.success(request, _("The place's details are confirmed as current."))
    return redirect("places:detail", slug=slug)


@login_required
@require_POST
def closure_add(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    if not is_bureau_staff(request.user):
        raise PermissionDenied(_("Only HR bureau staff can do this."))
    form = ClosureForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.closure_add(place_slug=slug, acting_user=_signed_in(request), **form.cleaned_data)
        except DomainError as refused:
            status = form_refusal(form, refused)
        else:
            messages.success(request, _("The closure was added."))
            return redirect("places:detail", slug=slug)
    return render(
        request,
        "places/edit.html",
        {"place": place, "form": PlaceEditForm(place=place), "is_staff": True, "closure_form": form},
        status=status,
    )


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    """Staff: the open change reports, and the places whose details are due to be confirmed."""
    if not is_bureau_staff(request.user):
        raise PermissionDenied(_("Only HR bureau staff can do this."))
    return _render_staff(request)


def _render_staff(request: HttpRequest, *, bound: CloseReportForm | None = None, status: int = 200) -> HttpResponse:
    reports = list(selectors.open_change_reports())
    staff_roles = {selectors.STAFF}
    forms = [
        (
            report,
            bound if bound is not None and bound.prefix == f"r{report.pk}" else CloseReportForm(prefix=f"r{report.pk}"),
            services.CHANGE_REPORT_WORKFLOW.available(report.status, staff_roles),  # the buttons: the table's
        )
        for report in reports
    ]
    return render(
        request,
        "places/staff.html",
        {"reports": forms, "due": selectors.places_due_for_confirmation(timezone.localdate())},
        status=status,
    )


@login_required
@require_POST
def report_close(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_bureau_staff(request.user):
        raise PermissionDenied(_("Only HR bureau staff can do this."))
    form = CloseReportForm(request.POST, prefix=f"r{pk}")
    if not form.is_valid():
        return _render_staff(request, bound=form, status=400)
    try:
        services.change_report_close(
            report_id=pk, staff_note=form.cleaned_data["staff_note"], acting_user=_signed_in(request)
        )
    except NotFound:
        raise Http404 from None
    except DomainError as refused:
        messages.error(request, str(refused.message))  # the report may be gone from the list
        return _render_staff(request, bound=form, status=form_refusal(form, refused))
    messages.success(request, _("The change report was closed."))
    return redirect("places:staff")
