"""Pages: thin — parse, call a service or selector, render. Refused use cases are shown on the
page with the status of the portal's domain error (400, 403, 404 or 409, portal.errors)."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from accounts import roles
from portal.errors import DomainError, form_refusal
from portal.forms import parse_id

from . import conf, exports, fragments, retention, rules, selectors, services, workflow
from .forms import (
    DECLARATION,
    ActionForm,
    ApproveForm,
    BulkForm,
    ClaimForm,
    DeclarationForm,
    DocumentForm,
    NoteForm,
    QueueFilterForm,
    ReasonForm,
    ReturnForm,
)
from .models import Claim, ClaimDocument, ClaimState, ExportJob, PaymentBatch, PaymentBatchState, Scheme

QUEUE_PAGE_SIZE = 50


def _staff_required(request) -> None:
    if not roles.is_bureau_staff(request.user):
        raise PermissionDenied


def _approver_required(request) -> None:
    if not (request.user.is_superuser or roles.has_role(request.user, roles.APPROVER)):
        raise PermissionDenied


def index(request):
    schemes = list(selectors.schemes_with_rules().filter(is_open=True))
    rows = [{"scheme": scheme, "rule": selectors.current_rule(scheme)} for scheme in schemes]
    return render(request, "subsidies/index.html", {"rows": rows, "is_staff": roles.is_bureau_staff(request.user)})


@login_required
def apply(request, code: str):
    scheme = get_object_or_404(selectors.schemes_with_rules(), code=code)
    if not roles.has_role(request.user, scheme.applicant_role):
        return render(request, "subsidies/not_for_you.html", {"scheme": scheme}, status=403)
    rule = selectors.current_rule(scheme)
    form_kwargs: dict[str, Any] = {
        "scheme": scheme,
        "rule_kind": rule.kind if rule else None,
        "needs_identity": selectors.profile_lacks_identity(request.user),
        "bases": selectors.bases_of_applicant(request.user),
        "applicant_id": request.user.pk,
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
            except DomainError as error:
                status = form_refusal(form, error)
            else:
                messages.success(request, _("Your claim is saved as a draft. Upload the documents, then submit it."))
                return redirect("subsidies:claim", pk=claim.pk)
        else:
            status = 400
    context = {
        "scheme": scheme,
        "rule": rule,
        "form": form,
        "conflicts": selectors.exclusive_conflicts(request.user, scheme),
        "pics": _pics(),
    }
    return render(request, "subsidies/apply.html", context, status=status)


def _pics() -> dict[str, Any]:
    """What the Personal Information Collection Statement quotes (PDPO DPP1): the retention
    job's period (subsidies.conf.RETENTION_DAYS) and where to ask for access or correction."""
    return {
        "retention_years": max(1, round(conf.RETENTION_DAYS / 365)),
        "contact_email": getattr(settings, "SUBSIDIES_PRIVACY_EMAIL", "privacy@gba-youth.example"),
    }


@login_required
def claim_edit(request, pk: int):
    claim = get_object_or_404(Claim.objects.select_related("scheme"), pk=pk, applicant=request.user)
    if claim.state not in workflow.EDITABLE_STATES:
        return redirect("subsidies:claim", pk=pk)
    rule = selectors.claim_rule(claim)  # the version in force on the claim's day, never a later one
    initial = {f: getattr(claim, f) for f in services.CLAIM_FIELDS}
    form = ClaimForm(
        request.POST or None,
        initial=initial,
        scheme=claim.scheme,
        rule_kind=rule.kind if rule else None,
        needs_identity=False,
        day=selectors.claim_day(claim),
        bases=selectors.bases_of_applicant(request.user),
        applicant_id=request.user.pk,
    )
    status = 200  # an invalid form is shown again with its messages, as it always was
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_update(claim_id=claim.pk, actor=request.user, data=form.claim_input())
        except DomainError as error:
            status = form_refusal(form, error)
        else:
            return redirect("subsidies:claim", pk=pk)
    return render(
        request,
        "subsidies/apply.html",
        {
            "scheme": claim.scheme,
            "rule": rule,
            "form": form,
            "claim": claim,
            "conflicts": selectors.exclusive_conflicts(request.user, claim.scheme, claim),
            "pics": _pics(),
        },
        status=status,
    )


