"""Bulk loading for the generators: model instances straight into PostgreSQL with COPY.

Values go through each field's own `pre_save` and `get_db_prep_save`, so what lands in the table
is exactly what `Model.save()` would have written (auto_now dates, JSON, decimals, foreign keys),
at COPY speed. Primary keys are given explicitly (reproducible ids) and sequences reset after.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model


def next_id(model: type[Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def copy_models(model: type[Model], objects: Iterable[Model], *, keep: Iterable[str] = ()) -> int:
    """COPY the instances into the model's table; returns the number of rows written. Fields
    named in `keep` are written as set on the instance, not through `pre_save` (a dated history:
    `auto_now_add` would otherwise stamp every row with the moment of the load)."""
    fields = list(model._meta.concrete_fields)
    kept = set(keep)
    return _copy_rows(
        model,
        (
            [
                field.get_db_prep_save(
                    getattr(obj, field.attname) if field.name in kept else field.pre_save(obj, True), connection
                )
                for field in fields
            ]
            for obj in objects
        ),
    )


def _copy_rows(model: type[Model], rows: Iterable[list]) -> int:
    """COPY rows of prepared values, one per concrete field in the model's order; their count."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    count = 0
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def reset_sequences(*models: type[Model]) -> None:
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


def analyze(*models: type[Model]) -> None:
    """Fresh planner statistics after a bulk load (autovacuum would take its time)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def copy_values(model: type[Model], template: Model, rows: Iterable[dict]) -> int:
    """COPY rows that differ from `template` only in the fields each dict names (by attname:
    `id`, `claim_id`, ...), with values psycopg adapts as they are (ints, strings, dates,
    datetimes, Decimals, None). The template's other fields are prepared once, as `copy_models`
    prepares them; for hundreds of thousands of rows this is several times faster than preparing
    every field of every instance. Returns the number of rows written."""
    fields = list(model._meta.concrete_fields)
    base = [field.get_db_prep_save(field.pre_save(template, True), connection) for field in fields]
    position = {field.attname: index for index, field in enumerate(fields)}

    def values(row: dict) -> list:
        out = base.copy()
        for name, value in row.items():
            out[position[name]] = value
        return out

    return _copy_rows(model, (values(row) for row in rows))
