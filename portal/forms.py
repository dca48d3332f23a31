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
    """The browser's date picker (`<input type="date">`), which sends ISO dates."""

    input_type = "date"
