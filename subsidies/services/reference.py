"""A claim's reference number, given on its first submission (what the confirmation page, the
claim list and every letter quote)."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from .. import rules
from ..models import Claim, ClaimReferenceCounter


def claim_reference_assign(claim: Claim) -> str:
    """Give `claim` its reference (once: a claim resubmitted keeps its own). Call inside the
    submitting transaction, the claim row locked.

    Race-sensitive: two claims submitted at the same moment must never get the same number. The
    counter of the prefix and year moves by one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`,
    which PostgreSQL runs atomically per row (the second waits for the first's row lock and reads
    its value); the unique constraint on `Claim.reference` is the last guard."""
    if claim.reference:
        return claim.reference
    prefix = rules.claim_reference_prefix(claim.scheme.code)
    year = timezone.localdate().year
    table = ClaimReferenceCounter._meta.db_table
    with connection.cursor() as cursor:
        sql = (
            f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "  # noqa: S608  # nosec B608
            f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last"
        )
        cursor.execute(
            sql,  # the table name is the model's own; the values are parameters
            [prefix, year],
        )
        (number,) = cursor.fetchone()
    claim.reference = rules.claim_reference(prefix, year, number)
    Claim.objects.filter(pk=claim.pk).update(reference=claim.reference)
    return claim.reference
