from modeltranslation.translator import TranslationOptions, register

from .models import RequiredDocument, Scheme


@register(Scheme)
class SchemeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(RequiredDocument)
class RequiredDocumentTranslationOptions(TranslationOptions):
    fields = ("name",)