@login_required
@never_cache
def my_claims(request):
    page = Paginator(selectors.claims_of(request.user), 20).get_page(request.GET.get("page"))
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
    if roles.is_bureau_staff(request.user) and claim.sent_to_staff:
        return claim
    raise Http404


def _staff_flags(claims: list[Claim]) -> dict[int, list]:
    """What staff are warned of on a claim: double claims, and an identity number on several
    accounts."""
    flags = selectors.double_claim_flags(claims)
    for pk, more in selectors.shared_identity_flags(claims).items():
        flags[pk] = [*flags.get(pk, []), *more]
    return flags


def _claim_page(request, claim: Claim, *, status: int = 200, error=None, forms=None, full_identity: str = ""):
    """The claim, and the buttons of the transitions this person may take from its state
    (workflow.actions_for: the table the services enforce)."""
    user = request.user
    is_applicant = claim.applicant_id == user.pk
    is_staff = roles.is_bureau_staff(user)
    offered = {t.action for t in workflow.actions_for(claim, user)}
    can = {action.replace("-", "_"): action in offered for action in workflow.CLAIM_WORKFLOW.actions}
    can["edit"] = is_applicant and claim.state in workflow.EDITABLE_STATES
    can["any"] = any(can.values())
    forms = forms or {}
    limits = selectors.approval_limits(claim) if can["approve"] else None
    missing = selectors.claim_missing_documents(claim) if is_applicant else []
    # the claim form's steps: 1 details (the apply page), 2 documents, 3 declaration and submit
    step = (2 if missing else 3) if is_applicant and claim.state == ClaimState.DRAFT else None
    context = {
        "claim": claim,
        "timeline": selectors.claim_timeline(claim),
        "documents": [
            (
                doc,
                is_applicant
                and workflow.document_removable(
                    state=claim.state, returned_at=claim.state_changed_at, uploaded_at=doc.uploaded_at
                ),
            )
            for doc in claim.documents.all()
        ],
        "required": claim.scheme.required_documents.all(),
        "missing": missing,
        "is_applicant": is_applicant,
        "is_staff": is_staff,
        "error": error,
        "full_identity": full_identity,
        "upload_form": forms.get("upload") or (DocumentForm(scheme=claim.scheme) if can["edit"] else None),
        "can": can,
        "recommended_by_me": claim.state == ClaimState.RECOMMENDED
        and claim.recommended_by_id == user.pk
        and workflow.APPROVER in workflow.claim_roles(claim, user),
        "note_form": NoteForm(),
        "reject_form": forms.get("reject") or ReasonForm(),
        "return_form": forms.get("return") or ReturnForm(),
        "limits": limits,
        "approve_form": forms.get("approve") or ApproveForm(initial={"amount": limits["most"] if limits else None}),
        "flags": _staff_flags([claim]).get(claim.pk, []) if is_staff else [],
        "caps": selectors.caps_left_for(claim.applicant) if is_applicant else [],
        "conflicts": selectors.exclusive_conflicts(user, claim.scheme, claim)
        if is_applicant and claim.state in workflow.EDITABLE_STATES
        else [],
        "return_request": selectors.claim_return_request(claim),
        "pics": _pics(),
        "declaration_form": forms.get("declaration") or DeclarationForm(),
        "step": step,
    }
    return render(request, "subsidies/claim_detail.html", context, status=status)


@login_required
@never_cache
def claim_detail(request, pk: int):
    return _claim_page(request, _visible_claim(request, pk))


def _note(data, action: str) -> str:
    """The note of an action, from the field its transition names (a return's questions come in
    the page's "reason" box too)."""
    fields = {t.note_field for t in workflow.CLAIM_WORKFLOW.rows(action)}
    for field in (*sorted(fields), "note", "reason"):
        if data.get(field):
            return str(data.get(field))
    return ""


