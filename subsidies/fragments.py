"""The review queue's costly HTML (50 table rows and the GOV.UK filter form, two thirds of the
page's time when rendered each time), kept in the cache (Redis) under keys made of everything
it shows: the claim's number, state, scheme, applicant, masked identity, days waiting, amounts
and flags, the language, and the code that renders it. A change to any of them is a new key, so
nothing needs invalidating and a stale row cannot be served; unused keys expire. One round trip
(`get_many`) fetches the page's fragments; the missing ones are rendered and stored."""

from __future__ import annotations

import hashlib
from functools import cache as memo
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

SECONDS = 600
ROW_TEMPLATE = "subsidies/_queue_row.html"
_APP = Path(__file__).resolve().parent
# what the fragments are rendered from (a deployment that changes any of them changes the keys)
_SOURCES = (
    "forms.py",
    "fragments.py",
    "templates/subsidies/_queue_row.html",
    "templates/subsidies/_state.html",
    "locale/zh_Hant/LC_MESSAGES/django.mo",
    "locale/zh_Hans/LC_MESSAGES/django.mo",
)


@memo
def code_version() -> str:
    digest = hashlib.sha256()
    for name in _SOURCES:
        path = _APP / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    return digest.hexdigest()[:12]


def _key(kind: str, values: tuple) -> str:
    text = repr((code_version(), get_language(), values))
    return f"subsidies:queue:{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


def _row_values(row: dict) -> tuple:
    claim = row["claim"]
    return (
        claim.pk,
        claim.state,
        claim.scheme.name,
        str(claim.applicant),
        claim.masked_identity,
        row["waiting"],
        str(claim.requested_amount),
        str(claim.eligible_amount),
        tuple(str(flag) for flag in row["flags"]),
    )


def _form_values(form) -> tuple | None:
    """What the filter form's HTML depends on, or None when it shows errors (rendered afresh)."""
    if form.is_bound and not form.is_valid():
        return None
    data = tuple((name, form.data.get(name, "")) if form.is_bound else (name, "") for name in form.fields)
    choices = tuple(
        (name, tuple((str(value), str(label)) for value, label in field.choices))
        for name, field in form.fields.items()
        if hasattr(field, "choices")
    )
    return (data, choices)


def render_queue(form, rows: list[dict]) -> str:
    """Sets `row["html"]` on every row and returns the form's HTML, from the cache when there."""
    keys = [_key("row", _row_values(row)) for row in rows]
    form_values = _form_values(form)
    form_key = _key("form", form_values) if form_values is not None else None
    found = cache.get_many([*keys, *([form_key] if form_key else [])])
    missing: dict[str, str] = {}
    for row, key in zip(rows, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = render_to_string(ROW_TEMPLATE, {"row": row})
            missing[key] = html
        row["html"] = html  # a SafeString (rendered and escaped by the template), pickled as one
    form_html = found.get(form_key) if form_key else None
    if form_html is None:
        form_html = str(form)
        if form_key:
            missing[form_key] = form_html
    if missing:
        cache.set_many(missing, SECONDS)
    return form_html
