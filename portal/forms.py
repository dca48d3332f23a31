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
name it themselves."""


class DateInput(forms.DateInput):
    """The browser's date picker (`<input type="date">`), which sends and shows ISO dates only: its
    value is written as YYYY-MM-DD in every language (the zh-hant and zh-hans date format,
    2026/06/01, is a value the picker cannot show, so an edit form came back with its dates blank)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's own argument name
        super().__init__(attrs=attrs, format=format)