@login_required
@require_POST
def claim_action(request, pk: int, action: str):
    """One view for every action of the claim's transition table, dispatched by name to the
    service (services.claim_act)."""
    if action not in workflow.CLAIM_WORKFLOW.actions:
        raise Http404
    claim = _visible_claim(request, pk)
    posted = ActionForm(request.POST)
    if not posted.is_valid():
        message = next(iter(posted.errors.values()))[0]
        return _claim_page(request, claim, status=400, error=message)
    # the declaration is asked only where submitting is allowed: elsewhere the workflow refuses (409)
    if action == "submit" and any(t.action == "submit" for t in workflow.actions_for(claim, request.user)):
        declared = DeclarationForm(request.POST)
        if not declared.is_valid():
            # the declaration form's own summary names the error (once), linked to its box
            return _claim_page(request, claim, status=400, forms={"declaration": declared})
    try:
        done = services.claim_act(
            claim_id=claim.pk,
            actor=request.user,
            action=action,
            note=_note(posted.cleaned_data, action),
            amount=request.POST.get("amount", "") if action == "approve" else None,
            documents=request.POST.getlist("documents") if action == "return" else (),
            declaration=str(DECLARATION) if action == "submit" else "",
        )
    except DomainError as error:
        claim.refresh_from_db()
        # a refusal that names a field goes on the action's form, whose own summary shows it and
        # links it to the box (once: not again at the top of the page); any other at the top
        if error.errors and action == "approve":
            approve = ApproveForm(request.POST)
            approve.is_valid()
            status = form_refusal(approve, error)
            return _claim_page(request, claim, status=status, forms={"approve": approve})
        if error.errors and action in ("return", "reject"):
            # an empty reason: "Give a reason." on its box, in the page's language
            reason = (ReturnForm if action == "return" else ReasonForm)(request.POST)
            status = form_refusal(reason, error) if reason.is_valid() else 400
            return _claim_page(request, claim, status=status, forms={action: reason})
        return _claim_page(request, claim, status=error.status, error=error.message)
    if action in ("submit", "resubmit"):
        return redirect("subsidies:claim_submitted", pk=pk)
    messages.success(request, _("Done: the claim is now %(state)s.") % {"state": done.get_state_display()})
    return redirect("subsidies:claim", pk=pk)


@login_required
@never_cache
def claim_submitted(request, pk: int):
    """The confirmation an applicant gets on submitting: the reference number, what happens next
    and the service standard."""
    claim = get_object_or_404(Claim.objects.select_related("scheme"), pk=pk, applicant=request.user)
    if not claim.reference:
        return redirect("subsidies:claim", pk=pk)
    return render(request, "subsidies/claim_submitted.html", {"claim": claim})


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
        except DomainError as error:
            status = form_refusal(form, error)
            return _claim_page(request, claim, status=status, forms={"upload": form})
        messages.success(request, _("The document is uploaded."))
        return redirect("subsidies:claim", pk=pk)
    return _claim_page(request, claim, status=400, forms={"upload": form})


