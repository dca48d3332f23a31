from django import forms
from django.core import validators
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form with GOV.UK Frontend markup (templates/includes/form.html, field.html
    and the widget templates under templates/django/forms/)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


FREE_TEXT_MAX_LENGTH = 5000
"""The longest note, reason, biography or description a form or the API takes (about two pages):
beyond it the field gets its own "at most 5,000 characters" message in the user's language."""


def limit_free_text(field: forms.CharField) -> forms.CharField:
    """A text field built elsewhere (a ModelForm's TextField), limited like a declared one."""
    field.max_length = FREE_TEXT_MAX_LENGTH
    field.validators.append(validators.MaxLengthValidator(FREE_TEXT_MAX_LENGTH))
    field.widget.attrs.update(field.widget_attrs(field.widget))
    return field
