"""Forms parse and type the input; the rules themselves are in rules.py, applied by the services."""

from __future__ import annotations

from typing import cast

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH
from portal.workflow import Transition, Workflow

from .models import Base, ProjectCountReport, RecognitionLevel
from .rules import FIGURE_FIELDS
from .services import PROFILE_FIELDS
from .workflow import CORRECTION, FLAG, decisions


class PlaceField(forms.ChoiceField):
    """A city or district, offered by slug. A name is taken too (in any language: the filters took
    names before they took slugs, and old links keep working); selectors.regions_called resolves it."""

    def valid_value(self, value: str) -> bool:
        return len(value) <= 100


class BaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or address contains"), required=False, max_length=100)
    city = PlaceField(label=_("City"), required=False)
    district = PlaceField(label=_("District"), required=False)
    level = forms.ChoiceField(
        label=_("Recognition level"), required=False, choices=[("", _("Any"))] + list(RecognitionLevel.choices)
    )

    def __init__(self, *args, cities: list[tuple[str, str]], districts: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["city"]).choices = [("", _("Any")), *cities]
        cast(forms.ChoiceField, self.fields["district"]).choices = [("", _("Any")), *districts]


class StatsFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    level = forms.ChoiceField(
        label=_("Recognition level"), required=False, choices=[("", _("Any"))] + list(RecognitionLevel.choices)
    )
    region = forms.SlugField(required=False, widget=forms.HiddenInput)  # set by the groups' links

    def __init__(self, *args, periods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        period = cast(forms.ChoiceField, self.fields["period"])
        period.choices = [("", _("Latest"))] + [(p, p) for p in reversed(periods)]


REPORT_FORM_FIELDS = [*FIGURE_FIELDS, "correction_reason"]


def _skip_required_check(value) -> None:
    return None


class ReportForm(forms.Form):
    """The figures, typed. A plain form, not a ModelForm: the rules (and their messages in the
    user's language) are applied once, by services.report_save through rules.report_errors."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance: ProjectCountReport | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {**model_to_dict(instance, fields=REPORT_FORM_FIELDS), **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        model_fields = fields_for_model(
            ProjectCountReport,
            fields=REPORT_FORM_FIELDS,
            widgets={"correction_reason": forms.Textarea(attrs={"rows": 3})},
            help_texts={
                # The stubs take plain strings; Django renders a lazy help text in the reader's language.
                "correction_reason": _(  # type: ignore[dict-item]
                    "Only when a count to date is lower than last period's: say why. Staff must accept the correction."
                )
            },
        )
        for name in REPORT_FORM_FIELDS:
            field = model_fields[name]
            field.required = False
            if name in FIGURE_FIELDS:
                # Shown as required, but a missing figure is reported by rules.report_errors (one
                # place for every rule), so the field's own required check is skipped.
                field.required = True
                field.validate = _skip_required_check
                field.validators = [v for v in field.validators if type(v).__name__ != "MinValueValidator"]
                if hasattr(field, "min_value"):
                    field.min_value = None
                field.widget.attrs.pop("min", None)
                field.widget.attrs["class"] = "govuk-input govuk-input--width-10"
            self.fields[name] = field


class ProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Base
        fields = list(PROFILE_FIELDS)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"), help_text=_("JPEG, PNG or WebP, at most 5 MB; it is resized for the web.")
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)
    # Pillow validation, the size limit and resizing are done once, in photos.py (via the service).


def offered(workflow: Workflow, roles: frozenset[str], state: str | None) -> list[Transition]:
    """The decisions a form offers: those `roles` may take from `state` (a page showing the
    object), or from any state (a form parsing a decision: the service says if the state allows it)."""
    if state is not None:
        return [t for t in workflow.available(state, roles) if t.action in decisions(workflow)]
    rows = {}
    for t in workflow.transitions:
        if t.action in decisions(workflow) and t.action not in rows and any(role in roles for role in t.roles):
            rows[t.action] = t
    return list(rows.values())


class FlagResolveForm(forms.Form):
    """Staff's decision on an open flag: the choices are what workflow.FLAG lets them do; each
    choice is the state it leads to (the flag's status)."""

    status = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=FREE_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, roles: frozenset[str], state: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (t.target, t.label) for t in offered(FLAG, roles, state)
        ]


class CorrectionReviewForm(forms.Form):
    """Staff's decision on a pending correction: the choices are what workflow.CORRECTION lets them do."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=FREE_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, roles: frozenset[str], state: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["decision"]).choices = [
            (t.action, t.label) for t in offered(CORRECTION, roles, state)
        ]