@login_required
@require_POST
def document_remove(request, pk: int):
    """The applicant takes back a document (a duplicate, the wrong file) before staff see it."""
    document = get_object_or_404(ClaimDocument.objects.only("claim_id"), pk=pk, claim__applicant=request.user)
    try:
        services.claim_document_remove(document_id=pk, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The document is removed."))
    return redirect("subsidies:claim", pk=document.claim_id)


@login_required
@xframe_options_sameorigin  # the review page shows PDFs beside the claim in an iframe
# ... and CSP's frame-ancestors must agree. django-csp types a view as taking the request only.
@csp_replace({"frame-ancestors": ["'self'"]})  # type: ignore[arg-type]
def document_download(request, pk: int):
    document = get_object_or_404(ClaimDocument.objects.select_related("claim"), pk=pk)
    claim = document.claim
    allowed = claim.applicant_id == request.user.pk or (roles.is_bureau_staff(request.user) and claim.sent_to_staff)
    if not allowed:
        raise Http404
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[document.content_type]
    services.claim_document_opened(document=document, viewer=request.user)
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


@login_required
@never_cache
def review_queue(request):
    """The queue, rendered for each request in a fixed number of queries (its indexes:
    subsidies_claim_queue and subsidies_claim_waiting); the rows' HTML comes from the fragment
    cache, keyed by what they show (fragments.py)."""
    _staff_required(request)
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
    flags = _staff_flags(claims)
    rows = [
        {
            "claim": c,
            "flags": flags.get(c.pk, []),
            "waiting": selectors.days_waiting(c),
            "over": rules.amount_over(c.requested_amount, c.eligible_amount),
        }
        for c in claims
    ]
    form_html = fragments.render_queue(form, rows)  # row["html"] and the form, cached by content
    context = {"form": form, "form_html": form_html, "page_obj": page, "rows": rows, "bulk_form": BulkForm()}
    return render(request, "subsidies/review_queue.html", context)


@login_required
@require_POST
def review_bulk(request):
    _staff_required(request)
    ids = [i for i in map(parse_id, request.POST.getlist("claims")) if i is not None]
    form = BulkForm(request.POST, claim_ids=ids)
    if not form.is_valid() or not ids:
        messages.error(request, _("Choose claims, an action and give a reason."))
        return redirect("subsidies:review_queue")
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    done, refused = [], []
    for claim_id in form.cleaned_data["claims"]:
        try:
            services.claim_act(claim_id=claim_id, actor=request.user, action=action, note=reason)
            done.append(claim_id)
        except DomainError as error:
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
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("subsidies:batches")
        count = batch.items.count()
        messages.success(
            request,
            ngettext(
                "Batch %(reference)s is created: %(count)s claim, %(total)s RMB in all.",
                "Batch %(reference)s is created: %(count)s claims, %(total)s RMB in all.",
                count,
            )
            % {"reference": batch.reference, "count": count, "total": rules.format_amount(batch.total)},
        )
        return redirect("subsidies:batch", pk=batch.pk)
    page = Paginator(selectors.payment_batches(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "subsidies/batches.html",
        {
            "page_obj": page,
            "waiting": selectors.approved_waiting_for_payment(),
            "can_create": roles.has_role(request.user, roles.APPROVER) or request.user.is_superuser,
        },
    )


@login_required
@never_cache
def batch_detail(request, pk: int):
    _staff_required(request)
    batch = get_object_or_404(PaymentBatch, pk=pk)
    return render(
        request,
        "subsidies/batch_detail.html",
        {"batch": batch, "items": selectors.batch_items(batch), "open": batch.state == PaymentBatchState.OPEN},
    )


@login_required
@require_POST
def batch_mark_paid(request, pk: int):
    _staff_required(request)
    try:
        services.payment_batch_mark_paid(batch_id=pk, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("subsidies:batch", pk=pk)
    messages.success(request, _("The batch is marked paid."))
    return redirect("subsidies:batch", pk=pk)


@login_required
def batch_export(request, pk: int, fmt: str):
    _staff_required(request)
    batch = get_object_or_404(PaymentBatch, pk=pk)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    content, content_type = services.payment_batch_export(batch=batch, actor=request.user, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{fmt}"'
    return response


@login_required
@require_POST
def export_start(request):
    _staff_required(request)
    try:
        job = services.claims_export_start(
            actor=request.user, fmt=request.POST.get("format", "csv"), filters=request.POST.dict()
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("subsidies:statistics")
    return redirect("subsidies:export_status", pk=job.pk)


@login_required
@never_cache
def export_status(request, pk: int):
    if not roles.is_bureau_staff(request.user):  # at every request: a role taken away ends the access
        raise Http404
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    template = "subsidies/_export_progress.html" if request.htmx else "subsidies/export_status.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request, pk: int):
    """The requester's own export, while they are still staff and for a day (the retention job
    then deletes it: retention.exports_delete_expired)."""
    if not roles.is_bureau_staff(request.user):
        raise Http404
    fresh_since = timezone.now() - retention.EXPORT_RETENTION
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user, created_at__gte=fresh_since)
    if not job.file:
        raise Http404
    fmt = job.kind.rsplit("-", 1)[-1]
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=f"claims-{job.pk}.{fmt}",
        content_type=exports.CONTENT_TYPES[fmt],
    )


@login_required
@never_cache
def statistics(request: HttpRequest) -> HttpResponse:
    _staff_required(request)
    year = timezone.localdate().year
    return render(
        request,
        "subsidies/statistics.html",
        {**selectors.claims_statistics(year), "year": year, "export_url": reverse("subsidies:export_start")},
    )
