"""Pages of the GBA Workplace Mentor Programme. Thin: parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.roles import is_bureau_staff
from portal.errors import DomainError, form_refusal
from portal.forms import parse_id

from . import conf, rules, selectors, services, workflow
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
)
from .models import (
    ActivityInvitation,
    Mentee,
    Mentor,
    MentorRelationship,
    PublicWelfareActivity,
    RelationshipState,
    Service,
)

PAGE_SIZE = 20


def _flash_refusal(request, error: DomainError) -> None:
    """A refused button (a decision, insured months, attendance) is answered on the page it came
    from, after the redirect: every message of the refusal, the fields' ones included."""
    for message in [m for field in error.errors.values() for m in field] or [error.message]:
        messages.error(request, str(message))


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
        except DomainError as error:
            return render(request, "mentorship/apply.html", {"form": form}, status=form_refusal(form, error))
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
    context = {"form": form, "heading": _("My mentor profile"), "back": "mentorship:my_mentees"}
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_update_profile(mentor=mentor, acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            return render(request, "mentorship/staff_form.html", context, status=form_refusal(form, error))
        messages.success(request, _("Your profile has been saved."))
        return redirect("mentorship:my_mentees")
    return render(request, "mentorship/staff_form.html", context)


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
        except DomainError as error:
            return render(request, "mentorship/ask.html", {"form": form}, status=form_refusal(form, error))
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
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_change_status(mentee=mentee, acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            status = form_refusal(form, error)
        else:
            messages.success(request, _("Your employment status has been saved."))
            return redirect("mentorship:my_mentor")
    relationships = mentee.relationships.select_related("mentor").order_by("-start_date")
    history = mentee.status_changes.order_by("-since")
    return render(
        request,
        "mentorship/my_mentor.html",
        {"mentee": mentee, "relationships": relationships, "history": history, "form": form},
        status=status,
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


def _relationship(request, pk: int) -> tuple[MentorRelationship, frozenset[str]]:
    """The relationship and the viewer's roles on it (workflow.roles_of); 404 for a stranger."""
    relationship = get_object_or_404(MentorRelationship.objects.select_related("mentor", "mentee__user"), pk=pk)
    roles = workflow.roles_of(request.user, relationship)
    if not roles:
        raise Http404
    return relationship, roles


def _relationship_for(request, pk: int) -> MentorRelationship:
    """A relationship its mentor or staff manage (services, evidence, insured months): 404 to
    anyone else, its mentee included."""
    relationship, roles = _relationship(request, pk)
    if not roles & {workflow.MENTOR, workflow.STAFF}:
        raise Http404
    return relationship


# The page of each action of `workflow.RELATIONSHIP` (staff/relationships/<pk>/<action>/, urls.py):
# its form, its service, what the page says once done.
RELATIONSHIP_ACTION_PAGES: dict[str, tuple[type[forms.Form], Callable[..., Any], Promise]] = {
    "end": (EndRelationshipForm, services.relationship_end, gettext_lazy("The relationship has been ended.")),
}
# What the staff page says once each action of `workflow.MENTOR_APPLICATION` is done.
DECISION_DONE: dict[str, Promise] = {
    "approve": gettext_lazy("The mentor has been approved."),
    "reject": gettext_lazy("The application has been rejected."),
}


@login_required
@never_cache
def relationship_detail(request, pk: int):
    """One relationship. Its mentor and staff: the services logged, the entitlement, the form to
    log a service. Its mentor, its mentee and staff: its dates, its state and its timeline; the
    actions the viewer may take from that state (`workflow.RELATIONSHIP`) as links."""
    relationship, roles = _relationship(request, pk)
    manages = bool(roles & {workflow.MENTOR, workflow.STAFF})
    if request.method == "POST" and not manages:
        raise PermissionDenied
    form = ServiceForm(request.POST or None, request.FILES or None, initial={"date": selectors.today()})
    status = 200
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.service_log(relationship_id=relationship.pk, acting_user=request.user, **values)
        except DomainError as error:
            status = form_refusal(form, error)
        else:
            messages.success(request, _("The service has been logged."))
            return redirect("mentorship:relationship", pk=relationship.pk)
    state = workflow.relationship_state(relationship)
    context = {
        "relationship": relationship,
        "state": state,
        "state_label": RelationshipState(state).label,
        "actions": workflow.RELATIONSHIP.available(state, roles),
        "timeline": selectors.relationship_timeline(relationship),
        "manages": manages,
        "is_mentor": workflow.MENTOR in roles,
    }
    if manages:
        changes = list(relationship.mentee.status_changes.values_list("since", "status"))
        context.update(
            services=selectors.services_of_relationship(relationship),
            entitlement=selectors.relationship_entitlement(relationship),
            status_today=rules.status_on(changes, selectors.today()),
            form=form,
            insurance_form=InsuranceForm(),
        )
    return render(request, "mentorship/relationship.html", context, status=status)


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
        except DomainError as error:
            _flash_refusal(request, error)
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
    staff = frozenset({workflow.STAFF})
    for relationship in relationships.object_list:
        relationship.actions = workflow.RELATIONSHIP.available(relationship.state_on(today), staff)
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
            # every application listed is waiting ("applied"): the table's buttons for it
            "review_actions": workflow.MENTOR_APPLICATION.available(Mentor.Status.APPLIED, staff),
        },
    )


@staff_required
@require_POST
def staff_review(request, pk: int):
    """Staff decide on an application: the button pressed names the action of
    `workflow.MENTOR_APPLICATION` ("approve", "reject"), the service checks the table."""
    mentor = get_object_or_404(Mentor, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():  # a note that cannot be kept (a NUL character) is refused, not dropped
        for errors in form.errors.values():
            for message in errors:
                # Iterating an ErrorList gives its messages as strings; the stubs give its items' type.
                messages.error(request, message)  # type: ignore[arg-type]
        return redirect("mentorship:staff")
    action = request.POST.get("decision", "")
    try:
        services.mentor_decide(mentor=mentor, action=action, acting_user=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        _flash_refusal(request, error)
    else:
        messages.success(request, str(DECISION_DONE[action]))
    return redirect("mentorship:staff")


@staff_required
@never_cache
def staff_match(request):
    form = MatchForm(
        request.POST or None, initial={"mentee": request.GET.get("mentee"), "start_date": selectors.today()}
    )
    context = {"form": form, "heading": _("Match a mentee with a mentor")}
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_create(
                mentor_id=form.cleaned_data["mentor"].pk,
                mentee_id=form.cleaned_data["mentee"].pk,
                start_date=form.cleaned_data["start_date"],
                second_mentor=form.cleaned_data["second_mentor"],
                acting_user=request.user,
            )
        except DomainError as error:
            return render(request, "mentorship/staff_form.html", context, status=form_refusal(form, error))
        messages.success(request, _("The mentee has been matched with the mentor."))
        return redirect("mentorship:staff")
    return render(request, "mentorship/staff_form.html", context)


@staff_required
@never_cache
def staff_relationship_action(request, pk: int, action: str):
    """The page of one action of `workflow.RELATIONSHIP` (ending early: the date and the reason)."""
    relationship = get_object_or_404(MentorRelationship.objects.select_related("mentor", "mentee__user"), pk=pk)
    form_class, service, done = RELATIONSHIP_ACTION_PAGES[action]
    form = form_class(request.POST or None, initial={"ended_on": selectors.today()})
    transition = workflow.RELATIONSHIP.rows(action)[0]
    context = {"form": form, "heading": transition.label, "relationship": relationship}
    if request.method == "POST" and form.is_valid():
        try:
            service(relationship=relationship, acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            return render(request, "mentorship/staff_form.html", context, status=form_refusal(form, error))
        messages.success(request, str(done))
        return redirect("mentorship:staff")
    return render(request, "mentorship/staff_form.html", context)


@staff_required
@never_cache
def staff_activity_new(request):
    form = ActivityForm(request.POST or None)
    context = {"form": form, "heading": _("New public-welfare activity")}
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        invite = list(values.pop("invite"))
        try:
            activity = services.activity_create(acting_user=request.user, invite=invite, **values)
        except DomainError as error:
            return render(request, "mentorship/staff_form.html", context, status=form_refusal(form, error))
        messages.success(request, _("The activity has been created and the mentors invited."))
        return redirect("mentorship:staff_activity", pk=activity.pk)
    return render(request, "mentorship/staff_form.html", context)


@staff_required
@never_cache
def staff_activity(request, pk: int):
    activity = get_object_or_404(PublicWelfareActivity, pk=pk)
    if request.method == "POST":
        try:
            services.attendance_record(
                activity=activity, mentor_id=parse_id(request.POST.get("mentor")) or 0, acting_user=request.user
            )
        except DomainError as error:
            _flash_refusal(request, error)
        else:
            messages.success(request, _("Attendance has been recorded."))
        return redirect("mentorship:staff_activity", pk=activity.pk)
    invitations = (
        ActivityInvitation.objects.filter(activity=activity).select_related("mentor").order_by("mentor__display_name")
    )
    return render(request, "mentorship/staff_activity.html", {"activity": activity, "invitations": invitations})
