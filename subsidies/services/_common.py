"""What the subsidies services share: locking a claim, writing a transition row with its
notification, queueing the eligibility computation, reading an amount."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from accounts.services import notify
from portal.errors import InvalidInput, NotAllowed, NotFound
from portal.outbox import enqueue_on_commit

from ..models import Claim, ClaimState, ClaimTransition, Scheme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def require_role(user: User, *allowed: str) -> None:
    """For the use cases outside the claim's transition table (payment batches)."""
    if not (user.is_superuser or any(roles.has_role(user, role) for role in allowed)):
        raise NotAllowed(_("You are not allowed to do this."))


def require_applicant(claim: Claim, actor: User) -> None:
    """For the applicant's changes that are not transitions (details, documents)."""
    if claim.applicant_id != actor.pk:
        raise NotAllowed(_("Only the applicant can do this."))


def lock_claim(claim_id: int) -> Claim:
    try:
        return Claim.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=claim_id)
    except Claim.DoesNotExist:
        raise NotFound(_("There is no such claim."))


def _scheme_name(scheme: Scheme) -> StrOrPromise:
    """The scheme's name, read in the language active when rendered (notify renders in the
    recipient's language)."""
    return lazy(lambda: str(Scheme.objects.get(pk=scheme.pk).name), str)()


def _notify_applicant(claim: Claim, transition: ClaimTransition) -> None:
    state = ClaimState(transition.to_state).label
    subject = format_lazy(
        _("Your claim {number} ({scheme}) is now: {state}"),
        number=f"#{claim.pk}",
        scheme=_scheme_name(claim.scheme),
        state=state,
    )
    body = format_lazy(
        _("Your claim {number} changed from {old} to {new}. {note}"),
        number=f"#{claim.pk}",
        old=ClaimState(transition.from_state).label if transition.from_state else "-",
        new=state,
        note=transition.note,
    )
    applicant = claim.applicant
    with translation.override(applicant.preferred_language or None):
        url = reverse("subsidies:claim", kwargs={"pk": claim.pk})
    # In the transaction: notify() is idempotent per key and sends its email on commit.
    notify(recipient=applicant, key=f"subsidies:transition:{transition.pk}", subject=subject, body=body, url=url)


def write_transition(
    claim: Claim,
    *,
    actor: User | None,
    to_state: str,
    note: str = "",
    amount: Decimal | None = None,
    tell_applicant: bool = True,
    documents_requested: list[str] | None = None,
) -> ClaimTransition:
    """Change the claim's state, append the transition row, and tell the applicant on commit."""
    from_state = claim.state
    claim.state = to_state
    claim.state_changed_at = timezone.now()
    claim.save()
    transition = ClaimTransition.objects.create(
        claim=claim,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        note=note,
        amount=amount,
        documents_requested=documents_requested or [],
    )
    if tell_applicant:  # applicants are told of every change, their own too (a receipt)
        _notify_applicant(claim, transition)
    return transition


def enqueue_eligibility(claim_id: int) -> None:
    from ..tasks import compute_claim_eligibility

    enqueue_on_commit(compute_claim_eligibility, claim_id)


MAX_AMOUNT = Decimal("1E10")  # models: max_digits=12, decimal_places=2


def parse_amount(value: object, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidInput.on(field, _("Enter an amount in RMB."))
    # what the amount columns hold (12 digits, 2 decimals): 1E+30 passed, then broke the
    # rules' arithmetic (decimal.InvalidOperation, a 500)
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput.on(field, _("Enter an amount in RMB."))
    return amount
