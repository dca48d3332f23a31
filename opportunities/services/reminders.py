"""Reminders of stale applications, saved searches and their daily digest."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from accounts.services import notify
from portal.errors import InvalidInput, NotAllowed
from portal.models import Region

from .. import rules, selectors
from ..models import (
    Application,
    DigestItem,
    SavedSearch,
    StaleReminder,
    Vacancy,
    VacancyKind,
)

# --- reminders ------------------------------------------------------------------------------


def applications_remind_stale(*, now: datetime | None = None) -> int:
    """The beat job: remind the employer's users of each application waiting (submitted,
    shortlisted, interview) without a move for 14 days; once per application and state."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=rules.STALE_AFTER_DAYS)
    sent = 0
    stale = (
        Application.objects.filter(state__in=("submitted", "shortlisted", "interview"), state_changed_at__lte=cutoff)
        .select_related("vacancy__employer__base")
        .order_by("pk")
    )
    for application in stale:
        with transaction.atomic(durable=True):
            try:
                with transaction.atomic():
                    StaleReminder.objects.create(
                        application=application, state_changed_at=application.state_changed_at or application.created_at
                    )
            except IntegrityError:
                continue
            employer = application.vacancy.employer
            recipients = list(employer.users.all())
            if employer.base is not None:
                recipients += list(employer.base.operators.all())
            for user in {u.pk: u for u in recipients}.values():
                with translation.override(user.preferred_language or None):
                    url = reverse("opportunities:applicants", kwargs={"pk": application.vacancy_id})
                notify(
                    recipient=user,
                    key=f"opportunities:stale:{application.pk}:{application.state_changed_at:%Y%m%d%H%M%S}",
                    subject=format_lazy(
                        _("Application #{number} has waited {days} days for you"),
                        number=application.pk,
                        days=rules.STALE_AFTER_DAYS,
                    ),
                    body=_("Move it on, or tell the applicant it was not successful."),
                    url=url,
                )
            sent += 1
    return sent


# --- saved searches and the daily digest ------------------------------------------------------


def saved_search_create(*, user: User, kind: str = "", city: str = "", q: str = "") -> SavedSearch:
    """A youth saves the list's filters; the same search twice is kept once."""
    if not roles.has_role(user, roles.YOUTH):
        raise NotAllowed(_("Only youth accounts can save a search."))
    if kind and kind not in VacancyKind.values:
        raise InvalidInput.on("kind", _("Choose one of the options."))
    if city and not Region.objects.filter(slug=city).exists():
        raise InvalidInput.on("city", _("Choose one of the options."))
    q = (q or "").strip()[:100]
    if not (kind or city or q):
        raise InvalidInput(_("Choose a filter or enter words to search for first."))
    with transaction.atomic(durable=True):
        search, _created = SavedSearch.objects.get_or_create(user=user, kind=kind, city=city, q=q)
    return search


def digests_send(*, now: datetime | None = None) -> int:
    """The daily job: each person with saved searches is told, in one notification, of the
    published vacancies matching any of them that they were not told of before (once per vacancy
    per person: DigestItem's unique key, written in the same transaction as the notification).
    Returns how many people were notified."""
    now = now or timezone.now()
    notified = 0
    user_ids = list(SavedSearch.objects.values_list("user_id", flat=True).distinct().order_by("user_id"))
    for user_id in user_ids:
        user = User.objects.get(pk=user_id)
        searches = list(SavedSearch.objects.filter(user=user))
        with transaction.atomic(durable=True):
            sent = set(DigestItem.objects.filter(user=user).values_list("vacancy_id", flat=True))
            new: dict[int, Vacancy] = {}
            for search in searches:
                filters = selectors.VacancyFilters(q=search.q, kind=search.kind, city=search.city)
                for vacancy in selectors.vacancy_list(user, filters, published_only=True):
                    if vacancy.pk not in sent and vacancy.pk not in new:
                        new[vacancy.pk] = vacancy
            if not new:
                continue
            DigestItem.objects.bulk_create(
                [DigestItem(user=user, vacancy_id=pk) for pk in sorted(new)], ignore_conflicts=True
            )
            ids = sorted(new)
            titles = lazy(
                lambda ids=ids: "\n".join(
                    f"- {v.title}" for v in Vacancy.objects.filter(pk__in=ids).order_by("closes_on", "pk")
                ),
                str,
            )()
            with translation.override(user.preferred_language or None):
                url = reverse("opportunities:list")
            notify(
                recipient=user,
                key=f"opportunities:digest:{user.pk}:{ids[-1]}:{len(ids)}",
                subject=format_lazy(_("{count} new vacancies match your saved searches"), count=len(ids)),
                body=titles,
                url=url,
            )
            notified += 1
    return notified
