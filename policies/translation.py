"""Translated fields (django-modeltranslation): zh-hant (default), zh-hans and en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Issuer, Policy, PolicyChange, TargetGroup


@register(Issuer)
class IssuerTranslation(TranslationOptions):
    fields = ("name",)


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(TargetGroup)
class TargetGroupTranslation(TranslationOptions):
    fields = ("name",)


@register(Policy)
class PolicyTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "eligibility", "benefits_text", "how_to_apply")


@register(PolicyChange)
class PolicyChangeTranslation(TranslationOptions):
    fields = ("summary",)
