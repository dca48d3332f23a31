"""Pages of the GBA Workplace Mentor Programme. Thin: parse, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.roles import is_bureau_staff

from . import conf, rules, selectors, services
from .forms import (
    ActivityForm,
    AskForMentorForm,
    EndRelationshipForm,
    InsuranceForm,
    MatchForm,
    MentorApplicationForm,
    ReviewForm,
    ServiceForm,
    StatusChangeForm,
    add_service_errors,
)
from .models import ActivityInvitation, Mentee, Mentor, MentorRelationship, PublicWelfareActivity, Service

PAGE_SIZE = 20


def staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not is_bureau_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def index(request):
    """The public list of approved mentors with their free places."""
    page = Paginator(selectors.approved_mentors_with_free_places(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentorship/index.html",
        {
            "page_obj": page,
            "mentors": page.object_list,
            "max_mentees": rules.MAX_ACTIVE_MENTEES,
            "is_staff": is_bureau_staff(request.user),
        },
    )


def mentor_detail(request, pk: int):
    mentor = get_object_or_404(selectors.approved_mentors_with_free_places(), pk=pk)
    return render(request, "mentorship/mentor_detail.html", {"mentor": mentor})


@login_required
@never_cache
def apply(request):
    """A Hong Kong person with mainland workplace experience applies to be a mentor."""
    existing = selectors.mentor_for_user(request.user)
    if existing is not None:
        return render(request, "mentorship/apply.html", {"existing": existing})
    form = MentorApplicationForm(request.POST or None, initial={"display_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_apply(user=request.user, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your application will be reviewed by the HR bureau."))
            return redirect("mentorship:apply")
    return render(request, "mentorship/apply.html", {"form": form})


@login_required
@never_cache
def edit_profile(request):
    """The mentor edits their public profile (in the language of the page; staff edit the other
    languages in the admin)."""
    mentor = selectors.mentor_for_user(request.user)
    if mentor is None:
        return redirect("mentorship:apply")
    form = MentorApplicationForm(request.POST or None, instance=mentor)
    if request.method == "POST" and form.is_valid():
        services.mentor_update_profile(mentor=mentor, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("mentorship:my_mentees")
    return render(
        request,
        "mentorship/staff_form.html",
        {"form": form, "heading": _("My mentor profile"), "back": "mentorship:my_mentees"},
    )


@login_required
@never_cache
def ask(request):
    """A young person asks for a mentor (optionally a given one)."""
    mentee = selectors.mentee_for_user(request.user)
    initial = {"requested_mentor": request.GET.get("mentor")}
    if mentee:
        initial.update(status=mentee.status, status_since=mentee.status_since, interests=mentee.interests)
    form = AskForMentorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_register(
                user=request.user, acting_user=request.user, wants_mentor=True, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request has been received: the HR bureau will match you with a mentor."))
            return redirect("mentorship:my_mentor")
    return render(request, "mentorship/ask.html", {"form": form})


@login_required
@never_cache
def my_mentor(request):
    """The mentee's own page: their mentor relationships and employment status."""
    mentee = selectors.mentee_for_user(request.user)
    if mentee is None:
        return redirect("mentorship:ask")
    form = StatusChangeForm(request.POST or None, initial={"status": mentee.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_change_status(mentee=mentee, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your employment status has been saved."))
            return redirect("mentorship:my_mentor")
    relationships = mentee.relationships.select_related("mentor").order_by("-start_date")
    history = mentee.status_changes.order_by("-since")
    return render(
        request,
        "mentorship/my_mentor.html",
        {"mentee": mentee, "relationships": relationships, "history": history, "form": form},
    )


@login_required
@never_cache
def my_mentees(request):
    """The mentor's own page: mentees, what each has earned, and the totals."""
    mentor = selectors.mentor_for_user(request.user)
    if mentor is None:
        return redirect("mentorship:apply")
    context = {"mentor": mentor}
    if mentor.status == Mentor.Status.APPROVED:
        context["entitlement"] = selectors.mentor_entitlement(mentor)
        context["relationships"] = selectors.mentor_relationships_with_entitlement(mentor)
        context["invitations"] = mentor.invitations.select_related("activity").order_by("-activity__date")
        context["today"] = selectors.today()
    return render(request, "mentorship/my_mentees.html", context)


def _relationship_for(request, pk: int) -> MentorRelationship:
    relationship = get_object_or_404(MentorRelationship.objects.select_related("mentor", "mentee__user"), pk=pk)
    if relationship.mentor.user_id != request.user.pk and not is_bureau_staff(request.user):
        raise Http404
    return relationship


@login_required
@never_cache
def relationship_detail(request, pk: int):
    """One mentee: services logged, the entitlement, and the form to log a service."""
    relationship = _relationship_for(request, pk)
    form = ServiceForm(request.POST or None, request.FILES or None, initial={"date": selectors.today()})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.service_log(relationship_id=relationship.pk, acting_user=request.user, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The service has been logged."))
            return redirect("mentorship:relationship", pk=relationship.pk)
    changes = list(relationship.mentee.status_changes.values_list("since", "status"))
    return render(
        request,
        "mentorship/relationship.html",
        {
            "relationship": relationship,
            "services": selectors.services_of_relationship(relationship),
            "entitlement": selectors.relationship_entitlement(relationship),
            "status_today": rules.status_on(changes, selectors.today()),
            "form": form,
            "insurance_form": InsuranceForm(),
        },
    )


@login_required
@require_POST
def insurance_update(request, pk: int):
    service = get_object_or_404(Service.objects.select_related("relationship__mentor"), pk=pk)
    relationship = _relationship_for(request, service.relationship_id)
    form = InsuranceForm(request.POST)
    if form.is_valid():
        try:
            services.job_referral_update_insurance(
                service=service, insured_months=form.cleaned_data["insured_months"], acting_user=request.user
            )
        except ValidationError as error:
            for messages_ in getattr(error, "message_dict", {"": error.messages}).values():
                for message in messages_:
                    messages.error(request, message)
        else:
            messages.success(request, _("The months of social insurance have been updated."))
    else:
        messages.error(request, _("Give the months of social insurance as a number."))
    return redirect("mentorship:relationship", pk=relationship.pk)


@login_required
@never_cache
def evidence(request, pk: int):
    """A job referral's evidence, for the mentor who logged it and for staff only."""
    from django.http import FileResponse

    service = get_object_or_404(Service.objects.select_related("relationship__mentor"), pk=pk)
    _relationship_for(request, service.relationship_id)
    if not service.evidence:
        raise Http404
    from portal.uploads import document_type

    # Served as what its content is (checked on upload), under a name of ours: the uploader's own
    # extension (.html, .svg, .exe) would otherwise choose the content type of the download.
    handle = service.evidence.open("rb")
    mime = document_type(handle, allowed=frozenset(conf.EVIDENCE_MIME_TYPES)) or "application/octet-stream"
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(mime, "bin")
    return FileResponse(handle, as_attachment=True, filename=f"evidence-{service.pk}.{extension}", content_type=mime)


# --- Staff ------------------------------------------------------------------------------------


@staff_required
@never_cache
def staff_home(request):
    """HR bureau staff: applications to review, youth asking for a mentor, relationships,
    activities."""
    today = selectors.today()
    relationships = Paginator(
        MentorRelationship.objects.filter(selectors.active_on(today))
        .select_related("mentor", "mentee__user")
        .order_by("end_date", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "mentorship/staff.html",
        {
            "applications": Mentor.objects.filter(status=Mentor.Status.APPLIED)
            .select_related("user")
            .order_by("applied_at"),
            "waiting": Mentee.objects.filter(wants_mentor=True)
            .select_related("user", "requested_mentor")
            .order_by("pk"),
            "page_obj": relationships,
            "relationships": relationships.object_list,
            "activities": PublicWelfareActivity.objects.annotate(
                invited=Count("invitations"), attended=Count("invitations", filter=Q(invitations__attended=True))
            ).order_by("-date")[:20],
            "match_form": MatchForm(initial={"start_date": today}),
            "review_form": ReviewForm(),
        },
    )


@staff_required
@require_POST
def staff_review(request, pk: int):
    mentor = get_object_or_404(Mentor, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():  # a note that cannot be kept (a NUL character) is refused, not dropped
        for errors in form.errors.values():
            for message in errors:
                # Iterating an ErrorList gives its messages as strings; the stubs give its items' type.
                messages.error(request, message)  # type: ignore[arg-type]
        return redirect("mentorship:staff")
    note = form.cleaned_data["note"]
    try:
        if request.POST.get("decision") == "approve":
            services.mentor_approve(mentor=mentor, acting_user=request.user, note=note)
            messages.success(request, _("The mentor has been approved."))
        else:
            services.mentor_reject(mentor=mentor, acting_user=request.user, note=note)
            messages.success(request, _("The application has been rejected."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("mentorship:staff")


@staff_required
@never_cache
def staff_match(request):
    form = MatchForm(
        request.POST or None, initial={"mentee": request.GET.get("mentee"), "start_date": selectors.today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_create(
                mentor_id=form.cleaned_data["mentor"].pk,
                mentee_id=form.cleaned_data["mentee"].pk,
                start_date=form.cleaned_data["start_date"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mentee has been matched with the mentor."))
            return redirect("mentorship:staff")
    return render(request, "mentorship/staff_form.html", {"form": form, "heading": _("Match a mentee with a mentor")})


@staff_required
@never_cache
def staff_end(request, pk: int):
    relationship = get_object_or_404(MentorRelationship.objects.select_related("mentor", "mentee__user"), pk=pk)
    form = EndRelationshipForm(request.POST or None, initial={"ended_on": selectors.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_end(relationship=relationship, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The relationship has been ended."))
            return redirect("mentorship:staff")
    return render(
        request,
        "mentorship/staff_form.html",
        {"form": form, "heading": _("End a relationship early"), "relationship": relationship},
    )


@staff_required
@never_cache
def staff_activity_new(request):
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        invite = list(values.pop("invite"))
        activity = services.activity_create(acting_user=request.user, invite=invite, **values)
        messages.success(request, _("The activity has been created and the mentors invited."))
        return redirect("mentorship:staff_activity", pk=activity.pk)
    return render(request, "mentorship/staff_form.html", {"form": form, "heading": _("New public-welfare activity")})


@staff_required
@never_cache
def staff_activity(request, pk: int):
    activity = get_object_or_404(PublicWelfareActivity, pk=pk)
    if request.method == "POST":
        try:
            services.attendance_record(
                activity=activity, mentor_id=int(request.POST.get("mentor", "0") or 0), acting_user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Attendance has been recorded."))
        return redirect("mentorship:staff_activity", pk=activity.pk)
    invitations = (
        ActivityInvitation.objects.filter(activity=activity).select_related("mentor").order_by("mentor__display_name")
    )
    return render(request, "mentorship/staff_activity.html", {"activity": activity, "invitations": invitations})
