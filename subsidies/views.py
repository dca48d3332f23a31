"""Pages: thin — parse, call a service or selector, render. Refused transitions are shown on the
claim's page with the status the service's error carries (400, 403 or 409)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any, TypedDict

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Avg, Count, F, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from accounts import roles
from portal.audit import AuditAction, record
from portal.outbox import enqueue_on_commit

from . import cache as queue_cache
from . import exports, fragments, selectors, services
from .forms import ApproveForm, BulkForm, ClaimForm, DocumentForm, NoteForm, QueueFilterForm, ReasonForm
from .models import (
    UNDECIDED_STATES,
    ApplicantProfile,
    Claim,
    ClaimDocument,
    ClaimState,
    ExportJob,
    PaymentBatch,
    PaymentBatchState,
    Scheme,
    SchemeBudget,
)

QUEUE_PAGE_SIZE = 50


def _staff_required(request) -> None:
    if not roles.is_bureau_staff(request.user):
        raise PermissionDenied


def _approver_required(request) -> None:
    if not (request.user.is_superuser or roles.has_role(request.user, roles.APPROVER)):
        raise PermissionDenied


def index(request):
    schemes = list(selectors.schemes_with_rules().filter(is_open=True))
    rows = []
    for scheme in schemes:
        rule = selectors.current_rule(scheme)
        rows.append({"scheme": scheme, "rule": rule})
    return render(request, "subsidies/index.html", {"rows": rows, "is_staff": roles.is_bureau_staff(request.user)})


def _profile_lacks_identity(user) -> bool:
    profile = ApplicantProfile.objects.filter(user=user).first()
    return profile is None or not profile.identity_number


@login_required
def apply(request, code: str):
    scheme = get_object_or_404(selectors.schemes_with_rules(), code=code)
    if not roles.has_role(request.user, scheme.applicant_role):
        return render(request, "subsidies/not_for_you.html", {"scheme": scheme}, status=403)
    rule = selectors.current_rule(scheme)
    form_kwargs: dict[str, Any] = {
        "scheme": scheme,
        "rule_kind": rule.kind if rule else None,
        "needs_identity": _profile_lacks_identity(request.user),
    }
    form = ClaimForm(request.POST or None, **form_kwargs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                claim = services.claim_create(
                    applicant=request.user,
                    scheme=scheme,
                    data=form.claim_input(),
                    identity_type=form.cleaned_data.get("identity_type", ""),
                    identity_number=form.cleaned_data.get("identity_number", ""),
                )
            except services.ClaimError as error:
                for field, errs in error.errors.items():
                    form.add_error(field if field in form.fields else None, errs)
                if not error.errors:
                    form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Your claim is saved as a draft. Upload the documents, then submit it."))
                return redirect("subsidies:claim", pk=claim.pk)
        else:
            status = 400
    return render(request, "subsidies/apply.html", {"scheme": scheme, "rule": rule, "form": form}, status=status)


@login_required
def claim_edit(request, pk: int):
    claim = get_object_or_404(Claim.objects.select_related("scheme"), pk=pk, applicant=request.user)
    if claim.state not in (ClaimState.DRAFT, ClaimState.RETURNED):
        return redirect("subsidies:claim", pk=pk)
    rule = claim.scheme.rules.order_by("-effective_from").first()
    initial = {f: getattr(claim, f) for f in services.CLAIM_FIELDS}
    form = ClaimForm(
        request.POST or None,
        initial=initial,
        scheme=claim.scheme,
        rule_kind=rule.kind if rule else None,
        needs_identity=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_update(claim_id=claim.pk, actor=request.user, data=form.claim_input())
        except services.ClaimError as error:
            form.add_error(None, error.message)
        else:
            return redirect("subsidies:claim", pk=pk)
    return render(request, "subsidies/apply.html", {"scheme": claim.scheme, "rule": rule, "form": form, "claim": claim})


@login_required
@never_cache
def my_claims(request):
    claims = Claim.objects.filter(applicant=request.user).select_related("scheme").order_by("-created_at", "-id")
    page = Paginator(claims, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "subsidies/my_claims.html",
        {
            "page_obj": page,
            "claims": page.object_list,
            "caps": selectors.caps_left_for(request.user),
        },
    )


def _visible_claim(request, pk: int) -> Claim:
    claim = get_object_or_404(
        Claim.objects.select_related("scheme", "applicant", "rule", "recommended_by", "decided_by"), pk=pk
    )
    if claim.applicant_id == request.user.pk:
        return claim
    if roles.is_bureau_staff(request.user) and claim.state != ClaimState.DRAFT:
        return claim
    raise Http404


def _claim_page(request, claim: Claim, *, status: int = 200, error=None, forms=None, full_identity: str = ""):
    user = request.user
    is_applicant = claim.applicant_id == user.pk
    is_staff = roles.is_bureau_staff(user)
    can_review = (user.is_superuser or roles.has_role(user, roles.REVIEWER)) and not is_applicant
    can_approve = (user.is_superuser or roles.has_role(user, roles.APPROVER)) and not is_applicant
    forms = forms or {}
    limits = selectors.approval_limits(claim) if can_approve and claim.state == ClaimState.RECOMMENDED else None
    context = {
        "claim": claim,
        "timeline": claim.transitions.select_related("actor").all(),
        "documents": claim.documents.all(),
        "required": claim.scheme.required_documents.all(),
        "missing": services.claim_missing_documents(claim) if is_applicant else [],
        "is_applicant": is_applicant,
        "is_staff": is_staff,
        "error": error,
        "full_identity": full_identity,
        "upload_form": forms.get("upload")
        or (
            DocumentForm(scheme=claim.scheme)
            if is_applicant and claim.state in (ClaimState.DRAFT, ClaimState.RETURNED)
            else None
        ),
        "can_submit": is_applicant and claim.state == ClaimState.DRAFT,
        "can_edit": is_applicant and claim.state in (ClaimState.DRAFT, ClaimState.RETURNED),
        "can_resubmit": is_applicant and claim.state == ClaimState.RETURNED,
        "can_withdraw": is_applicant and claim.state in UNDECIDED_STATES,
        "can_start_review": can_review and claim.state in (ClaimState.SUBMITTED, ClaimState.RESUBMITTED),
        "can_review": can_review and claim.state == ClaimState.IN_REVIEW,
        "can_decide": can_approve and claim.state == ClaimState.RECOMMENDED,
        "recommended_by_me": claim.recommended_by_id == user.pk,
        "note_form": NoteForm(),
        "reason_form": forms.get("reason") or ReasonForm(),
        "limits": limits,
        "approve_form": forms.get("approve") or ApproveForm(initial={"amount": limits["most"] if limits else None}),
        "flags": selectors.double_claim_flags([claim]).get(claim.pk, []) if is_staff else [],
        "caps": selectors.caps_left_for(claim.applicant) if is_applicant else [],
    }
    return render(request, "subsidies/claim_detail.html", context, status=status)


@login_required
@never_cache
def claim_detail(request, pk: int):
    return _claim_page(request, _visible_claim(request, pk))


ACTIONS = {
    "submit": lambda claim, user, data: services.claim_submit(claim_id=claim.pk, actor=user),
    "withdraw": lambda claim, user, data: services.claim_withdraw(
        claim_id=claim.pk, actor=user, note=data.get("note", "")
    ),
    "start-review": lambda claim, user, data: services.claim_start_review(claim_id=claim.pk, actor=user),
    "return": lambda claim, user, data: services.claim_return(
        claim_id=claim.pk, actor=user, note=data.get("reason") or data.get("note", "")
    ),
    "resubmit": lambda claim, user, data: services.claim_resubmit(
        claim_id=claim.pk, actor=user, note=data.get("note", "")
    ),
    "recommend": lambda claim, user, data: services.claim_recommend(
        claim_id=claim.pk, actor=user, note=data.get("note", "")
    ),
    "approve": lambda claim, user, data: services.claim_approve(
        claim_id=claim.pk, actor=user, amount=data.get("amount", ""), reason=data.get("reason", "")
    ),
    "reject": lambda claim, user, data: services.claim_reject(
        claim_id=claim.pk, actor=user, reason=data.get("reason", "")
    ),
}


@login_required
@require_POST
def claim_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    claim = _visible_claim(request, pk)
    try:
        ACTIONS[action](claim, request.user, request.POST)
    except services.ClaimError as error:
        claim.refresh_from_db()
        forms = {}
        if action == "approve":
            forms["approve"] = ApproveForm(request.POST)
            forms["approve"].is_valid()
            for field, errs in error.errors.items():
                if field in forms["approve"].fields:
                    forms["approve"].add_error(field, errs)
        return _claim_page(request, claim, status=error.status, error=error.message, forms=forms)
    messages.success(
        request, _("Done: the claim is now %(state)s.") % {"state": Claim.objects.get(pk=pk).get_state_display()}
    )
    if roles.is_bureau_staff(request.user) and claim.applicant_id != request.user.pk:
        return redirect("subsidies:claim", pk=pk)
    return redirect("subsidies:claim", pk=pk)


@login_required
@require_POST
def document_upload(request, pk: int):
    claim = get_object_or_404(Claim.objects.select_related("scheme"), pk=pk, applicant=request.user)
    form = DocumentForm(request.POST, request.FILES, scheme=claim.scheme)
    if form.is_valid():
        try:
            services.claim_document_add(
                claim_id=claim.pk, actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except services.ClaimError as error:
            for field, errs in error.errors.items():
                form.add_error(field if field in form.fields else None, errs)
            if not error.errors:
                form.add_error(None, error.message)
            return _claim_page(request, claim, status=error.status, forms={"upload": form})
        messages.success(request, _("The document is uploaded."))
        return redirect("subsidies:claim", pk=pk)
    return _claim_page(request, claim, status=400, forms={"upload": form})


@login_required
@xframe_options_sameorigin  # the review page shows PDFs beside the claim in an iframe
# ... and CSP's frame-ancestors must agree. django-csp types a view as taking the request only.
@csp_replace({"frame-ancestors": ["'self'"]})  # type: ignore[arg-type]
def document_download(request, pk: int):
    document = get_object_or_404(ClaimDocument.objects.select_related("claim"), pk=pk)
    claim = document.claim
    allowed = claim.applicant_id == request.user.pk or (
        roles.is_bureau_staff(request.user) and claim.state != ClaimState.DRAFT
    )
    if not allowed:
        raise Http404
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[document.content_type]
    if claim.applicant_id != request.user.pk:  # staff opening someone's document
        record(request.user, AuditAction.DOCUMENT_DOWNLOADED, document, claim=claim.pk, kind=document.kind)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=request.GET.get("inline") != "1",
        filename=f"claim-{claim.pk}-{document.kind}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def identity_reveal(request, pk: int):
    _staff_required(request)
    claim = _visible_claim(request, pk)
    number = services.identity_view_record(claim=claim, viewer=request.user)
    return _claim_page(request, claim, full_identity=number)


# --- staff -------------------------------------------------------------------------------------


def _review_queue_page(request, *, shared: bool = False) -> HttpResponse:
    """The queue as rendered; `shared`: with placeholders for the user's name and the CSRF
    tokens, to be kept for every reviewer (cache.py)."""
    schemes = list(Scheme.objects.all())
    form = QueueFilterForm(request.GET or None, schemes=schemes)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.review_queue(
        scheme=filters.get("scheme") or "",
        state=filters.get("state") or "",
        min_days=filters.get("min_days"),
        min_amount=filters.get("min_amount"),
        max_amount=filters.get("max_amount"),
        sort=filters.get("sort") or "waiting",
    )
    page = Paginator(qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    claims = list(page.object_list)
    flags = selectors.double_claim_flags(claims)
    rows = [{"claim": c, "flags": flags.get(c.pk, []), "waiting": selectors.days_waiting(c)} for c in claims]
    form_html = fragments.render_queue(form, rows)  # row["html"] and the form, cached by content
    context = {"form": form, "form_html": form_html, "page_obj": page, "rows": rows, "bulk_form": BulkForm()}
    if shared:
        context.update(queue_cache.shared_context())
    return render(request, "subsidies/review_queue.html", context)


@login_required
@never_cache
def review_queue(request):
    """Served from the cache while no claim write has moved the claims version (cache.py); a
    request with messages to show is rendered for itself."""
    _staff_required(request)
    if not queue_cache.cacheable(request):
        return _review_queue_page(request)
    page, version = queue_cache.lookup(request)
    if page is None:
        page = _review_queue_page(request, shared=True).content
        queue_cache.store(request, page, version)
    return HttpResponse(queue_cache.personalise(page, request))


@login_required
@require_POST
def review_bulk(request):
    _staff_required(request)
    ids = [int(i) for i in request.POST.getlist("claims") if i.isdigit()]
    form = BulkForm(request.POST, claim_ids=ids)
    if not form.is_valid() or not ids:
        messages.error(request, _("Choose claims, an action and give a reason."))
        return redirect("subsidies:review_queue")
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    done, refused = [], []
    for claim_id in form.cleaned_data["claims"]:
        try:
            if action == "return":
                services.claim_return(claim_id=claim_id, actor=request.user, note=reason)
            else:
                services.claim_reject(claim_id=claim_id, actor=request.user, reason=reason)
            done.append(claim_id)
        except services.ClaimError as error:
            refused.append(f"#{claim_id}: {error.message}")
    if done:
        messages.success(request, _("%(count)s claims updated.") % {"count": len(done)})
    for line in refused:
        messages.error(request, line)
    return redirect("subsidies:review_queue")


@login_required
@never_cache
def batches(request):
    _staff_required(request)
    if request.method == "POST":
        _approver_required(request)
        try:
            batch = services.payment_batch_create(actor=request.user)
        except services.ClaimError as error:
            messages.error(request, str(error.message))
            return redirect("subsidies:batches")
        return redirect("subsidies:batch", pk=batch.pk)
    waiting = Claim.objects.filter(state=ClaimState.APPROVED, payment_item__isnull=True).aggregate(
        count=Count("id"), total=Sum("approved_amount")
    )
    page = Paginator(PaymentBatch.objects.annotate(claims=Count("items")).order_by("-created_at", "-id"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "subsidies/batches.html",
        {
            "page_obj": page,
            "waiting": waiting,
            "can_create": roles.has_role(request.user, roles.APPROVER) or request.user.is_superuser,
        },
    )


@login_required
@never_cache
def batch_detail(request, pk: int):
    _staff_required(request)
    batch = get_object_or_404(PaymentBatch, pk=pk)
    items = batch.items.select_related("claim__scheme", "claim__applicant").order_by("claim_id")
    return render(
        request,
        "subsidies/batch_detail.html",
        {"batch": batch, "items": items, "open": batch.state == PaymentBatchState.OPEN},
    )


@login_required
@require_POST
def batch_mark_paid(request, pk: int):
    _staff_required(request)
    try:
        services.payment_batch_mark_paid(batch_id=pk, actor=request.user)
    except services.ClaimError as error:
        messages.error(request, str(error.message))
        return redirect("subsidies:batch", pk=pk)
    messages.success(request, _("The batch is marked paid."))
    return redirect("subsidies:batch", pk=pk)


@login_required
def batch_export(request, pk: int, fmt: str):
    _staff_required(request)
    batch = get_object_or_404(PaymentBatch, pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    content, content_type = exports.batch_file(batch, fmt)
    record(request.user, AuditAction.BATCH_EXPORTED, batch, format=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{fmt}"'
    return response


@login_required
@require_POST
def export_start(request):
    _staff_required(request)
    fmt = request.POST.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        fmt = "csv"
    params = {k: request.POST.get(k, "") for k in ("scheme", "state")}
    with transaction.atomic():
        job = ExportJob.objects.create(requested_by=request.user, kind=f"claims-{fmt}", params=params)
        record(request.user, AuditAction.CLAIMS_EXPORTED, job, format=fmt, filters=params)
        from .tasks import build_claims_export

        enqueue_on_commit(build_claims_export, job.pk)
    return redirect("subsidies:export_status", pk=job.pk)


@login_required
@never_cache
def export_status(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    template = "subsidies/_export_progress.html" if request.htmx else "subsidies/export_status.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    if not job.file:
        raise Http404
    fmt = job.kind.rsplit("-", 1)[-1]
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=f"claims-{job.pk}.{fmt}",
        content_type=exports.CONTENT_TYPES[fmt],
    )


class SchemeRow(TypedDict):
    scheme: Scheme
    counts: list[int]  # by state, in the order of the page's columns
    approved: Decimal
    budget: Decimal | None


@login_required
@never_cache
def statistics(request: HttpRequest) -> HttpResponse:
    _staff_required(request)
    year = timezone.localdate().year
    schemes = list(Scheme.objects.order_by("ordering", "id"))
    by_state: Counter[str] = Counter()
    by_scheme_state: dict[int, Counter[str]] = defaultdict(Counter)
    for scheme_id, state, count in Claim.objects.values_list("scheme_id", "state").annotate(n=Count("id")):
        by_state[state] += count
        by_scheme_state[scheme_id][state] += count
    approved = dict(
        Claim.objects.filter(state__in=[ClaimState.APPROVED, ClaimState.PAID], decided_at__year=year)
        .values_list("scheme_id")
        .annotate(total=Sum("approved_amount"))
    )
    budgets = {b.scheme_id: b for b in SchemeBudget.objects.filter(year=year)}
    average = Claim.objects.filter(decided_at__isnull=False, submitted_at__isnull=False).aggregate(
        avg=Avg(F("decided_at") - F("submitted_at"))
    )["avg"]
    average_days = round(average.total_seconds() / 86400, 1) if average else None
    states = [s for s in ClaimState if s != ClaimState.DRAFT]
    scheme_rows: list[SchemeRow] = []
    for scheme in schemes:
        budget_amount = budgets[scheme.pk].amount if scheme.pk in budgets else scheme.annual_budget
        scheme_rows.append(
            {
                "scheme": scheme,
                "counts": [by_scheme_state[scheme.pk][s] for s in states],
                "approved": approved.get(scheme.pk) or Decimal("0"),
                "budget": budget_amount,
            }
        )
    chart = {
        "states": {
            "labels": [str(s.label) for s in states],
            "values": [by_state[s] for s in states],
            "label": _("Claims"),
        },
        "budget": {
            "labels": [str(r["scheme"].name) for r in scheme_rows],
            "approved": [float(r["approved"]) for r in scheme_rows],
            "budget": [float(r["budget"] or 0) for r in scheme_rows],
            "approved_label": _("Approved (RMB)"),
            "budget_label": _("Budget (RMB)"),
        },
    }
    return render(
        request,
        "subsidies/statistics.html",
        {
            "states": states,
            "by_state": [(s, by_state[s]) for s in states],
            "scheme_rows": scheme_rows,
            "average_days": average_days,
            "chart": chart,
            "year": year,
            "export_url": reverse("subsidies:export_start"),
        },
    )
