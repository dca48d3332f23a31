"""Forms parse and type the input; the rules are in rules.py, applied by the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH, DateInput

from . import rules
from .models import Language, Place, PlaceKind
from .services import MESSAGE_MAX_LENGTH

LANGUAGE_LABELS = {"zh_hant": _("Traditional Chinese"), "zh_hans": _("Simplified Chinese"), "en": _("English")}


class PlaceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A name, address or service, in Traditional or Simplified Chinese or English."),
    )
    kind = forms.ChoiceField(label=_("Kind of place"), required=False)
    city = forms.ChoiceField(label=_("City or district"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice: list[tuple[str, Any]] = [("", _("Any"))]
        cast(forms.ChoiceField, self.fields["kind"]).choices = any_choice + list(PlaceKind.choices)
        cast(forms.ChoiceField, self.fields["city"]).choices = any_choice + choices["regions"]
        cast(forms.ChoiceField, self.fields["service"]).choices = any_choice + choices["services"]
        cast(forms.ChoiceField, self.fields["language"]).choices = any_choice + list(Language.choices)


class PlaceEditForm(forms.Form):
    """The details a place's operators keep: each text in the three languages, contact, map
    position, languages spoken and the weekly hours."""

    TEXTS = (
        ("address", _("Address"), 300),
        ("transport_notes", _("How to get there"), FREE_TEXT_MAX_LENGTH),
        ("border_crossing", _("Nearest border crossing"), 120),
        ("accessibility_notes", _("Accessibility"), FREE_TEXT_MAX_LENGTH),
        ("description", _("Description"), FREE_TEXT_MAX_LENGTH),
    )

    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        help_text=_("WGS-84, in degrees, for example 22.336300."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        help_text=_("WGS-84, in degrees, for example 114.172500."),
    )
    border_distance_km = forms.DecimalField(
        label=_("Distance to the border crossing (km)"), required=False, max_digits=6, decimal_places=1, min_value=0
    )
    hours = forms.CharField(
        label=_("Weekly opening hours"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One rule a line: days (MO TU WE TH FR SA SU, a range such as MO-FR) and times, for example "
            "“MO-FR 09:00-12:00” and “MO-FR 14:00-18:00”. Public holidays are taken from the calendar."
        ),
    )

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        self.place = place
        initial = {
            "contact_phone": place.contact_phone,
            "contact_email": place.contact_email,
            "website": place.website,
            "languages": place.language_codes,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "border_distance_km": place.border_distance_km,
            "hours": rules.format_rules_text(_rules_of(place)),
        }
        for field, _label, _limit in self.TEXTS:
            for suffix in LANGUAGE_LABELS:
                initial[f"{field}_{suffix}"] = getattr(place, f"{field}_{suffix}") or ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for field, label, limit in self.TEXTS:
            for suffix, language in LANGUAGE_LABELS.items():
                widget = forms.Textarea(attrs={"rows": 3}) if limit > 300 else forms.TextInput()
                self.fields[f"{field}_{suffix}"] = forms.CharField(
                    label=format_lazy("{label} ({language})", label=label, language=language),
                    required=False,
                    max_length=limit,
                    widget=widget,
                )

    def clean_hours(self) -> list[rules.WeeklyRule]:
        parsed, bad = rules.parse_rules_text(self.cleaned_data.get("hours") or "")
        if bad:
            raise forms.ValidationError(
                format_lazy(
                    _("Line {lines} could not be read: write days and times, for example “MO-FR 09:00-18:00”."),
                    lines=", ".join(str(n) for n in bad),
                )
            )
        return parsed

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("hours", None)
        data["languages"] = list(data.get("languages") or [])
        return data


def _rules_of(place: Place) -> list[rules.WeeklyRule]:
    from .selectors import weekly_rules

    return weekly_rules(place)


class ChangeReportForm(forms.Form):
    message = forms.CharField(
        label=_("What has changed?"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example new opening hours, a new address or a phone number. Staff will check it."),
    )


class CloseReportForm(forms.Form):
    staff_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClosureForm(forms.Form):
    starts_on = forms.DateField(label=_("First day closed"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day closed"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason"), max_length=200, help_text=_("Shown on the place's page, for example “Renovation”.")
    )
