from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form with GOV.UK Frontend markup (templates/includes/form.html, field.html
    and the widget templates under templates/django/forms/)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
