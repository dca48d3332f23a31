"""Forms parse and type the input; the rules are applied by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RegisterForm(forms.Form):
    party_size = forms.TypedChoiceField(
        label=_("Who is coming?"),
        choices=[(1, _("Just me")), (2, _("Me and one companion"))],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        help_text=_("A companion gets a place together with you, or neither of you does."),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        help_text=_("Scan the participant's QR code with the door's scanner, or type the 8 characters under it."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "autofocus": True}
        ),
    )
