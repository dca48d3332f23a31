"""Translated fields of the portal's own models (django-modeltranslation): zh-hant (default),
zh-hans and en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
