"""Query helpers the apps share."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, F, Lookup, Q, Value


class _EqualsAny(Lookup):
    lookup_name = "equals_any"  # built by `any_of`, not registered on any field
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def any_of(field: str, ids: Iterable[int]) -> Lookup | Q:
    """A filter `field = ANY(<ids as one array>)`, for `.filter(any_of("mentor_id", ids))`: the
    same rows as `field__in=ids`, but one query parameter however many ids. With `__in`, a list
    of thousands of ids (a chunk of the nightly recomputation) cost more to prepare, one value at
    a time, and to quote into the query than the query took to run. `__in` on SQLite (the
    embedded default), which has no arrays."""
    ids = list(ids)
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    return _EqualsAny(F(field), Value(ids, output_field=ArrayField(BigIntegerField())))
