"""Forms parse and type the input; the rules are in rules.py, applied by the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import DateInput

from .models import Education, VacancyKind


class VacancyFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A title, employer or place, in Traditional or Simplified Chinese or English."),
    )
    kind = forms.ChoiceField(label=_("Internship or job"), required=False)
    city = forms.ChoiceField(label=_("City or district"), required=False)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice: list[tuple[str, Any]] = [("", _("Any"))]
        cast(forms.ChoiceField, self.fields["kind"]).choices = any_choice + list(VacancyKind.choices)
        cast(forms.ChoiceField, self.fields["city"]).choices = any_choice + regions


class ApplyForm(forms.Form):
    education_level = forms.ChoiceField(
        label=_("Your highest education"),
        choices=[c for c in Education.choices if c[0]],
        help_text=_("The internship subsidy at bases is paid by degree."),
    )
    note = forms.CharField(
        label=_("A short note to the employer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this post, and when you can start. At most 2,000 characters."),
    )
    cv = forms.FileField(
        label=_("Your CV (PDF, up to 10 MB)"),
        required=False,
        help_text=_("Only this employer's staff can open it."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class ApplicationActionForm(forms.Form):
    """One action on an application: its reason, interview time and place, or start date."""

    action = forms.CharField(max_length=20)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    at = forms.DateTimeField(
        label=_("Interview date and time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Interview place"), required=False, max_length=300)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
