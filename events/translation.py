"""Translated fields (django-modeltranslation): zh-hant (default), zh-hans and en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Programme, Session


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "meeting_point")
