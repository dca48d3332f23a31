from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form with GOV.UK Frontend markup (templates/includes/form.html, field.html
    and the widget templates under templates/django/forms/)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


FREE_TEXT_MAX_LENGTH = 5000
"""The longest note, reason, biography or description a form or the API takes (about two pages):
beyond it the field gets its own "at most 5,000 characters" message in the user's language. The
models' free-text fields carry it as `max_length` (no database change for a TextField), so their
ModelForms, ModelSerializers and admin forms take it from there; plain form and serializer fields
name it themselves. Every note a workflow row carries is checked once more, whatever sent it, in
Workflow.check (free_text_errors): the one place no page, serializer or task can go round."""


def free_text_errors(value: str) -> list[str]:
    """What is wrong with a free-text value the portal would store: a NUL character (PostgreSQL
    refuses it in text: a DataError, then a 500) or more than FREE_TEXT_MAX_LENGTH characters.
    Django's own messages, in the user's language ("at most 5000 characters")."""
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator

    errors: list[str] = []
    for validator in (ProhibitNullCharactersValidator(), MaxLengthValidator(FREE_TEXT_MAX_LENGTH)):
        try:
            validator(value)
        except ValidationError as error:
            errors.extend(error.messages)
    return errors


def parse_id(value: object) -> int | None:
    """A record's id from a query parameter or a posted value: ASCII digits only, at most 18 of
    them (a bigint), else None. `str.isdigit` is true of "²" and "١", which `int` refuses (a
    ValueError, then a 500)."""
    text = str(value).strip() if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


class DateInput(forms.DateInput):
    """The browser's date picker (`<input type="date">`), which sends and shows ISO dates only: its
    value is written as YYYY-MM-DD in every language (the zh-hant and zh-hans date format,
    2026/06/01, is a value the picker cannot show, so an edit form came back with its dates blank)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's own argument name
        super().__init__(attrs=attrs, format=format)
