"""Reminders (Celery beat, daily) and the claims export job.

Applicants: a returned claim unanswered after 7 days; a draft left 14 days. Staff: a claim
waiting for review more than 10 working days is escalated to the approvers. Each occasion has a
notification key (claim and the transition that started the wait), so running twice reminds once.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from accounts.services import notify

from . import exports, rules
from .models import SENT_TO_STAFF, Claim, ClaimState, ClaimTransition, ExportJob

RETURNED_DAYS = 7
DRAFT_DAYS = 14
REVIEW_WORKING_DAYS = 10
WAITING_FOR_STAFF = (ClaimState.SUBMITTED, ClaimState.RESUBMITTED, ClaimState.IN_REVIEW)


def _claim_url(claim: Claim, user: User) -> str:
    with translation.override(user.preferred_language or None):
        return reverse("subsidies:claim", kwargs={"pk": claim.pk})


def _with_last_transition(qs):
    last = ClaimTransition.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id").values("pk")[:1]
    return qs.annotate(last_transition_id=Subquery(last)).select_related("applicant")


def send_reminders(*, now=None) -> int:
    now = now or timezone.now()
    sent = 0
    returned = _with_last_transition(
        Claim.objects.filter(state=ClaimState.RETURNED, state_changed_at__lte=now - timedelta(days=RETURNED_DAYS))
    )
    for claim in returned:
        sent += bool(
            notify(
                recipient=claim.applicant,
                key=f"subsidies:returned:{claim.pk}:{claim.last_transition_id}",
                subject=format_lazy(_("Reminder: claim {number} is waiting for your answer"), number=f"#{claim.pk}"),
                body=format_lazy(
                    _(
                        "Your claim {number} was returned to you for more information {days} days ago. "
                        "Answer the reviewer's questions and resubmit it."
                    ),
                    number=f"#{claim.pk}",
                    days=RETURNED_DAYS,
                ),
                url=_claim_url(claim, claim.applicant),
            )
        )
    drafts = Claim.objects.filter(
        state=ClaimState.DRAFT, created_at__lte=now - timedelta(days=DRAFT_DAYS)
    ).select_related("applicant")
    for claim in drafts:
        sent += bool(
            notify(
                recipient=claim.applicant,
                key=f"subsidies:draft:{claim.pk}",
                subject=format_lazy(_("Reminder: claim {number} is still a draft"), number=f"#{claim.pk}"),
                body=format_lazy(
                    _(
                        "You started claim {number} {days} days ago but have not submitted it. Upload the "
                        "documents and submit it, or withdraw it."
                    ),
                    number=f"#{claim.pk}",
                    days=DRAFT_DAYS,
                ),
                url=_claim_url(claim, claim.applicant),
            )
        )
    waiting = _with_last_transition(
        Claim.objects.filter(
            state__in=WAITING_FOR_STAFF, state_changed_at__lte=now - timedelta(days=REVIEW_WORKING_DAYS)
        )
    )
    approvers = list(User.objects.filter(groups__name=roles.APPROVER, is_active=True).distinct())
    today = timezone.localdate(now)
    for claim in waiting:
        days = rules.working_days_between(timezone.localdate(claim.state_changed_at), today)
        if days <= REVIEW_WORKING_DAYS:
            continue
        for approver in approvers:
            sent += bool(
                notify(
                    recipient=approver,
                    key=f"subsidies:overdue:{claim.pk}:{claim.last_transition_id}",
                    subject=format_lazy(
                        _("Claim {number} has waited for review more than {days} working days"),
                        number=f"#{claim.pk}",
                        days=REVIEW_WORKING_DAYS,
                    ),
                    body=format_lazy(
                        _("Claim {number} has been {state} for {days} working days."),
                        number=f"#{claim.pk}",
                        state=claim.get_state_display(),
                        days=days,
                    ),
                    url=_claim_url(claim, approver),
                )
            )
    return sent


def export_build(*, job_id: int) -> bool:
    """Build a claims export (CSV/XLSX) for staff, recording progress for the page's bar.
    Idempotent: a finished job is left alone."""
    from .selectors import claims_visible_to

    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.finished_at:
        return False
    fmt = job.kind.rsplit("-", 1)[-1]
    qs = claims_visible_to(job.requested_by).filter(SENT_TO_STAFF).order_by("pk")
    if job.params.get("scheme"):
        qs = qs.filter(scheme__code=job.params["scheme"])
    if job.params.get("state"):
        qs = qs.filter(state=job.params["state"])
    total = qs.count() or 1
    rows = []
    with translation.override(job.params.get("lang") or job.requested_by.preferred_language or None):
        header = exports.claim_header()
        for index, claim in enumerate(qs.iterator(chunk_size=500), start=1):
            rows.append(exports.claim_row(claim))
            if index % 500 == 0:
                ExportJob.objects.filter(pk=job.pk).update(progress=min(99, index * 100 // total))
        content = exports.write(rows, header, fmt)
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        if job.finished_at:
            return False
        job.file.save(f"claims-{job.pk}.{fmt}", ContentFile(content), save=False)
        job.progress = 100
        job.finished_at = timezone.now()
        job.save()
    return True
