"""Translated fields (django-modeltranslation): zh-hant (default), zh-hans and en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Cohort, Employer, InternshipPlan, Vacancy


@register(Employer)
class EmployerTranslation(TranslationOptions):
    fields = ("name", "description")


@register(InternshipPlan)
class InternshipPlanTranslation(TranslationOptions):
    fields = ("name", "description", "organiser")


@register(Cohort)
class CohortTranslation(TranslationOptions):
    fields = ("name",)


@register(Vacancy)
class VacancyTranslation(TranslationOptions):
    fields = ("title", "description", "duties", "requirements", "accommodation_note")
