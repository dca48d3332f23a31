"""Translated fields of the portal's own models (django-modeltranslation): zh-hant (default),
zh-hans and en."""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Region

# The suffixes of every translated field's columns (title_zh_hant, title_zh_hans, title_en), in
# the portal's order of languages: one list for every app that reads or writes them by name.
LANGUAGE_SUFFIXES = tuple(code.replace("-", "_") for code in settings.MODELTRANSLATION_LANGUAGES)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
