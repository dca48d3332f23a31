"""Forms parse and type the input; the rules are in rules.py, applied by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH


class BookingForm(forms.Form):
    start = forms.CharField(label=_("From"), max_length=20)
    end = forms.CharField(label=_("Until (not included)"), max_length=20)
    quantity = forms.IntegerField(label=_("How many"), min_value=1, max_value=50, initial=1)
    note = forms.CharField(
        label=_("Note to staff"), required=False, max_length=FREE_TEXT_MAX_LENGTH, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, unit: str, exclusive: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if unit == "hour":
            self.fields["start"].help_text = _("Date and hour, such as 2026-12-07T09:00.")
            self.fields["end"].help_text = _("Date and hour, such as 2026-12-07T11:00.")
        else:
            self.fields["start"].help_text = _("The first date, such as 2026-12-07.")
            self.fields["end"].help_text = _("The date after the last one, such as 2026-12-10 for three.")
        for name in ("start", "end"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input govuk-input--width-20", "inputmode": "numeric"}
            )
        self.fields["quantity"].widget.attrs.update({"class": "govuk-input govuk-input--width-3"})
        self.fields["note"].widget.attrs.update({"class": "govuk-textarea"})
        if exclusive:
            self.fields["quantity"].widget = forms.HiddenInput()


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        help_text=_("The code on the sign at the desk or room (scan its QR code), or the one on your booking."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
        )


class DecisionForm(forms.Form):
    allocation = forms.CharField(label=_("Room allocated"), required=False, max_length=100)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        help_text=_("Required to reject; shown to the applicant."),
        widget=forms.Textarea({"rows": 2}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allocation"].widget.attrs.update({"class": "govuk-input govuk-input--width-10"})
        self.fields["reason"].widget.attrs.update({"class": "govuk-textarea"})
