from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH, DateInput

from . import payee, rules, selectors
from .models import ClaimState, EducationLevel, IdentityType, Scheme
from .services import ClaimInput


class ClaimForm(forms.Form):
    education_level = forms.ChoiceField(label=_("Education level"), choices=EducationLevel.choices)
    start_date = forms.DateField(label=_("Internship start date"), widget=DateInput)
    end_date = forms.DateField(label=_("Internship end date"), widget=DateInput)
    financing_amount = forms.DecimalField(
        label=_("Financing raised (RMB)"), min_value=0, max_digits=14, decimal_places=2
    )
    company_name = forms.CharField(label=_("Company or team"), max_length=200, required=False)
    registration_number = forms.CharField(
        label=_("Company registration number"),
        max_length=30,
        required=False,
        help_text=_("The unified social credit code on the business licence: 18 letters and digits."),
    )
    base = forms.TypedChoiceField(label=_("Incubator base"), coerce=int, empty_value=None, required=False)
    period = forms.CharField(
        label=_("Period"), max_length=20, required=False, help_text=_("For example 2026 or 2026-H1.")
    )
    requested_amount = forms.DecimalField(
        label=_("Amount requested (RMB)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to ask for the amount the rules allow."),
    )
    payee_bank = forms.CharField(
        label=_("Bank the subsidy is paid into"),
        max_length=100,
        required=False,
        help_text=_("For example Bank of China (Hong Kong) or China Merchants Bank Shenzhen branch."),
    )
    payee_account_name = forms.CharField(
        label=_("Account holder's name"),
        max_length=100,
        required=False,
        help_text=_("As the bank has it: finance pays only an account in your own name or your company's."),
    )
    payee_account_number = forms.CharField(
        label=_("Account number"),
        max_length=40,
        required=False,
        help_text=_("Digits; spaces and hyphens are fine. Shown only as its last four digits after you save it."),
    )
    identity_type = forms.ChoiceField(label=_("Identity document"), choices=IdentityType.choices)
    identity_number = forms.CharField(
        label=_("Identity document number"),
        max_length=30,
        help_text=_("For a Hong Kong identity card: like A123456(3)."),
    )

    def __init__(
        self,
        *args,
        scheme: Scheme,
        rule_kind: str | None,
        needs_identity: bool,
        day: date | None = None,
        bases=(),
        applicant_id: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.applicant_id = applicant_id
        self.day = day or timezone.localdate()  # the claim's day: its dates' window is counted from it
        if rule_kind != rules.MONTHLY_BY_EDUCATION:
            for name in ("education_level", "start_date", "end_date"):
                del self.fields[name]
        if rule_kind != rules.UP_TO_PROPORTIONAL:
            del self.fields["financing_amount"]
        if scheme.given_to != rules.COMPANY:
            del self.fields["registration_number"]
        if scheme.given_to == rules.BASE:
            base = cast(forms.TypedChoiceField, self.fields["base"])
            base.choices = [("", _("Choose a base"))] + [(b.pk, b.name) for b in bases]
            if "base_id" in self.initial:
                self.initial.setdefault("base", self.initial["base_id"])
        else:
            del self.fields["base"]
        if not needs_identity:
            del self.fields["identity_type"]
            del self.fields["identity_number"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        for field, message in rules.period_errors(start, end, self.scheme.date_window(self.day)).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        if data.get("requested_amount") is not None and not self.errors:
            facts = rules.ClaimFacts(
                education_level=data.get("education_level") or None,
                start_date=start,
                end_date=end,
                financing_amount=data.get("financing_amount"),
                requested_amount=data["requested_amount"],
            )
            eligibility = selectors.eligibility_of(self.scheme, facts, self.day, applicant_id=self.applicant_id)
            error = rules.requested_error(data["requested_amount"], eligibility)
            if error:
                self.add_error("requested_amount", error)
        if data.get("registration_number"):
            error = rules.registration_error(data["registration_number"])
            if error:
                self.add_error("registration_number", error)
        if "identity_number" in self.fields and data.get("identity_number"):
            error = rules.identity_error(data.get("identity_type", ""), data["identity_number"])
            if error:
                self.add_error("identity_number", error)
        account_error = payee.account_number_error(data.get("payee_account_number", ""))
        if account_error:
            self.add_error("payee_account_number", account_error)
        return data

    def claim_input(self) -> ClaimInput:
        data = self.cleaned_data
        return ClaimInput(
            requested_amount=data.get("requested_amount"),
            education_level=data.get("education_level", ""),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            financing_amount=data.get("financing_amount"),
            company_name=data.get("company_name", ""),
            period=data.get("period", ""),
            registration_number=data.get("registration_number", ""),
            base_id=data.get("base"),
            payee_bank=data.get("payee_bank", ""),
            payee_account_name=data.get("payee_account_name", ""),
            payee_account_number=data.get("payee_account_number", ""),
        )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"))
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 10 MB)"))

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [(d.code, d.name) for d in scheme.required_documents.all()]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=FREE_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ActionForm(forms.Form):
    """What the claim page's action buttons post: a note or a reason (either may carry a
    return's questions), checked as any text the portal stores (no NUL character, bounded)."""

    note = forms.CharField(max_length=FREE_TEXT_MAX_LENGTH, required=False)
    reason = forms.CharField(max_length=FREE_TEXT_MAX_LENGTH, required=False)


class ReasonForm(forms.Form):
    """The reason of a rejection (and, as ReturnForm, a return's questions): the claim page has
    both side by side, so each has its own ids (`auto_id`, "reject-reason", "return-reason")."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "reject-%s")
        super().__init__(*args, **kwargs)


class ReturnForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "return-%s")
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Your questions to the applicant")


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount approved (RMB)"), min_value=0, max_digits=12, decimal_places=2)
    reason = forms.CharField(
        label=_("Reason (needed when approving less than asked)"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(forms.Form):
    SORTS = [
        ("waiting", _("Waiting longest first")),
        ("-waiting", _("Newest first")),
        ("-amount", _("Largest amount first")),
        ("amount", _("Smallest amount first")),
        ("state", _("State")),
    ]
    scheme = forms.ChoiceField(label=_("Scheme"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Waiting for staff"))] + [c for c in ClaimState.choices if c[0] != ClaimState.DRAFT],
    )
    # bounded: a huge number of days overflowed the date arithmetic (a 500)
    min_days = forms.IntegerField(label=_("Waiting at least (days)"), min_value=0, max_value=3650, required=False)
    min_amount = forms.DecimalField(label=_("Amount from (RMB)"), min_value=0, required=False)
    max_amount = forms.DecimalField(label=_("Amount up to (RMB)"), min_value=0, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [("", _("All schemes"))] + [(s.code, s.name) for s in schemes]


class BulkForm(forms.Form):
    ACTIONS = [("return", _("Return for more information")), ("reject", _("Reject"))]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason (sent to every applicant)"),
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    claims = forms.TypedMultipleChoiceField(label=_("Claims"), coerce=int, choices=[])

    def __init__(self, *args, claim_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].choices = [(i, str(i)) for i in claim_ids]


DECLARATION = _(
    "I declare that the information I have given and the documents I have uploaded are true and complete. "
    "I understand that giving false information may be an offence and that the bureau may check it with "
    "other departments, employers and institutions, and I consent to those checks."
)


class DeclarationForm(forms.Form):
    """The declaration ticked before submitting; its wording, as the applicant read it, is stored
    with the claim."""

    declaration = forms.BooleanField(
        label=DECLARATION,
        error_messages={"required": _("Tick the declaration to submit the claim.")},
    )
