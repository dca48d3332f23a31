"""Forms parse and type the input; the rules are in rules.py, applied by the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH, DateInput, parse_id
from portal.translation import LANGUAGE_SUFFIXES

from .models import (
    Currency,
    Education,
    Jurisdiction,
    SalaryPeriod,
    SocialInsurance,
    Vacancy,
    VacancyKind,
    WorkingLanguage,
)
from .services import VacancyInput
from .workflow import VACANCY_WORKFLOW


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


LANGUAGE_NAMES = {"zh_hant": _("Traditional Chinese"), "zh_hans": _("Simplified Chinese"), "en": _("English")}
LANGUAGES = tuple((suffix, LANGUAGE_NAMES[suffix]) for suffix in LANGUAGE_SUFFIXES)  # the portal's one list
PAGE_TEXTS = ("title", "description", "duties", "requirements")


class VacancyForm(forms.Form):
    """An employer's vacancy: what it is, in the three languages, where, the cross-border facts a
    Hong Kong graduate asks about, and when applications open and close. Traditional Chinese
    first: the title must be written in it; the other languages fall back to it when empty."""

    employer = forms.ChoiceField(label=_("Employer"), help_text=_("The organisation you post for."))
    kind = forms.ChoiceField(label=_("Internship or job"), choices=VacancyKind.choices)
    title_zh_hant = forms.CharField(label=_("Job title (Traditional Chinese)"), max_length=200)
    title_zh_hans = forms.CharField(
        label=_("Job title (Simplified Chinese)"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the Traditional Chinese title is shown."),
    )
    title_en = forms.CharField(
        label=_("Job title (English)"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the Traditional Chinese title is shown."),
    )
    city = forms.ChoiceField(label=_("Where the work is"), help_text=_("The city, or its district or zone."))
    positions = forms.IntegerField(label=_("Positions"), min_value=1, max_value=9999)
    salary_min = forms.DecimalField(
        label=_("Salary from"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    salary_max = forms.DecimalField(
        label=_("Salary up to"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    salary_currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    salary_period = forms.ChoiceField(label=_("Salary period"), choices=SalaryPeriod.choices)
    contract_jurisdiction = forms.ChoiceField(label=_("Contract"), choices=Jurisdiction.choices)
    social_insurance = forms.ChoiceField(
        label=_("Social insurance"),
        choices=SocialInsurance.choices,
        help_text=_("Who pays it, and where: what Hong Kong graduates most often ask."),
    )
    working_language = forms.ChoiceField(label=_("Working language"), choices=WorkingLanguage.choices)
    accommodation_provided = forms.BooleanField(label=_("Accommodation provided"), required=False)
    min_education = forms.ChoiceField(label=_("Minimum education"), choices=Education.choices, required=False)
    opens_on = forms.DateField(label=_("Applications open"), widget=DateInput(), help_text=_("For example 2026-06-01."))
    closes_on = forms.DateField(
        label=_("Applications close"), widget=DateInput(), help_text=_("On or after the day they open.")
    )
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    duration_months = forms.IntegerField(label=_("Duration (months)"), required=False, min_value=1, max_value=60)

    def __init__(
        self, *args: Any, employers: list[tuple[str, str]], regions: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["employer"]).choices = employers
        cast(forms.ChoiceField, self.fields["city"]).choices = regions
        labels = {
            "description": _("Description"),
            "duties": _("Duties"),
            "requirements": _("Requirements"),
        }
        for name in PAGE_TEXTS[1:]:
            for suffix, language in LANGUAGES:
                self.fields[f"{name}_{suffix}"] = forms.CharField(
                    label=_("%(field)s (%(language)s)") % {"field": labels[name], "language": language},
                    required=False,
                    max_length=FREE_TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
        self.order_fields(
            ["employer", "kind", "title_zh_hant", "title_zh_hans", "title_en"]
            + [f"{name}_{suffix}" for name in PAGE_TEXTS[1:] for suffix, _language in LANGUAGES]
        )

    @staticmethod
    def initial_of(vacancy: Vacancy) -> dict[str, Any]:
        """The edit form's values: the vacancy as it is."""
        initial: dict[str, Any] = {
            name: getattr(vacancy, name)
            for name in (
                "kind",
                "positions",
                "salary_min",
                "salary_max",
                "salary_currency",
                "salary_period",
                "contract_jurisdiction",
                "social_insurance",
                "working_language",
                "accommodation_provided",
                "min_education",
                "opens_on",
                "closes_on",
                "starts_on",
                "duration_months",
            )
        }
        initial["employer"] = str(vacancy.employer_id)
        initial["city"] = vacancy.region.slug
        for name in PAGE_TEXTS:
            for suffix, _language in LANGUAGES:
                initial[f"{name}_{suffix}"] = getattr(vacancy, f"{name}_{suffix}") or ""
        return initial

    def as_input(self) -> VacancyInput:
        data = self.cleaned_data
        return VacancyInput(
            employer_id=parse_id(data["employer"]),
            kind=data["kind"],
            texts={f"{n}_{s}": data[f"{n}_{s}"] for n in PAGE_TEXTS for s, _language in LANGUAGES},
            city=data["city"],
            positions=data["positions"],
            salary_min=data["salary_min"],
            salary_max=data["salary_max"],
            salary_currency=data["salary_currency"],
            salary_period=data["salary_period"],
            contract_jurisdiction=data["contract_jurisdiction"],
            social_insurance=data["social_insurance"],
            working_language=data["working_language"],
            accommodation_provided=data["accommodation_provided"],
            min_education=data["min_education"] or "",
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            starts_on=data["starts_on"],
            duration_months=data["duration_months"],
        )


class VacancyActionForm(forms.Form):
    """One of the buttons of workflow.VACANCY_WORKFLOW on a vacancy, with its note or reason."""

    note = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    @staticmethod
    def buttons(state: str, held: frozenset[str]) -> list[Any]:
        """The actions the person may take on a vacancy in this state (the workflow's table)."""
        return list(VACANCY_WORKFLOW.available(state, held))
