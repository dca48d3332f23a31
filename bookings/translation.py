"""Translated fields (django-modeltranslation): zh-hant (default), zh-hans and en."""

from modeltranslation.translator import TranslationOptions, register

from .models import AllowanceRule, Resource


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("name", "description", "location")


@register(AllowanceRule)
class AllowanceRuleTranslation(TranslationOptions):
    fields = ("name",)
