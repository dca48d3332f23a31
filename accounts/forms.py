from __future__ import annotations

from django import forms
from django.conf import settings
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

    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
