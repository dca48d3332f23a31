"""The daily reminders of the programme."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from portal.invariants import known

from .. import rules, selectors
from ..models import MentorEntitlement, MentorRelationship, Service


def reminders_send(*, day: dt.date | None = None) -> int:
    """Daily reminders, each once per occasion (`accounts.services.notify` keys them): a
    relationship ends within 30 days (mentor and mentee); a referred mentee reached the first or
    the further insured-months threshold (mentor: you can claim); a mentor's entitlement has been
    left unclaimed for 60 days or more (`rules.ENDING_WITHIN_DAYS`, `rules.UNCLAIMED_AFTER_DAYS`)."""
    from django.urls import reverse
    from django.utils.text import format_lazy

    from accounts.services import notify

    day = day or selectors.today()
    sent = 0
    mentor_url = reverse("mentorship:my_mentees")

    ending = (
        MentorRelationship.objects.filter(
            ended_on__isnull=True,
            start_date__lte=day,
            end_date__gte=day,
            end_date__lte=day + dt.timedelta(days=rules.ENDING_WITHIN_DAYS),
        )
        .select_related("mentor__user", "mentee__user")
        .order_by("pk")
    )
    for relationship in ending.iterator(chunk_size=200):
        end = relationship.end_date.isoformat()
        subject = _("Your mentor relationship ends soon")
        for recipient, other in (
            (relationship.mentor.user, relationship.mentee.user),
            (relationship.mentee.user, relationship.mentor.user),
        ):
            body = format_lazy(_("Your mentor relationship with {name} ends on {date}."), name=str(other), date=end)
            sent += bool(
                notify(
                    recipient=recipient,
                    key=f"mentorship:ending:{relationship.pk}",
                    subject=subject,
                    body=body,
                    url=mentor_url if recipient == relationship.mentor.user else reverse("mentorship:my_mentor"),
                )
            )

    schedules = selectors.rate_schedules()
    referrals = (
        Service.objects.filter(kind=Service.Kind.JOB_REFERRAL, insured_months__gte=1)
        .select_related("relationship__mentor__user", "relationship__mentee__user")
        .order_by("pk")
    )
    for service in referrals.iterator(chunk_size=200):
        rates = rules.rates_on(schedules, service.date)
        for threshold in (rates.referral_first_months, rates.referral_further_months):
            if (service.insured_months or 0) < threshold:
                continue
            relationship = service.relationship
            sent += bool(
                notify(
                    recipient=relationship.mentor.user,
                    key=f"mentorship:insured:{threshold}:{relationship.pk}",
                    subject=_("You can claim a job referral subsidy"),
                    body=format_lazy(
                        _("{name} has been insured for {months} months with {employer}: you can claim the subsidy."),
                        name=str(relationship.mentee.user),
                        months=threshold,
                        employer=service.employer,
                    ),
                    url=mentor_url,
                )
            )

    stale = (
        MentorEntitlement.objects.filter(claimable_since__lte=day - dt.timedelta(days=rules.UNCLAIMED_AFTER_DAYS))
        .select_related("mentor__user")
        .order_by("pk")
    )
    for entitlement in stale.iterator(chunk_size=200):
        claimable_since = known(entitlement.claimable_since, "claimable since")  # filtered on it
        left = rules.claimable(total=entitlement.total, claimed=entitlement.claimed)
        if left <= 0:
            continue
        sent += bool(
            notify(
                recipient=entitlement.mentor.user,
                key=f"mentorship:unclaimed:{entitlement.mentor_id}:{claimable_since.isoformat()}",
                subject=_("You have unclaimed mentor subsidies"),
                body=format_lazy(
                    _("{amount} RMB of mentor subsidies has been waiting to be claimed since {date}."),
                    amount=left,
                    date=claimable_since.isoformat(),
                ),
                url=mentor_url,
            )
        )
    return sent
