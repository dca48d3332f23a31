"""Forms of the mentorship pages. They parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH, DateInput

from .models import Mentee, Mentor, Service


class MentorApplicationForm(forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["display_name", "industries", "employer", "mainland_experience", "languages", "district", "bio"]
        help_texts = {
            "display_name": _("As you would like mentees to see it."),
            "industries": _("For example: finance, logistics, information technology."),
            "mainland_experience": _("Where and how long you have worked in the mainland."),
            "languages": _("For example: Cantonese, Putonghua, English."),
            "district": _("For example: Luohu, Futian, Qianhai."),
        }
        widgets = {"mainland_experience": forms.Textarea(attrs={"rows": 4}), "bio": forms.Textarea(attrs={"rows": 4})}


class AskForMentorForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Are you employed now?"), choices=Mentee.Status.choices, widget=forms.RadioSelect
    )
    status_since = forms.DateField(label=_("Since when?"), widget=DateInput)
    requested_mentor = forms.ModelChoiceField(
        label=_("Mentor you would like"),
        queryset=Mentor.objects.filter(status=Mentor.Status.APPROVED).order_by("display_name"),
        required=False,
    )
    interests = forms.CharField(
        label=_("What would you like help with?"),
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("Employment status"), choices=Mentee.Status.choices, widget=forms.RadioSelect)
    since = forms.DateField(label=_("Since"), widget=DateInput)


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of service"), choices=Service.Kind.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=FREE_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    days = forms.IntegerField(
        label=_("Number of days (internship guidance)"), min_value=1, max_value=31, required=False
    )
    employer = forms.CharField(label=_("Employer (job referral)"), max_length=200, required=False)
    position = forms.CharField(label=_("Position (job referral)"), max_length=200, required=False)
    hired_on = forms.DateField(label=_("Date the mentee was hired (job referral)"), widget=DateInput, required=False)
    insured_months = forms.IntegerField(
        label=_("Months of social insurance with that employer (job referral)"),
        min_value=0,
        max_value=600,
        required=False,
    )
    evidence = forms.FileField(label=_("Evidence (social insurance record, job referral)"), required=False)


class InsuranceForm(forms.Form):
    insured_months = forms.IntegerField(
        label=_("Months of social insurance with that employer"), min_value=0, max_value=600
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note (required to reject)"),
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class MatchForm(forms.Form):
    mentor = forms.ModelChoiceField(
        label=_("Mentor"), queryset=Mentor.objects.filter(status=Mentor.Status.APPROVED).order_by("display_name")
    )
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Mentee.objects.select_related("user").order_by("pk"))
    start_date = forms.DateField(
        label=_("Start date"),
        widget=DateInput,
        help_text=_("From the programme's launch to 30 days ahead. The relationship lasts one year."),
    )
    second_mentor = forms.BooleanField(
        label=_("The mentee keeps their current mentor too (staff decision)"),
        required=False,
        help_text=_("A mentee has one mentor at a time. Tick only if staff have decided on a second one."),
    )


class EndRelationshipForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason"), max_length=FREE_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    invite = forms.ModelMultipleChoiceField(
        label=_("Invite mentors"),
        queryset=Mentor.objects.filter(status=Mentor.Status.APPROVED).order_by("display_name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
