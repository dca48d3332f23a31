"""Every write of the policies app. Each transition checks who acts and from which state,
writes a PolicyChange (the audit row, public or not) in the same transaction."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_bureau_staff
from portal.audit import AuditAction, record

from . import rules
from .models import Policy, PolicyChange
from .selectors import LANGUAGE_CODES, TRANSLATED_FIELDS, field_suffix

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from accounts.models import User


def _require_staff(acting_user: User | None) -> None:
    """Only HR bureau staff edit guides; None is the system itself (demo loader, migrations)."""
    if acting_user is not None and not is_bureau_staff(acting_user):
        raise PermissionDenied(_("Only HR bureau staff can edit policy guides."))


def search_fields_of(policy: Policy) -> tuple[str, str]:
    """(search_title, search_text): every translation, the issuer and the region, normalised
    to Simplified Chinese and lower case so that any script finds any script."""
    titles = [getattr(policy, f"title_{field_suffix(code)}", "") or "" for code in LANGUAGE_CODES]
    texts = list(titles)
    for name in TRANSLATED_FIELDS[1:]:
        texts += [getattr(policy, f"{name}_{field_suffix(code)}", "") or "" for code in LANGUAGE_CODES]
    for related in (policy.issuer, policy.region):
        texts += [getattr(related, f"name_{field_suffix(code)}", "") or "" for code in LANGUAGE_CODES]
    texts += [policy.source_title, policy.source_issuer, policy.slug.replace("-", " ")]
    return rules.normalise("\n".join(t for t in titles if t)), rules.normalise("\n".join(t for t in texts if t))


def policy_refresh_search(*, policy: Policy) -> None:
    """Recompute the stored search text (after any edit of the texts, the issuer or region)."""
    policy.search_title, policy.search_text = search_fields_of(policy)
    Policy.objects.filter(pk=policy.pk).update(search_title=policy.search_title, search_text=policy.search_text)


def _summary_in_every_language(message: str | Promise) -> dict[str, str]:
    values = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            values[f"summary_{field_suffix(code)}"] = str(message)
    return values


def policy_change_record(
    *,
    policy: Policy,
    summary: dict[str, str] | str | Promise,
    acting_user: User | None,
    public: bool = True,
    when: datetime.datetime | None = None,
) -> PolicyChange:
    """Add an entry to a guide's change history. `summary`: per language {"zh-hant": ...} or a
    lazy message translated into every language."""
    _require_staff(acting_user)
    if isinstance(summary, dict):
        values = {f"summary_{field_suffix(code)}": text for code, text in summary.items() if text}
    else:
        values = _summary_in_every_language(summary)
    return PolicyChange.objects.create(
        policy=policy, changed_at=when or timezone.now(), is_public=public, changed_by=acting_user, **values
    )


def policy_publish(*, policy: Policy, acting_user: User | None, when: datetime.datetime | None = None) -> bool:
    """Publish a draft or archived guide. Returns False (and writes nothing) when it already is
    published: the conditional update decides, so two staff publishing at once write one row."""
    _require_staff(acting_user)
    when = when or timezone.now()
    with transaction.atomic(durable=True):
        updated = (
            Policy.objects.filter(pk=policy.pk)
            .exclude(status=Policy.Status.PUBLISHED)
            .update(status=Policy.Status.PUBLISHED, published_at=when)
        )
        if not updated:
            return False
        policy_change_record(policy=policy, summary=_("Published."), acting_user=acting_user, when=when)
        record(acting_user, AuditAction.POLICY_PUBLISHED, policy)
        policy.status, policy.published_at = Policy.Status.PUBLISHED, when
    return True


def policy_archive(*, policy: Policy, acting_user: User | None) -> bool:
    """Withdraw a published guide from the public (kept for the record)."""
    _require_staff(acting_user)
    with transaction.atomic(durable=True):
        updated = Policy.objects.filter(pk=policy.pk, status=Policy.Status.PUBLISHED).update(
            status=Policy.Status.ARCHIVED
        )
        if not updated:
            return False
        policy_change_record(policy=policy, summary=_("Archived."), acting_user=acting_user, public=False)
        record(acting_user, AuditAction.POLICY_ARCHIVED, policy)
        policy.status = Policy.Status.ARCHIVED
    return True


def policy_save(*, policy: Policy, acting_user: User | None, change_summary: dict[str, str] | None = None) -> None:
    """Save a guide edited by staff (the admin calls this inside its own transaction, hence not
    durable): a published guide gets its publish date, the search text is refreshed and the
    change recorded — public with the staff's note when there is one, else an internal row."""
    _require_staff(acting_user)
    created = policy.pk is None
    if policy.status == Policy.Status.PUBLISHED and policy.published_at is None:
        policy.published_at = timezone.now()
    policy.search_title, policy.search_text = search_fields_of(policy)
    with transaction.atomic():
        policy.save()
        if change_summary and any(change_summary.values()):
            policy_change_record(policy=policy, summary=change_summary, acting_user=acting_user, public=True)
        else:
            policy_change_record(
                policy=policy, summary=_("Created.") if created else _("Edited."), acting_user=acting_user, public=False
            )
