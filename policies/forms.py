"""Forms shared by the pages and the API: the list filters and the eligibility checker.
One place validates both, so a bad value gets the same per-field message everywhere."""

from __future__ import annotations

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.models import Region

from . import rules
from .models import Category, Education, Issuer, Need, Origin, Situation, TargetGroup
from .selectors import regions_above


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that names the value it refused (the API's 400 says what was wrong)."""

    default_error_messages = {"invalid_choice": _("“%(value)s” is not one of the available choices.")}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from error


class PlaceChoiceField(SlugChoiceField):
    """A city, or a district shown under its city ("深圳 · 福田區")."""

    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.parent.name} · {obj.name}" if obj.parent is not None else obj.name


class PolicyFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)
    category = SlugChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="slug", required=False, empty_label=_("Any")
    )
    region = SlugChoiceField(
        label=_("City, district or zone"),
        queryset=Region.objects.select_related("parent"),
        to_field_name="slug",
        required=False,
        empty_label=_("Anywhere"),
    )
    issuer = SlugChoiceField(
        label=_("Issued by"), queryset=Issuer.objects.all(), to_field_name="slug", required=False, empty_label=_("Any")
    )
    target_group = SlugChoiceField(
        label=_("For"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Anyone"),
    )
    in_force = forms.TypedChoiceField(
        label=_("In force"),
        choices=[("", _("Any")), ("true", _("In force now")), ("false", _("Not in force now"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )

    def filters(self) -> dict:
        """The cleaned values as keyword arguments of selectors.policy_list."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class EligibilityForm(forms.Form):
    """The checker's questions. Answers stay on the page (POST): nothing is stored."""

    origin = forms.ChoiceField(label=_("Where are you from?"), choices=Origin.choices, widget=forms.RadioSelect)
    age = forms.IntegerField(label=_("Your age"), min_value=14, max_value=80)
    education = forms.ChoiceField(
        label=_("Your highest education level (completed or in progress)"), choices=Education.choices
    )
    situation = forms.ChoiceField(
        label=_("What are you doing now?"), choices=Situation.choices, widget=forms.RadioSelect
    )
    city = PlaceChoiceField(
        label=_("Which city or district are you interested in?"),
        help_text=_("A city's guides apply in all its districts."),
        # each city followed by its districts
        queryset=Region.objects.filter(kind__in=[Region.Kind.CITY, Region.Kind.DISTRICT])
        .select_related("parent__parent")
        .order_by(Coalesce("parent__slug", "slug"), F("parent").asc(nulls_first=True), "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any city"),
    )
    needs = forms.MultipleChoiceField(
        label=_("What do you need?"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply, or none to see everything you qualify for."),
    )
    months = forms.IntegerField(
        label=_("If you intern: for how many months?"), min_value=1, max_value=24, initial=3, required=False
    )
    financing = forms.DecimalField(
        label=_("If you run a start-up: financing raised so far (RMB)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )

    def applicant(self) -> rules.Applicant:
        data = self.cleaned_data
        return rules.Applicant(
            origin=data["origin"],
            age=data["age"],
            education=data["education"],
            situation=data["situation"],
            city=data["city"].slug if data.get("city") else "",
            within=regions_above(data["city"]) if data.get("city") else (),
            needs=frozenset(data.get("needs") or ()),
            months=data.get("months") or 3,
            financing=data.get("financing"),
        )
