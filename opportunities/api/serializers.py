"""The opportunities API's shapes: the issue's field names are a contract."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from rest_framework import serializers

from opportunities import selectors
from opportunities.models import (
    Application,
    Currency,
    Education,
    Jurisdiction,
    SalaryPeriod,
    SocialInsurance,
    Vacancy,
    VacancyKind,
    WorkingLanguage,
)
from opportunities.services import LANGUAGE_SUFFIXES, TRANSLATED_FIELDS, ActionInput, VacancyInput


class EmployerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CohortRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    plan = serializers.CharField(source="plan.code")
    capacity = serializers.IntegerField()


class VacancySerializer(serializers.ModelSerializer):
    """A vacancy as the list shows it; `city` is the name of the city the work is in (as the
    places API gives it), `city_slug` the code its `city` filter takes."""

    employer = EmployerRefSerializer()
    city = serializers.SerializerMethodField()
    city_slug = serializers.SerializerMethodField()
    positions_filled = serializers.SerializerMethodField()
    cohort = CohortRefSerializer(allow_null=True)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "title",
            "kind",
            "employer",
            "city",
            "city_slug",
            "positions",
            "positions_filled",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "contract_jurisdiction",
            "opens_on",
            "closes_on",
            "cohort",
            "state",
        ]

    def get_city(self, vacancy: Vacancy) -> str:
        return selectors.city_of(vacancy).name

    def get_city_slug(self, vacancy: Vacancy) -> str:
        return selectors.city_of(vacancy).slug

    def get_positions_filled(self, vacancy: Vacancy) -> int:
        return getattr(vacancy, "positions_taken", 0)


class VacancyDetailSerializer(VacancySerializer):
    """One vacancy with the cross-border facts it states."""

    region = serializers.CharField(source="region.slug")
    place = serializers.CharField(source="place.slug", allow_null=True, default=None)
    base = serializers.IntegerField(source="base_id", allow_null=True)

    class Meta(VacancySerializer.Meta):
        fields = [
            *VacancySerializer.Meta.fields,
            "description",
            "duties",
            "requirements",
            "region",
            "place",
            "base",
            "social_insurance",
            "working_language",
            "accommodation_provided",
            "accommodation_note",
            "min_education",
            "starts_on",
            "duration_months",
            "return_reason",
        ]


class VacancyCreateSerializer(serializers.Serializer):
    """POST vacancies/: the list's fields and `employer` (an id). `title` (and the other texts)
    are stored in the request's language; `title_zh_hant`, `title_zh_hans`, `title_en` ... set
    each language."""

    employer = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=VacancyKind.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.SlugField(max_length=80)
    place = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    base = serializers.IntegerField(required=False, allow_null=True)
    positions = serializers.IntegerField(min_value=1, max_value=10000)
    salary_min = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    salary_max = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    salary_currency = serializers.ChoiceField(choices=Currency.choices, default=Currency.RMB)
    salary_period = serializers.ChoiceField(choices=SalaryPeriod.choices, default=SalaryPeriod.MONTH)
    contract_jurisdiction = serializers.ChoiceField(choices=Jurisdiction.choices)
    social_insurance = serializers.ChoiceField(choices=SocialInsurance.choices)
    working_language = serializers.ChoiceField(choices=WorkingLanguage.choices)
    accommodation_provided = serializers.BooleanField(default=False)
    min_education = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True, default="")
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    starts_on = serializers.DateField(required=False, allow_null=True)
    duration_months = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=60)
    cohort = serializers.IntegerField(required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in TRANSLATED_FIELDS:
            if name != "title":
                self.fields[name] = serializers.CharField(max_length=5000, required=False, allow_blank=True)
            for suffix in LANGUAGE_SUFFIXES:
                self.fields[f"{name}_{suffix}"] = serializers.CharField(
                    max_length=200 if name == "title" else 5000, required=False, allow_blank=True
                )

    def as_input(self) -> VacancyInput:
        data = self.validated_data
        suffix = (get_language() or "zh-hant").replace("-", "_")
        texts: dict[str, str] = {}
        for name in TRANSLATED_FIELDS:
            for each in LANGUAGE_SUFFIXES:
                if data.get(f"{name}_{each}"):
                    texts[f"{name}_{each}"] = data[f"{name}_{each}"]
            if data.get(name) and not texts.get(f"{name}_{suffix}"):
                texts[f"{name}_{suffix}"] = data[name]
        return VacancyInput(
            employer_id=data["employer"],
            kind=data["kind"],
            texts=texts,
            city=data["city"],
            place=data.get("place") or "",
            base_id=data.get("base"),
            positions=data["positions"],
            salary_min=data.get("salary_min"),
            salary_max=data.get("salary_max"),
            salary_currency=data["salary_currency"],
            salary_period=data["salary_period"],
            contract_jurisdiction=data["contract_jurisdiction"],
            social_insurance=data["social_insurance"],
            working_language=data["working_language"],
            accommodation_provided=data["accommodation_provided"],
            min_education=data.get("min_education") or "",
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            starts_on=data.get("starts_on"),
            duration_months=data.get("duration_months"),
            cohort_id=data.get("cohort"),
        )


class VacancyActionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ApplicantRefSerializer(serializers.Serializer):
    """What an employer sees of an applicant: the name and email, never an identity number."""

    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    email = serializers.EmailField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.email


class ApplicationSerializer(serializers.ModelSerializer):
    vacancy = serializers.IntegerField(source="vacancy_id")
    vacancy_title = serializers.CharField(source="vacancy.title")
    applicant = ApplicantRefSerializer()
    has_cv = serializers.SerializerMethodField()
    claim = serializers.IntegerField(source="subsidy_claim_id", allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "vacancy",
            "vacancy_title",
            "applicant",
            "state",
            "note",
            "education_level",
            "has_cv",
            "interview_at",
            "interview_place",
            "start_date",
            "reason",
            "claim",
            "created_at",
            "state_changed_at",
        ]

    def get_has_cv(self, application: Application) -> bool:
        return bool(application.cv)


class ApplicationCreateSerializer(serializers.Serializer):
    vacancy = serializers.IntegerField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    education_level = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True, default="")
    cv = serializers.FileField(required=False, allow_null=True)


class ApplicationActionSerializer(serializers.Serializer):
    """The body of an application's action: `reason` (reject), `at` and `place` (interview),
    `start_date` (place), `note` (any)."""

    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    at = serializers.DateTimeField(required=False, allow_null=True)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)

    def as_input(self) -> ActionInput:
        data = self.validated_data
        return ActionInput(
            note=data.get("reason") or data.get("note") or "",
            at=data.get("at"),
            place=data.get("place") or "",
            start_date=data.get("start_date"),
        )
