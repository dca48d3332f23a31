from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import User


class YouthSignUpForm(forms.Form):
    """Name, address and language: the password is chosen on the page the emailed link opens."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send a link to this address. Follow it to choose your password and open your account."),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def clean_email(self) -> str:
        # Whether the address already has an account is never said here (that would tell anyone
        # who has an account): the service writes to the address either way.
        return self.cleaned_data["email"].strip().lower()


class ProfileForm(forms.ModelForm):
    """The name is required here as at sign-up (YouthSignUpForm): the portal's pages, letters and
    payment lists address a person by it, so it cannot be emptied once given. (The model allows a
    blank name only for accounts the administrators create before their holder signs in.)"""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("For example 2001-09-30. Exchange trips and courses have age limits."),
    )

    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "date_of_birth", "residence", "study_status"]
        labels = {"residence": _("Where are you a resident?"), "study_status": _("Are you a student or a graduate?")}

    def clean_date_of_birth(self) -> datetime.date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born is not None and not (datetime.date(1900, 1, 1) <= born <= timezone.localdate()):
            raise forms.ValidationError(_("Enter a date of birth in the past."))
        return born
